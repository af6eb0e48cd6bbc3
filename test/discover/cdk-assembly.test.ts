// The CDK cloud assembly reader on the committed cdk.out of test/fixtures/cdk-app (a real `app.synth()` of
// aws-cdk-lib), on copies of it damaged or made hostile, and through the discover stage.
import { readFileSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DiscoveredJson } from '../../src/core/discovered';
import { silentLogger } from '../../src/core/logger';
import { DEFAULT_IF_NO_FILES_FOUND } from '../../src/core/types';
import { discoverFiles } from '../../src/discover';
import { CLOUDFORMATION_TEMPLATE_KIND, readCdkAssemblies } from '../../src/discover/cdk-assembly';
import { CDK_APP, type CdkWorkspace, makeCdkWorkspace } from './cdk-workspace';

const REPO = path.join(__dirname, '..', '..');
const COMMITTED = 'test/fixtures/cdk-app/cdk.out';

const STACKS = {
  AppStack: 'AppStack.template.json',
  ConsumerStack: 'ConsumerStack.template.json',
  'Prod/ServiceStack': 'assembly-Prod/ProdServiceStack405EDF78.template.json',
} as const;

type Template = { Resources: Record<string, { Type: string; Metadata?: Record<string, unknown> }> };

const templateOf = (file: string) =>
  JSON.parse(readFileSync(path.join(CDK_APP, 'cdk.out', file), 'utf8')) as Template;

/** The template a reading found for a stack. */
function stack(templates: DiscoveredJson[], name: string): DiscoveredJson {
  const found = templates.find((t) => t.cdk?.stackName === name);
  if (!found) throw new Error(`no stack ${name} among ${templates.map((t) => t.cdk?.stackName).join(', ')}`);
  return found;
}

/** The 1-based line of app.js holding `needle`. */
function appLine(needle: string): number {
  const lines = readFileSync(path.join(CDK_APP, 'app.js'), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`app.js has no ${needle}`);
  return i + 1;
}

let ws: CdkWorkspace | undefined;
afterEach(() => {
  ws?.cleanup();
  ws = undefined;
});

describe('the committed cloud assembly', () => {
  it('yields every stack, the nested stage included, with its template as written', async () => {
    const r = await readCdkAssemblies({ workspace: REPO, directories: [COMMITTED] });
    expect(r.files.filter((f) => f.kind === 'unreadable')).toEqual([]);
    expect(r.templates.map((t) => [t.cdk?.stackName, t.file])).toEqual(
      Object.entries(STACKS).map(([name, file]) => [name, `${COMMITTED}/${file}`]),
    );
    for (const t of r.templates) {
      const onDisk = readFileSync(path.join(REPO, t.file), 'utf8');
      expect(t.text).toBe(onDisk);
      expect(t.value).toEqual(JSON.parse(onDisk));
    }
    expect(r.files.map((f) => [f.file, f.kind])).toEqual(
      r.templates.map((t) => [t.file, CLOUDFORMATION_TEMPLATE_KIND]),
    );
    // The manifests and metadata files were read too (so no other input reads them again).
    expect(r.read).toEqual(
      expect.arrayContaining([
        `${COMMITTED}/manifest.json`,
        `${COMMITTED}/AppStack.metadata.json`,
        `${COMMITTED}/assembly-Prod/manifest.json`,
        `${COMMITTED}/assembly-Prod/ProdServiceStack405EDF78.metadata.json`,
      ]),
    );
  });

  it("maps each resource's logical ID to the construct path CDK wrote for it", async () => {
    const r = await readCdkAssemblies({ workspace: REPO, directories: [COMMITTED] });
    for (const [name, file] of Object.entries(STACKS)) {
      const resources = templateOf(file).Resources;
      // CDK wrote each resource's path into the template too (aws:cdk:path): the manifest's metadata agrees.
      const expected = Object.fromEntries(
        Object.entries(resources).map(([id, res]) => [id, res.Metadata?.['aws:cdk:path']]),
      );
      expect(stack(r.templates, name).cdk?.constructPaths).toEqual(expected);
    }
    const app = stack(r.templates, 'AppStack').cdk?.constructPaths ?? {};
    expect(app.WorkerRoleDefaultPolicy1750E153).toBe('AppStack/WorkerRole/DefaultPolicy/Resource');
    expect(app.WorkerRole8DD27D41).toBe('AppStack/WorkerRole/Resource');
    expect(app.LegacyAdmin37893A74).toBe('AppStack/LegacyAdmin/Resource');
    expect(app.DataBucketPolicy3231C704).toBe('AppStack/DataBucket/Policy/Resource');
    expect(app.JobsQueuePolicy1731E6A2).toBe('AppStack/JobsQueue/Policy/Resource');
    expect(app.DataKey17AFBB84).toBe('AppStack/DataKey/Resource');
    expect(stack(r.templates, 'ConsumerStack').cdk?.constructPaths.ReportsRoleDefaultPolicy340AD418).toBe(
      'ConsumerStack/ReportsRole/DefaultPolicy/Resource',
    );
    expect(stack(r.templates, 'Prod/ServiceStack').cdk?.constructPaths.DeployRoleDefaultPolicyDC930F96).toBe(
      'Prod/ServiceStack/DeployRole/DefaultPolicy/Resource',
    );
  });

  it("takes the construct paths from the assembly's metadata, not only from the template's own", async () => {
    ws = makeCdkWorkspace();
    // Without aws:cdk:path in the template (path metadata off), the manifest's aws:cdk:logicalId entries say it.
    ws.editJson('infra/cdk.out/AppStack.template.json', (t) => {
      for (const resource of Object.values(t.Resources as Record<string, Record<string, unknown>>)) {
        delete resource.Metadata;
      }
    });
    const r = await readCdkAssemblies({ workspace: ws.workspace, directories: ['infra/cdk.out'] });
    const paths = stack(r.templates, 'AppStack').cdk?.constructPaths ?? {};
    expect(paths.WorkerRoleDefaultPolicy1750E153).toBe('AppStack/WorkerRole/DefaultPolicy/Resource');
    expect(Object.keys(paths).sort()).toEqual(Object.keys(templateOf(STACKS.AppStack).Resources).sort());
  });

  it('gives no source line while the creation stacks name no file of the workspace (as committed)', async () => {
    const r = await readCdkAssemblies({ workspace: REPO, directories: [COMMITTED] });
    for (const t of r.templates) expect(t.cdk?.sources).toBeUndefined();
  });
});

describe('creation stacks', () => {
  it('point each resource at the line of the workspace file that made it', async () => {
    ws = makeCdkWorkspace('workspace');
    const r = await readCdkAssemblies({ workspace: ws.workspace, directories: ['infra/cdk.out'] });
    const sources = stack(r.templates, 'AppStack').cdk?.sources ?? {};
    expect(sources.LegacyAdmin37893A74).toEqual({
      file: 'infra/app.js',
      line: appLine("new iam.ManagedPolicy(this, 'LegacyAdmin'"),
    });
    expect(sources.WorkerRole8DD27D41).toEqual({
      file: 'infra/app.js',
      line: appLine("new iam.Role(this, 'WorkerRole'"),
    });
    expect(sources.JobsQueuePolicy1731E6A2).toEqual({
      file: 'infra/app.js',
      line: appLine('queue.addToResourcePolicy('),
    });
    // CDK captured no user frame for the role's default policy (made inside aws-cdk-lib at synth).
    expect(sources.WorkerRoleDefaultPolicy1750E153).toBeUndefined();
    expect(stack(r.templates, 'Prod/ServiceStack').cdk?.sources?.DeployRole885297C3).toEqual({
      file: 'infra/app.js',
      line: appLine("new iam.Role(stack, 'DeployRole'"),
    });
  });

  it('give no source for a file outside the workspace, directly or through a link', async () => {
    ws = makeCdkWorkspace(() => '/elsewhere/app');
    const direct = await readCdkAssemblies({ workspace: ws.workspace, directories: ['infra/cdk.out'] });
    expect(direct.templates).toHaveLength(3);
    for (const t of direct.templates) expect(t.cdk?.sources).toBeUndefined();
    ws.cleanup();

    // The frames name infra/linked/app.js: a link inside the workspace to a folder outside it.
    ws = makeCdkWorkspace((workspace) => path.join(workspace, 'infra', 'linked'));
    ws.write('../outside/app.js', readFileSync(path.join(CDK_APP, 'app.js'), 'utf8'));
    symlinkSync(ws.outside, ws.at('infra/linked'), 'dir');
    const viaLink = await readCdkAssemblies({ workspace: ws.workspace, directories: ['infra/cdk.out'] });
    expect(viaLink.templates).toHaveLength(3);
    for (const t of viaLink.templates) expect(t.cdk?.sources).toBeUndefined();
  });
});

describe('what cannot be read fails closed, naming the stack and the file', () => {
  const unreadable = (r: Awaited<ReturnType<typeof readCdkAssemblies>>) =>
    r.files.filter((f) => f.kind === 'unreadable');

  it('a cdk-out that does not exist, or holds no manifest.json: run cdk synth first', async () => {
    ws = makeCdkWorkspace();
    const r = await readCdkAssemblies({ workspace: ws.workspace, directories: ['cdk.out', 'infra'] });
    expect(r.templates).toEqual([]);
    expect(unreadable(r).map((f) => f.file)).toEqual(['cdk.out/manifest.json', 'infra/manifest.json']);
    for (const f of unreadable(r)) expect(f.reason).toContain('run `npx cdk synth` first');
    expect(unreadable(r)[0]?.reason).toMatch(/^the CDK cloud assembly cdk\.out does not exist/);
    expect(unreadable(r)[1]?.reason).toContain('has no usable manifest.json (it does not exist)');
  });

  it('a manifest that is not JSON, at its line and column; one that is not a manifest', async () => {
    ws = makeCdkWorkspace();
    ws.write('infra/cdk.out/manifest.json', '{\n  "version": "55.0.0",\n  "artifacts": {,}\n}\n');
    ws.write('other/manifest.json', '{"artifacts": {}}');
    const r = await readCdkAssemblies({ workspace: ws.workspace, directories: ['infra/cdk.out', 'other'] });
    expect(r.templates).toEqual([]);
    const [broken, notOne] = unreadable(r);
    expect(broken).toMatchObject({ file: 'infra/cdk.out/manifest.json', at: { line: 3, column: 17 } });
    expect(broken?.reason).toContain('manifest.json is not valid JSON');
    expect(notOne?.file).toBe('other/manifest.json');
    expect(notOne?.reason).toContain('not a cloud assembly manifest');
    expect(notOne?.reason).toContain('run `npx cdk synth` first');
  });

  it("reads a nested stack's template with its stack, and a nested one inside it; a missing one is reported", async () => {
    ws = makeCdkWorkspace();
    const nestedStack = (assetPath: string) => ({
      Type: 'AWS::CloudFormation::Stack',
      Properties: { TemplateURL: 'https://s3.amazonaws.com/cdk-assets/x.json' },
      Metadata: { 'aws:asset:path': assetPath, 'aws:asset:property': 'TemplateURL' },
    });
    ws.editJson('infra/cdk.out/AppStack.template.json', (t) => {
      (t.Resources as Record<string, unknown>).Providers = nestedStack(
        'AppStackProviders.nested.template.json',
      );
      (t.Resources as Record<string, unknown>).Gone = nestedStack('AppStackGone.nested.template.json');
    });
    const admin = {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
        },
      },
    };
    ws.write(
      'infra/cdk.out/AppStackProviders.nested.template.json',
      JSON.stringify({
        Resources: { Admin: admin, Inner: nestedStack('AppStackInner.nested.template.json') },
      }),
    );
    ws.write(
      'infra/cdk.out/AppStackInner.nested.template.json',
      JSON.stringify({ Resources: { Admin: admin } }),
    );
    const r = await readCdkAssemblies({ workspace: ws.workspace, directories: ['infra/cdk.out'] });
    const byName = (name: string) => r.templates.find((t) => t.cdk?.stackName === name);
    expect(byName('AppStack')?.cdk?.nestedRead).toEqual(['Providers']);
    expect(byName('AppStack/Providers')?.file).toBe('infra/cdk.out/AppStackProviders.nested.template.json');
    expect(byName('AppStack/Providers')?.cdk?.nestedRead).toEqual(['Inner']);
    expect(byName('AppStack/Providers/Inner')?.file).toBe('infra/cdk.out/AppStackInner.nested.template.json');
    expect(unreadable(r)).toMatchObject([
      {
        file: 'infra/cdk.out/AppStackGone.nested.template.json',
        reason: expect.stringContaining('nested stack "Gone"'),
      },
    ]);
  });

  it('a missing template and a broken one: each reported, the other stacks still read', async () => {
    ws = makeCdkWorkspace();
    unlinkSync(ws.at('infra/cdk.out/ConsumerStack.template.json'));
    ws.write('infra/cdk.out/assembly-Prod/ProdServiceStack405EDF78.template.json', '{"Resources": {');
    const r = await readCdkAssemblies({ workspace: ws.workspace, directories: ['infra/cdk.out'] });
    expect(r.templates.map((t) => t.cdk?.stackName)).toEqual(['AppStack']);
    const [missing, broken] = unreadable(r);
    expect(missing?.file).toBe('infra/cdk.out/ConsumerStack.template.json');
    expect(missing?.reason).toBe(
      'the template of stack "ConsumerStack" (named by infra/cdk.out/manifest.json) does not exist; ' +
        'run `npx cdk synth` again and keep its whole output',
    );
    expect(broken?.file).toBe('infra/cdk.out/assembly-Prod/ProdServiceStack405EDF78.template.json');
    expect(broken?.reason).toContain('the template of stack "Prod/ServiceStack"');
    expect(broken?.reason).toContain('is not valid JSON');
    expect(broken?.at).toEqual({ line: 1, column: 16 });
  });

  it('a stack without templateFile is reported at its artifact in the manifest', async () => {
    ws = makeCdkWorkspace();
    ws.editJson('infra/cdk.out/manifest.json', (m) => {
      const artifacts = m.artifacts as Record<string, { properties: Record<string, unknown> }>;
      delete artifacts.ConsumerStack?.properties.templateFile;
    });
    const r = await readCdkAssemblies({ workspace: ws.workspace, directories: ['infra/cdk.out'] });
    expect(r.templates.map((t) => t.cdk?.stackName)).toEqual(['AppStack', 'Prod/ServiceStack']);
    const [f] = unreadable(r);
    expect(f?.file).toBe('infra/cdk.out/manifest.json');
    expect(f?.reason).toContain(
      'stack "ConsumerStack" of infra/cdk.out/manifest.json: properties.templateFile is missing',
    );
    const line = ws
      .read('infra/cdk.out/manifest.json')
      .split('\n')
      .findIndex((l) => l.includes('"ConsumerStack"'));
    expect(f?.at?.line).toBe(line + 1);
  });

  it('a missing metadata file is reported; the template is still read, with the paths CDK wrote in it', async () => {
    ws = makeCdkWorkspace();
    unlinkSync(ws.at('infra/cdk.out/AppStack.metadata.json'));
    const r = await readCdkAssemblies({ workspace: ws.workspace, directories: ['infra/cdk.out'] });
    expect(unreadable(r).map((f) => f.file)).toEqual(['infra/cdk.out/AppStack.metadata.json']);
    expect(unreadable(r)[0]?.reason).toContain('the metadata of stack "AppStack"');
    expect(stack(r.templates, 'AppStack').cdk?.constructPaths.LegacyAdmin37893A74).toBe(
      'AppStack/LegacyAdmin/Resource',
    );
  });
});

describe('hostile assemblies are refused, bounded', () => {
  it('a manifest of a million artifacts is refused quickly', async () => {
    ws = makeCdkWorkspace();
    const artifacts = Array.from({ length: 1_000_000 }, (_, i) => `"a${i}":0`).join(',');
    ws.write('huge/manifest.json', `{"version":"55.0.0","artifacts":{${artifacts}}}`);
    const started = Date.now();
    const r = await readCdkAssemblies({ workspace: ws.workspace, directories: ['huge'] });
    // A few seconds on a loaded CI machine: one parse and one count, nothing made of each artifact.
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(r.templates).toEqual([]);
    expect(r.files).toHaveLength(1);
    expect(r.files[0]?.reason).toContain('1000000 artifacts, more than the 10000');
  }, 60_000);

  it('thousands of broken stacks in a big manifest are each reported, without a search of it per stack', async () => {
    ws = makeCdkWorkspace();
    const stacks = Array.from({ length: 10_000 }, (_, i) => `"s${i}":{"type":"aws:cloudformation:stack"}`);
    ws.write(
      'broken/manifest.json',
      `{"version":"55.0.0","pad":"${'x'.repeat(20_000_000)}","artifacts":{${stacks}}}`,
    );
    const started = Date.now();
    const r = await readCdkAssemblies({ workspace: ws.workspace, directories: ['broken'] });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(r.files).toHaveLength(10_000);
    expect(r.files[0]?.reason).toContain(
      'stack "s0" of broken/manifest.json: properties.templateFile is missing',
    );
    expect(r.files[0]?.at).toEqual({ line: 1, column: expect.any(Number) });
    expect(r.files[9_999]?.at).toBeUndefined();
  }, 60_000);

  it('templateFile, additionalMetadataFile and directoryName with ".." or absolute are refused', async () => {
    ws = makeCdkWorkspace();
    ws.write('../outside/secret.template.json', '{"Resources": {}}');
    ws.editJson('infra/cdk.out/manifest.json', (m) => {
      const artifacts = m.artifacts as Record<string, Record<string, unknown>>;
      (artifacts.AppStack?.properties as Record<string, unknown>).templateFile =
        '../../../outside/secret.template.json';
      (artifacts.ConsumerStack?.properties as Record<string, unknown>).templateFile = '/etc/passwd';
      (artifacts['assembly-Prod']?.properties as Record<string, unknown>).directoryName = '../..';
      artifacts.Extra = {
        type: 'aws:cloudformation:stack',
        properties: { templateFile: 'AppStack.template.json' },
        additionalMetadataFile: '../../../outside/x.json',
      };
    });
    const r = await readCdkAssemblies({ workspace: ws.workspace, directories: ['infra/cdk.out'] });
    const reasons = r.files.filter((f) => f.kind === 'unreadable').map((f) => f.reason);
    expect(reasons).toEqual([
      expect.stringContaining(
        'nested assembly "assembly-Prod" of infra/cdk.out/manifest.json: properties.directoryName contains a ".." segment',
      ),
      expect.stringContaining(
        'stack "AppStack" of infra/cdk.out/manifest.json: properties.templateFile contains a ".." segment',
      ),
      expect.stringContaining(
        'stack "ConsumerStack" of infra/cdk.out/manifest.json: properties.templateFile is absolute',
      ),
      expect.stringContaining(
        'stack "Extra" of infra/cdk.out/manifest.json: additionalMetadataFile contains a ".." segment',
      ),
    ]);
    // Extra's template is in the assembly: read, without the metadata it was refused.
    expect(r.templates.map((t) => t.cdk?.stackName)).toEqual(['Extra']);
    expect(r.read.some((f) => f.includes('outside'))).toBe(false);
  });

  it('a template or nested assembly that is a link out of the workspace is refused', async () => {
    ws = makeCdkWorkspace();
    ws.write('../outside/evil.template.json', '{"Resources": {}}');
    unlinkSync(ws.at('infra/cdk.out/AppStack.template.json'));
    symlinkSync(path.join(ws.outside, 'evil.template.json'), ws.at('infra/cdk.out/AppStack.template.json'));
    rmSync(ws.at('infra/cdk.out/assembly-Prod'), { recursive: true });
    symlinkSync(ws.outside, ws.at('infra/cdk.out/assembly-Prod'), 'dir');
    const r = await readCdkAssemblies({ workspace: ws.workspace, directories: ['infra/cdk.out'] });
    expect(r.templates.map((t) => t.cdk?.stackName)).toEqual(['ConsumerStack']);
    expect(r.files.filter((f) => f.kind === 'unreadable').map((f) => [f.file, f.reason])).toEqual([
      [
        'infra/cdk.out/AppStack.template.json',
        expect.stringContaining('is a symbolic link pointing outside the workspace'),
      ],
      [
        'infra/cdk.out/assembly-Prod/manifest.json',
        expect.stringContaining(
          'the nested assembly "assembly-Prod" (named by infra/cdk.out/manifest.json, directory infra/cdk.out/assembly-Prod) is a symbolic link pointing outside the workspace',
        ),
      ],
    ]);
  });

  it('a cycle of nested assemblies is read once and reported', async () => {
    ws = makeCdkWorkspace();
    ws.editJson('infra/cdk.out/assembly-Prod/manifest.json', (m) => {
      const artifacts = m.artifacts as Record<string, unknown>;
      artifacts.Self = { type: 'cdk:cloud-assembly', properties: { directoryName: '.' } };
      artifacts.Back = { type: 'cdk:cloud-assembly', properties: { directoryName: 'up' } };
    });
    symlinkSync(ws.at('infra/cdk.out'), ws.at('infra/cdk.out/assembly-Prod/up'), 'dir');
    const r = await readCdkAssemblies({ workspace: ws.workspace, directories: ['infra/cdk.out'] });
    expect(r.templates).toHaveLength(3);
    const cycles = r.files.filter((f) => f.kind === 'unreadable');
    expect(cycles.map((f) => f.file)).toEqual([
      'infra/cdk.out/assembly-Prod/manifest.json',
      'infra/cdk.out/assembly-Prod/up/manifest.json',
    ]);
    for (const f of cycles) expect(f.reason).toContain('(a cycle); not read again');
  });

  it('nesting deeper than the limit is refused at the limit', async () => {
    ws = makeCdkWorkspace();
    let dir = 'deep';
    for (let level = 0; level <= 12; level++) {
      ws.write(
        `${dir}/manifest.json`,
        JSON.stringify({
          version: '55.0.0',
          artifacts: { n: { type: 'cdk:cloud-assembly', properties: { directoryName: 'n' } } },
        }),
      );
      dir = `${dir}/n`;
    }
    const r = await readCdkAssemblies({ workspace: ws.workspace, directories: ['deep'] });
    expect(r.files).toHaveLength(1);
    expect(r.files[0]?.file).toBe(`deep${'/n'.repeat(9)}/manifest.json`);
    expect(r.files[0]?.reason).toContain('is nested 9 levels deep, over the limit of 8');
  });

  it('quotes names from the manifest in messages, so a line break stays in the name', async () => {
    ws = makeCdkWorkspace();
    ws.editJson('infra/cdk.out/manifest.json', (m) => {
      const artifacts = m.artifacts as Record<string, unknown>;
      artifacts.Evil = {
        type: 'aws:cloudformation:stack',
        displayName: 'Evil\n::error::pwned',
        properties: {},
      };
    });
    const r = await readCdkAssemblies({ workspace: ws.workspace, directories: ['infra/cdk.out'] });
    const [f] = r.files.filter((x) => x.kind === 'unreadable');
    expect(f?.reason).toContain('stack "Evil\\n::error::pwned" of infra/cdk.out/manifest.json');
    expect(f?.reason).not.toContain('\n');
  });

  it('a cdk-out entry that leaves the workspace is refused', async () => {
    ws = makeCdkWorkspace();
    const r = await readCdkAssemblies({ workspace: ws.workspace, directories: ['../outside', '/etc'] });
    expect(r.templates).toEqual([]);
    expect(r.files.map((f) => f.reason)).toEqual([
      expect.stringContaining('cdk-out "../outside" contains a ".." segment'),
      expect.stringContaining('cdk-out "/etc" is absolute'),
    ]);
  });
});

describe('through the discover stage', () => {
  const discoverWith = (
    workspace: string,
    more: { policies?: string[]; cdkOut: string[]; changed?: string[] },
  ) =>
    discoverFiles({
      workspace,
      policies: more.policies ?? [],
      terraformPlans: [],
      cdkOut: more.cdkOut,
      ...(more.changed ? { changedFiles: new Set(more.changed) } : {}),
      ifNoFilesFound: DEFAULT_IF_NO_FILES_FOUND,
      log: silentLogger,
    });

  it("returns every stack's template with cdk set, whatever the scope, and names the stacks in the log", async () => {
    ws = makeCdkWorkspace('workspace');
    const lines: string[] = [];
    const log = { ...silentLogger, info: (m: string) => lines.push(m), group: silentLogger.group };
    const found = await discoverFiles({
      workspace: ws.workspace,
      policies: [],
      terraformPlans: [],
      cdkOut: ['infra/cdk.out'],
      // scope changed, and the PR changed none of the assembly's files: it is analysed all the same
      changedFiles: new Set(['README.md']),
      ifNoFilesFound: DEFAULT_IF_NO_FILES_FOUND,
      log,
    });
    expect(found.findings).toEqual([]);
    const templates = found.byKind[CLOUDFORMATION_TEMPLATE_KIND] ?? [];
    expect(templates.map((t) => [t.file, t.cdk?.stackName])).toEqual([
      ['infra/cdk.out/AppStack.template.json', 'AppStack'],
      ['infra/cdk.out/ConsumerStack.template.json', 'ConsumerStack'],
      ['infra/cdk.out/assembly-Prod/ProdServiceStack405EDF78.template.json', 'Prod/ServiceStack'],
    ]);
    for (const t of templates) {
      expect(t.value).toEqual(JSON.parse(ws.read(t.file)));
      expect(Object.keys(t.cdk?.constructPaths ?? {}).length).toBeGreaterThan(0);
    }
    expect(templates[0]?.cdk?.sources?.LegacyAdmin37893A74?.file).toBe('infra/app.js');
    expect(found.files.map((f) => [f.file, f.kind])).toEqual(
      templates.map((t) => [t.file, CLOUDFORMATION_TEMPLATE_KIND]),
    );
    expect(lines).toContain('3 stacks in CDK assemblies: AppStack, ConsumerStack, Prod/ServiceStack');
  });

  it('fails closed (ANALYSIS_FAILED) on what the assembly names but cannot be read, and on no assembly', async () => {
    ws = makeCdkWorkspace();
    unlinkSync(ws.at('infra/cdk.out/ConsumerStack.template.json'));
    const found = await discoverWith(ws.workspace, { cdkOut: ['infra/cdk.out', 'cdk.out'] });
    expect(found.byKind[CLOUDFORMATION_TEMPLATE_KIND]?.map((t) => t.cdk?.stackName)).toEqual([
      'AppStack',
      'Prod/ServiceStack',
    ]);
    expect(found.findings.map((f) => [f.target, f.severity, f.code])).toEqual([
      ['cdk.out/manifest.json', 'ERROR', 'ANALYSIS_FAILED'],
      ['infra/cdk.out/ConsumerStack.template.json', 'ERROR', 'ANALYSIS_FAILED'],
    ]);
    expect(found.findings[0]?.message).toContain('run `npx cdk synth` first');
    expect(found.findings[1]?.message).toContain('the template of stack "ConsumerStack"');
  });

  it('reads a file the assembly names once, as the assembly says, even when policies matches it too', async () => {
    // An assembly written elsewhere than cdk.out (which policies never searches): `policies` globs it too.
    ws = makeCdkWorkspace(undefined, 'synth-out');
    const found = await discoverWith(ws.workspace, { policies: ['**/*.json'], cdkOut: ['infra/synth-out'] });
    const files = found.files.map((f) => f.file);
    expect(new Set(files).size).toBe(files.length);
    const templates = found.byKind[CLOUDFORMATION_TEMPLATE_KIND] ?? [];
    expect(templates).toHaveLength(3);
    for (const t of templates) {
      expect(files.filter((f) => f === t.file)).toHaveLength(1);
      expect(found.files.find((f) => f.file === t.file)?.kind).toBe(CLOUDFORMATION_TEMPLATE_KIND);
    }
    expect(files).not.toContain('infra/synth-out/manifest.json');
    expect(files).toContain('infra/synth-out/tree.json'); // not named by the manifest: policies' to sniff
  });
});

describe('size limits', () => {
  it('a template over the limit is reported with its size; one over what is left of the total, saying so', async () => {
    ws = makeCdkWorkspace();
    const kib = 1024;
    const one = await readCdkAssemblies({
      workspace: ws.workspace,
      directories: ['infra/cdk.out'],
      limits: { templateBytes: 8 * kib },
    });
    const big = one.files.find((f) => f.file === 'infra/cdk.out/AppStack.template.json');
    expect(big?.kind).toBe('unreadable');
    expect(big?.reason).toMatch(
      /^the template of stack "AppStack" \(named by infra\/cdk\.out\/manifest\.json\): \d+ bytes, over the limit of 8192 bytes; not read;/,
    );
    expect(one.templates.map((t) => t.cdk?.stackName)).toEqual(['ConsumerStack', 'Prod/ServiceStack']);

    const total = await readCdkAssemblies({
      workspace: ws.workspace,
      directories: ['infra/cdk.out'],
      limits: { totalBytes: 40 * kib },
    });
    const unread = total.files.filter((f) => f.kind === 'unreadable');
    expect(unread.length).toBeGreaterThan(0);
    for (const f of unread) expect(f.reason).toContain('(the assembly is over its total size limit)');
  });
});
