import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger';
import { DEFAULT_IF_NO_FILES_FOUND, type ScannedFile } from '../../src/core/types';
import { discoverFiles } from '../../src/discover';
import { discover } from '../../src/discover/discover';
import { LINKED_DIRECTORY_OUTSIDE } from '../../src/discover/find-files';
import { extractJsonPolicy } from '../../src/extract/json-file';
import { makeWorkspace, type TempWorkspace } from './workspace';

let ws: TempWorkspace;
beforeAll(() => {
  ws = makeWorkspace();
});
afterAll(() => ws.cleanup());

const kinds = (files: ScannedFile[]) => Object.fromEntries(files.map((f) => [f.file, f.kind]));
const reasonOf = (files: ScannedFile[], file: string) => files.find((f) => f.file === file)?.reason ?? '';

describe('discover', () => {
  it('reads and sniffs every file, keeping policies and plans apart', async () => {
    const debug: string[] = [];
    const r = await discover({
      workspace: ws.workspace,
      policies: ['**/*.json'],
      terraformPlans: ['plans/*.json'],
      maxBytes: { policy: 4096 },
      log: { debug: (m) => debug.push(m) },
    });
    expect(kinds(r.files)).toEqual({
      '.github/policy.json': 'policy',
      'big.json': 'unreadable',
      'binary.json': 'unreadable',
      'bom.json': 'policy',
      'buckets/b.json': 'policy',
      'dangling.json': 'unreadable',
      'iam/broken.json': 'policy',
      'iam/deploy.json': 'policy',
      'iam/identity.json': 'policy',
      'infra/committed-plan.json': 'terraform-plan',
      'latin1.json': 'unreadable',
      'legacy/old.json': 'policy',
      'link-in.json': 'policy',
      'link-out.json': 'unreadable',
      'linked-dir': 'ignored',
      'package.json': 'ignored',
      'plans/committed-policy.json': 'unreadable',
      'plans/plan.json': 'terraform-plan',
      'plans/state.json': 'unreadable',
      'trust/role.json': 'policy',
      'tsconfig.json': 'ignored',
    });
    expect(r.files.map((f) => f.file)).toEqual([...r.files.map((f) => f.file)].sort());
    expect(reasonOf(r.files, 'big.json')).toMatch(/^5\d{3} bytes, over the limit of 4096 bytes/);
    expect(reasonOf(r.files, 'binary.json')).toMatch(/NUL/);
    expect(reasonOf(r.files, 'latin1.json')).toBe(
      'not valid UTF-8 text (byte 0xE9 at line 1, column 3): a binary file, or text in another encoding (save it as UTF-8)',
    );
    expect(reasonOf(r.files, 'link-out.json')).toBe('symbolic link pointing outside the workspace');
    expect(reasonOf(r.files, 'linked-dir')).toBe(LINKED_DIRECTORY_OUTSIDE);
    expect(reasonOf(r.files, 'plans/committed-policy.json')).toMatch(/not a Terraform plan.*an IAM policy/);
    expect(reasonOf(r.files, 'plans/state.json')).toMatch(/not a Terraform plan.*state/);
    expect(reasonOf(r.files, 'tsconfig.json')).toMatch(/not an IAM policy/);

    expect(r.byKind['terraform-plan']?.map((p) => p.file)).toEqual([
      'infra/committed-plan.json',
      'plans/plan.json',
    ]);
    expect(r.byKind['terraform-plan']?.[1]?.value).toMatchObject({ format_version: '1.2' });
    const bom = r.byKind.policy?.find((p) => p.file === 'bom.json');
    expect(bom?.text.startsWith('{')).toBe(true);
    expect(bom?.value).toEqual({ Version: '2012-10-17', Statement: [] });
    const broken = r.byKind.policy?.find((p) => p.file === 'iam/broken.json');
    expect(broken).toBeDefined();
    expect(broken).not.toHaveProperty('value');
    expect(r.unmatched).toEqual([]);
    expect(debug.some((m) => m.startsWith('tsconfig.json: ignored'))).toBe(true);
  });

  it('hands extraction what it needs: a syntax error with its line, and typed targets', async () => {
    const r = await discover({
      workspace: ws.workspace,
      policies: ['iam/*.json', 'trust/*.json'],
      terraformPlans: [],
    });
    const results = (r.byKind.policy ?? []).map((p) =>
      extractJsonPolicy(p.file, p.text, [], p.value === undefined ? {} : { value: p.value }),
    );
    expect(results.map((x) => x.target?.policyType ?? x.findings[0]?.code)).toEqual([
      'JSON_SYNTAX_ERROR',
      'IDENTITY_POLICY',
      'IDENTITY_POLICY',
      'RESOURCE_POLICY',
    ]);
    expect(results[0]?.findings[0]?.location).toMatchObject({
      file: 'iam/broken.json',
      startLine: 7,
      startColumn: 7,
    });
    expect(results[3]?.target?.resourceType).toBe('AWS::IAM::AssumeRolePolicyDocument');
  });

  it('keeps only changed policy files in scope changed, and every plan', async () => {
    const r = await discover({
      workspace: ws.workspace,
      policies: ['**/*.json'],
      terraformPlans: ['plans/plan.json'],
      changedFiles: new Set([
        'iam/deploy.json',
        'tsconfig.json',
        'removed.json',
        'node_modules/pkg/policy.json',
      ]),
    });
    expect(kinds(r.files)).toEqual({
      'iam/deploy.json': 'policy',
      'linked-dir': 'ignored',
      'plans/plan.json': 'terraform-plan',
      'tsconfig.json': 'ignored',
    });
    expect(r.byKind.policy?.map((p) => p.file)).toEqual(['iam/deploy.json']);
    expect(r.byKind['terraform-plan']?.map((p) => p.file)).toEqual(['plans/plan.json']);
  });

  it('reports a directory whose name is not UTF-8 whatever the scope: what it holds is unknown', async () => {
    const dir = Buffer.concat([Buffer.from(ws.workspace), Buffer.from('/caf'), Buffer.from([0xe9])]);
    mkdirSync(dir);
    writeFileSync(Buffer.concat([dir, Buffer.from('/admin.json')]), '{"Statement": []}');
    try {
      const r = await discover({
        workspace: ws.workspace,
        policies: ['**/*.json'],
        terraformPlans: [],
        changedFiles: new Set(['iam/deploy.json']),
      });
      expect(kinds(r.files)).toEqual({
        'caf\uFFFD': 'unreadable',
        'iam/deploy.json': 'policy',
        'linked-dir': 'ignored',
      });
      expect(reasonOf(r.files, 'caf\uFFFD')).toMatch(/^a directory whose name is not valid UTF-8/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists each pattern that matches nothing, with its source', async () => {
    const r = await discover({
      workspace: ws.workspace,
      policies: ['iam/*.json', 'examles/**/*.json', 'legacy/*.json', '!legacy/**'],
      terraformPlans: ['plans/plan.json', 'tfplan/*.json'],
    });
    expect(r.unmatched).toEqual([
      { source: 'policies', pattern: 'examles/**/*.json' },
      { source: 'policies', pattern: 'legacy/*.json' }, // everything it matched is excluded
      { source: 'terraform-plans', pattern: 'tfplan/*.json' },
    ]);
    const single = await discover({ workspace: ws.workspace, policies: [], terraformPlans: [' out.json '] });
    expect(single.unmatched).toEqual([{ source: 'terraform-plans', pattern: 'out.json' }]);
    // A link out of the workspace is a match (reported as unreadable), not "nothing".
    const link = await discover({ workspace: ws.workspace, policies: ['link-out.json'], terraformPlans: [] });
    expect(link.unmatched).toEqual([]);
    expect(kinds(link.files)).toEqual({ 'link-out.json': 'unreadable' });
  });

  it('gives a plan found by policies the plan limit, and keeps the policy limit for everything else', async () => {
    const plan = JSON.stringify({
      format_version: '1.2',
      terraform_version: '1.9.0',
      planned_values: {},
      pad: 'x'.repeat(6000),
    });
    const dir = path.join(ws.workspace, 'big-plans');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'plan.json'), plan);
    writeFileSync(path.join(dir, 'pretty-plan.json'), JSON.stringify(JSON.parse(plan), null, 2));
    // A state starts like a plan but is none: the policy limit applies.
    writeFileSync(
      path.join(dir, 'state.json'),
      JSON.stringify({ format_version: '1.0', values: {}, pad: 'x'.repeat(6000) }),
    );
    writeFileSync(path.join(dir, 'policy.json'), `{"Statement": [], "pad": "${'x'.repeat(6000)}"}`);
    const r = await discover({
      workspace: ws.workspace,
      policies: ['big-plans/*.json'],
      terraformPlans: [],
      maxBytes: { policy: 4096, 'terraform-plan': 7000 },
    });
    expect(kinds(r.files)).toEqual({
      'big-plans/plan.json': 'terraform-plan',
      'big-plans/policy.json': 'unreadable',
      'big-plans/pretty-plan.json': 'terraform-plan',
      'big-plans/state.json': 'unreadable',
    });
    expect(r.byKind['terraform-plan']?.map((p) => p.file)).toEqual([
      'big-plans/plan.json',
      'big-plans/pretty-plan.json',
    ]);
    expect(reasonOf(r.files, 'big-plans/policy.json')).toMatch(
      /^60\d\d bytes, over the limit of 4096 bytes; not read/,
    );
    expect(reasonOf(r.files, 'big-plans/state.json')).toMatch(
      /^60\d\d bytes, over the limit of 4096 bytes; not read/,
    );
    // Over the plan limit too: refused, naming the plan limit.
    const small = await discover({
      workspace: ws.workspace,
      policies: ['big-plans/plan.json'],
      terraformPlans: [],
      maxBytes: { policy: 4096, 'terraform-plan': 5000 },
    });
    expect(reasonOf(small.files, 'big-plans/plan.json')).toMatch(
      /^60\d\d bytes, over the limit of 5000 bytes/,
    );
  });

  it('reads a UTF-16 plan written by PowerShell', async () => {
    mkdirSync(path.join(ws.workspace, 'win'));
    const file = path.join(ws.workspace, 'win', 'utf16.json');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from('{"format_version":"1.2","planned_values":{}}', 'utf16le'),
      ]),
    );
    const r = await discover({ workspace: ws.workspace, policies: [], terraformPlans: ['win/utf16.json'] });
    expect(r.byKind['terraform-plan']).toEqual([
      {
        file: 'win/utf16.json',
        text: '{"format_version":"1.2","planned_values":{}}',
        value: { format_version: '1.2', planned_values: {} },
      },
    ]);
  });
});

describe('a symbolic link to a directory outside the workspace', () => {
  it('is not followed, and discovery warns of it, naming the link', async () => {
    const found = await discoverFiles({
      workspace: ws.workspace,
      policies: ['**/*.json'],
      terraformPlans: [],
      ifNoFilesFound: DEFAULT_IF_NO_FILES_FOUND,
      log: silentLogger,
    });
    expect(found.warnings).toContain(`linked-dir: ${LINKED_DIRECTORY_OUTSIDE}.`);
    expect(found.files.map((f) => f.file).filter((f) => f.startsWith('linked-dir/'))).toEqual([]);
  });
});
