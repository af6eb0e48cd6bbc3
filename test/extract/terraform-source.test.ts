import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { workspaceTerraformFiles } from '../../src/discover/terraform-files';
import { extractTerraformPlan } from '../../src/extract/terraform-plan';
import { addressLines } from '../../src/extract/terraform-plan-text';
import { mapTerraformExtraction, mapTerraformSources } from '../../src/extract/terraform-source';
import { growth, NEAR_LINEAR_RATIO } from '../near-linear';

const FIXTURES = path.resolve(__dirname, '../fixtures/terraform');
const REPO = path.resolve(__dirname, '../..');

function read(file: string): { text: string; plan: unknown } {
  const text = readFileSync(file, 'utf8');
  return { text, plan: JSON.parse(text) };
}

function lineOf(file: string, pattern: RegExp): number {
  return (
    readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((l) => pattern.test(l)) + 1
  );
}

describe('mapTerraformExtraction: the mixed fixture', () => {
  const { text, plan } = read(path.join(FIXTURES, 'mixed/plan.json'));
  const main = path.join(FIXTURES, 'mixed/main.tf');

  it('points root, module and nested-module targets at their resource lines', () => {
    const mapped = mapTerraformExtraction(
      extractTerraformPlan('plan.json', plan),
      plan,
      workspaceTerraformFiles(path.join(FIXTURES, 'mixed')),
      'plan.json',
      text,
    );
    const at = (address: string) => mapped.targets.find((t) => t.source.address === address)?.source;
    expect(at('aws_iam_policy.counted[1]')).toMatchObject({
      file: 'main.tf',
      line: lineOf(main, /resource "aws_iam_policy" "counted"/),
    });
    expect(at('aws_iam_policy.per_team["team.a"]')).toMatchObject({
      file: 'main.tf',
      line: lineOf(main, /resource "aws_iam_policy" "per_team"/),
    });
    expect(at('module.app["x.y"].aws_iam_role_policy.reader')).toMatchObject({
      file: 'modules/app/main.tf',
      line: lineOf(
        path.join(FIXTURES, 'mixed/modules/app/main.tf'),
        /resource "aws_iam_role_policy" "reader"/,
      ),
      address: 'module.app["x.y"].aws_iam_role_policy.reader',
      attribute: 'policy',
    });
    // Unquoted labels and extra spaces.
    expect(at('module.app["x.y"].module.nested.aws_iam_group_policy.g[0]')).toMatchObject({
      file: 'modules/nested/main.tf',
      line: 1,
    });
    for (const t of mapped.targets) expect(t.source.line, t.id).toBeGreaterThan(0);
  });

  it('moves extraction findings to the resource line', () => {
    const mapped = mapTerraformExtraction(
      extractTerraformPlan('plan.json', plan),
      plan,
      workspaceTerraformFiles(path.join(FIXTURES, 'mixed')),
      'plan.json',
    );
    const unknown = mapped.findings.find((f) => f.target.endsWith('aws_sqs_queue_policy.jobs.policy'));
    const line = lineOf(main, /resource "aws_sqs_queue_policy" "jobs"/);
    expect(unknown?.location).toEqual({ file: 'main.tf', startLine: line, endLine: line });
  });

  it('gives workspace-relative paths when the plan is in a subdirectory', () => {
    const mapped = mapTerraformSources(
      extractTerraformPlan('mixed/plan.json', plan).targets,
      plan,
      workspaceTerraformFiles(FIXTURES),
      'mixed/plan.json',
    );
    const reader = mapped.find((t) => t.source.address === 'module.app["x.y"].aws_iam_role_policy.reader');
    expect(reader?.source.file).toBe('mixed/modules/app/main.tf');
  });

  it('finds the root module elsewhere in the workspace when the plan is written apart from it', () => {
    const mapped = mapTerraformSources(
      extractTerraformPlan('plans/plan.json', plan).targets,
      plan,
      workspaceTerraformFiles(FIXTURES),
      'plans/plan.json',
    );
    expect(mapped.find((t) => t.source.address === 'aws_iam_role.app')?.source.file).toBe('mixed/main.tf');
  });
});

describe('mapTerraformSources: the example', () => {
  it('reports the module policy at its resource line in examples/terraform', () => {
    const { text, plan } = read(path.join(REPO, 'examples/terraform/plan.json'));
    const planFile = 'examples/terraform/plan.json';
    const mapped = mapTerraformSources(
      extractTerraformPlan(planFile, plan).targets,
      plan,
      workspaceTerraformFiles(REPO),
      planFile,
      text,
    );
    const file = 'examples/terraform/modules/reader/main.tf';
    expect(
      mapped.find((t) => t.source.address === 'module.reader.aws_iam_role_policy.read_reports')?.source,
    ).toMatchObject({
      file,
      line: lineOf(path.join(REPO, file), /resource "aws_iam_role_policy" "read_reports"/),
    });
    expect(mapped.map((t) => t.source.file).sort()).toEqual([
      'examples/terraform/main.tf',
      'examples/terraform/main.tf',
      file,
    ]);
  });
});

describe('mapTerraformSources: safety and fallbacks', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tf-source-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const ws = path.join(dir, 'ws');
  mkdirSync(path.join(ws, 'infra'), { recursive: true });
  mkdirSync(path.join(dir, 'outside'));
  const block = 'resource "aws_iam_policy" "p" {\n}\n';
  writeFileSync(path.join(dir, 'outside/main.tf'), block);
  writeFileSync(
    path.join(ws, 'infra/main.tf'),
    'module "escape" {\n  source = "../../outside"\n}\nmodule "linked" {\n  source = "./linked"\n}\nmodule "registry" {\n  source = "terraform-aws-modules/iam/aws"\n}\n',
  );
  symlinkSync(path.join(dir, 'outside'), path.join(ws, 'infra/linked'));
  const resource = (module: string) => ({
    address: `module.${module}.aws_iam_policy.p`,
    module_address: `module.${module}`,
    mode: 'managed',
    type: 'aws_iam_policy',
    name: 'p',
    change: { actions: ['create'], after: { policy: '{"Version":"2012-10-17","Statement":[]}' } },
  });
  const call = (source: string) => ({
    source,
    module: {
      resources: [
        { address: 'aws_iam_policy.p', mode: 'managed', type: 'aws_iam_policy', name: 'p', expressions: {} },
      ],
    },
  });
  const plan = {
    format_version: '1.2',
    planned_values: {},
    resource_changes: [resource('escape'), resource('linked'), resource('registry')],
    configuration: {
      root_module: {
        module_calls: {
          escape: call('../../outside'),
          linked: call('./linked'),
          registry: call('terraform-aws-modules/iam/aws'),
        },
      },
    },
  };
  const text = JSON.stringify(plan, null, 2);

  it('never reads outside the workspace, nor registry modules: those point at the plan file', () => {
    const targets = extractTerraformPlan('infra/plan.json', plan).targets;
    const mapped = mapTerraformSources(targets, plan, workspaceTerraformFiles(ws), 'infra/plan.json', text);
    expect(mapped).toHaveLength(3);
    for (const t of mapped) {
      expect(t.source.file).toBe('infra/plan.json');
      const expected =
        text.split('\n').findIndex((l) => l.includes(`"address": ${JSON.stringify(t.source.address)}`)) + 1;
      expect(t.source.line).toBe(expected);
    }
  });

  it('falls back to line 1 of the plan without its text', () => {
    const mapped = mapTerraformSources(
      extractTerraformPlan('infra/plan.json', plan).targets,
      plan,
      workspaceTerraformFiles(ws),
      'infra/plan.json',
    );
    for (const t of mapped) expect(t.source).toMatchObject({ file: 'infra/plan.json', line: 1 });
  });
});

describe('addressLines', () => {
  it('finds addresses in resource_changes of a pretty-printed plan, escapes included', () => {
    const text = JSON.stringify(
      {
        planned_values: { root_module: { resources: [{ address: 'a.b["x\\"y"]' }] } },
        resource_changes: [{ address: 'a.c' }, { address: 'a.b["x\\"y"]' }],
      },
      null,
      2,
    );
    const lines = addressLines(text, new Set(['a.b["x\\"y"]', 'a.c', 'missing']));
    const expected = text.split('\n').findIndex((l, i) => i > 8 && l.includes('a.b[')) + 1;
    expect(lines.get('a.b["x\\"y"]')).toBe(expected);
    expect(lines.get('a.c')).toBe(text.split('\n').findIndex((l) => l.includes('"a.c"')) + 1);
    expect(lines.has('missing')).toBe(false);
  });

  it('is line 1 for the one-line output of terraform show -json', () => {
    expect(addressLines('{"resource_changes":[{"address":"a.b"}]}', new Set(['a.b'])).get('a.b')).toBe(1);
  });

  it('looks for each line break once: 4x the addresses on one line, the wanted one last, cost under 9x', () => {
    const one = (n: number) => {
      const objects = Array.from(
        { length: n },
        (_, i) => `{"address":"aws_s3_object.o${i}","x":"${'y'.repeat(100)}"}`,
      );
      return `{"resource_changes":[${objects.join(',')},{"address":"aws_iam_policy.p"}]}\n`;
    };
    // Near-linearity measured against itself (test/near-linear.ts): searching for the next line break again
    // from every "address" would scan the rest of a one-line plan each time, 16x for 4x the addresses.
    const { large, ratio } = growth(25_000, one, (text) => addressLines(text, new Set(['aws_iam_policy.p'])));
    expect(large.get('aws_iam_policy.p')).toBe(1);
    expect(ratio).toBeLessThan(NEAR_LINEAR_RATIO);
    const changes = Array.from(
      { length: 100_000 },
      (_, i) => `{"address":"aws_s3_object.o${i}","x":"${'y'.repeat(100)}"}`,
    );
    const pretty = `{"resource_changes": [\n${changes.join(',\n')},\n{"address": "aws_iam_policy.p"}]}`;
    expect(addressLines(pretty, new Set(['aws_iam_policy.p'])).get('aws_iam_policy.p')).toBe(100_002);
  });
});

describe('mapTerraformExtraction: a plan that is not valid JSON', () => {
  it('points the failure at the line and column of the JSON error, keeping it ANALYSIS_FAILED', () => {
    const text = '{\n  "format_version": "1.2",\n  "resource_changes": [\n    {"address": "a.b"\n';
    const mapped = mapTerraformExtraction(
      extractTerraformPlan('infra/plan.json', undefined),
      undefined,
      workspaceTerraformFiles(REPO),
      'infra/plan.json',
      text,
    );
    expect(mapped.targets).toEqual([]);
    expect(mapped.findings).toHaveLength(1);
    expect(mapped.findings[0]).toMatchObject({
      target: 'infra/plan.json',
      severity: 'ERROR',
      code: 'ANALYSIS_FAILED',
      analyzer: 'gate',
      location: { file: 'infra/plan.json', startLine: 5, startColumn: 1 },
    });
    expect(mapped.findings[0]?.message).toMatch(
      /^infra\/plan\.json: is not valid JSON \(Unexpected end of file .* at line 5, column 1\), so it cannot be read as a Terraform plan: was it cut short, or did other output get into it\? The gate fails closed\./,
    );
  });
});
