// `iam-policy-gate check cdk.out`: a directory holding manifest.json (or named cdk.out) is read as a CDK
// cloud assembly, every stack of it, whatever else is in the tree; one that is not an assembly fails closed.
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_DIR_PLACEHOLDER, CDK_APP } from '../discover/cdk-workspace';
import { useCliRun } from './support';

const t = useCliRun();

interface JsonReport {
  files: { file: string; kind: string; reason?: string }[];
  findings: {
    target: string;
    code: string;
    message: string;
    location?: { file: string; startLine?: number };
  }[];
  policies: { address?: string; policyType: string }[];
}

const TEMPLATES = [
  'infra/cdk.out/AppStack.template.json',
  'infra/cdk.out/ConsumerStack.template.json',
  'infra/cdk.out/assembly-Prod/ProdServiceStack405EDF78.template.json',
];

async function withAssembly(dir = 'infra/cdk.out'): Promise<void> {
  await cp(join(CDK_APP, 'cdk.out'), join(t.ws.repo, dir), { recursive: true });
  // A policy elsewhere in the tree: a path on the command line replaces the default `**/*.json`.
  await t.ws.write('iam/other.json', '{"Version": "2012-10-17", "Statement": []}\n');
}

describe('check <cdk assembly>', () => {
  it('reads every stack of the assembly named, nested stage included, and nothing else', async () => {
    await withAssembly();
    const r = await t.cli(['check', 'infra/cdk.out', '--analyzer', 'local', '--verbose', '--format', 'json']);
    expect(r.stderr).toContain('3 stacks in CDK assemblies: AppStack, ConsumerStack, Prod/ServiceStack');
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.files.map((f) => [f.file, f.kind])).toEqual(
      TEMPLATES.map((f) => [f, 'cloudformation-template']),
    );
    // The fixture holds one broken policy (LegacyAdmin): the gate fails on it.
    expect(r.code, r.stderr).toBe(1);
  });

  it("analyses a nested stack's policies with its stack, without a warning that they are elsewhere", async () => {
    await withAssembly();
    const parent = join(t.ws.repo, 'infra/cdk.out/ConsumerStack.template.json');
    const template = JSON.parse(await readFile(parent, 'utf8')) as { Resources: Record<string, unknown> };
    template.Resources.Workers = {
      Type: 'AWS::CloudFormation::Stack',
      Properties: { TemplateURL: 'https://s3.amazonaws.com/cdk-assets/workers.json' },
      Metadata: {
        'aws:asset:path': 'ConsumerStackWorkers.nested.template.json',
        'aws:asset:property': 'TemplateURL',
      },
    };
    await writeFile(parent, JSON.stringify(template));
    const statement = { Effect: 'Allow', Action: '*', Resource: '*' };
    await t.ws.write(
      'infra/cdk.out/ConsumerStackWorkers.nested.template.json',
      JSON.stringify({
        Resources: {
          Admin: {
            Type: 'AWS::IAM::ManagedPolicy',
            Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [statement] } },
          },
        },
      }),
    );
    const r = await t.cli(['check', 'infra/cdk.out', '--analyzer', 'local', '--format', 'json']);
    const report = JSON.parse(r.stdout) as JsonReport;
    const nested = report.findings.filter(
      (f) => f.location?.file === 'infra/cdk.out/ConsumerStackWorkers.nested.template.json',
    );
    expect(nested.map((f) => f.code)).toContain('FULL_ADMIN_ACCESS');
    expect(report.findings.map((f) => f.message).join('\n')).not.toContain('nested stack');
    expect(r.code).toBe(1);
  });

  it('analyses every policy of every stack, each named by its construct path, and places the findings', async () => {
    await withAssembly();
    const r = await t.cli(['check', 'infra/cdk.out', '--analyzer', 'local', '--format', 'json']);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.policies.map((p) => [p.address, p.policyType])).toEqual([
      ['AppStack/DataKey/Resource', 'RESOURCE_POLICY'],
      ['AppStack/DataBucket/Policy/Resource', 'RESOURCE_POLICY'],
      ['AppStack/JobsQueue/Policy/Resource', 'RESOURCE_POLICY'],
      ['AppStack/WorkerRole/Resource', 'RESOURCE_POLICY'],
      ['AppStack/WorkerRole/Resource', 'IDENTITY_POLICY'],
      ['AppStack/WorkerRole/DefaultPolicy/Resource', 'IDENTITY_POLICY'],
      ['AppStack/ReadOnlyQueues/Resource', 'IDENTITY_POLICY'],
      ['AppStack/LegacyAdmin/Resource', 'IDENTITY_POLICY'],
      ['ConsumerStack/ReportsRole/Resource', 'RESOURCE_POLICY'],
      ['ConsumerStack/ReportsRole/DefaultPolicy/Resource', 'IDENTITY_POLICY'],
      ['Prod/ServiceStack/DeployRole/Resource', 'RESOURCE_POLICY'],
      ['Prod/ServiceStack/DeployRole/DefaultPolicy/Resource', 'IDENTITY_POLICY'],
    ]);
    // The cross-stack references resolve from AppStack's exports: nothing is left unresolved.
    expect(report.findings.map((f) => [f.code, f.target, f.location?.file, f.location?.startLine])).toEqual([
      ['INVALID_ACTION', expect.stringContaining('#AppStack/LegacyAdmin/Resource'), TEMPLATES[0], 340],
      ['SERVICE_WIDE_WILDCARD', expect.stringContaining('#AppStack/LegacyAdmin/Resource'), TEMPLATES[0], 346],
    ]);
    const text = await t.cli(['check', 'infra/cdk.out', '--analyzer', 'local']);
    expect(text.stdout).toContain(`${TEMPLATES[0]}:340 (AppStack/LegacyAdmin/Resource) ERROR INVALID_ACTION`);
  });

  it('points a finding at the line of the CDK app that made the resource, when the app is in the workspace', async () => {
    await withAssembly();
    await cp(join(CDK_APP, 'app.js'), join(t.ws.repo, 'infra/app.js'));
    // The fixture's creation stacks name the app by a placeholder: put this workspace's path there.
    const dir = join(t.ws.repo, 'infra/cdk.out');
    for (const name of await readdir(dir, { recursive: true })) {
      if (!name.endsWith('.json')) continue;
      const file = join(dir, name);
      const text = await readFile(file, 'utf8');
      await writeFile(file, text.split(APP_DIR_PLACEHOLDER).join(join(t.ws.repo, 'infra')));
    }
    const r = await t.cli(['check', 'infra/cdk.out', '--analyzer', 'local', '--format', 'json']);
    const report = JSON.parse(r.stdout) as JsonReport;
    const invalid = report.findings.find((f) => f.code === 'INVALID_ACTION');
    expect(invalid?.location).toEqual(expect.objectContaining({ file: 'infra/app.js', startLine: 65 }));
  });

  it('reads a directory holding manifest.json as an assembly whatever its name', async () => {
    await withAssembly('build/synth');
    const r = await t.cli(['check', 'build/synth', '--analyzer', 'local', '--format', 'json']);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.files.map((f) => f.kind)).toEqual([
      'cloudformation-template',
      'cloudformation-template',
      'cloudformation-template',
    ]);
  });

  it('fails closed on a cdk.out without manifest.json, saying to run cdk synth', async () => {
    await mkdir(join(t.ws.repo, 'cdk.out'), { recursive: true });
    await t.ws.write('cdk.out/AppStack.template.json', '{"Resources": {}}\n');
    const r = await t.cli(['check', 'cdk.out', '--analyzer', 'local', '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.findings).toEqual([
      expect.objectContaining({
        target: 'cdk.out/manifest.json',
        code: 'ANALYSIS_FAILED',
        message: expect.stringContaining('run `npx cdk synth` first'),
      }),
    ]);
  });

  it('reads the config file’s cdk-out when no path is given', async () => {
    await withAssembly();
    await t.ws.write('.github/iam-policy-gate.yml', 'cdk-out: infra/cdk.out\npolicies: ["iam/**/*.json"]\n');
    const r = await t.cli(['check', '--analyzer', 'local', '--format', 'json']);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.files.map((f) => f.file)).toEqual(['iam/other.json', ...TEMPLATES]);
  });
});
