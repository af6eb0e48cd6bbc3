// CloudFormation templates through the whole pipeline, against the Access Analyzer fake over HTTP with the
// real SDK client: the documents Access Analyzer receives carry no intrinsic, have the right policy type and
// resource type, and a finding on a statement is reported at the template line of that statement.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackends } from '../../../src/analyze/select';
import { awsClientFactories } from '../../../src/clients/aws';
import { readInputs } from '../../../src/config/inputs';
import { parseRepoConfig } from '../../../src/config/parse';
import { resolveSettings } from '../../../src/config/settings';
import { silentLogger } from '../../../src/core/logger';
import { pipelineOptionsFrom, runPipeline } from '../../../src/pipeline';
import { type FakeAccessAnalyzer, startFakeAccessAnalyzer } from '../../fakes/access-analyzer';
import { type FakeIam, startFakeIam } from '../../fakes/iam';
import { useAwsEnv } from '../../reliability/support';

const FIXTURES = join(__dirname, '../../fixtures/cloudformation');

let aa: FakeAccessAnalyzer;
let iam: FakeIam;
let workspace: string;
beforeAll(async () => {
  aa = await startFakeAccessAnalyzer();
  iam = await startFakeIam();
  workspace = mkdtempSync(join(tmpdir(), 'iam-gate-cfn-'));
  cpSync(FIXTURES, join(workspace, 'infra'), { recursive: true });
  cpSync(join(FIXTURES, 'shared.json'), join(workspace, 'cdk.out/Shared.template.json'));
});
useAwsEnv(() => ({ accessAnalyzer: aa.url, iam: iam.url }));
afterAll(async () => {
  await aa?.close();
  await iam?.close();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

async function run(inputs: Record<string, string>, options: { changedFiles?: Set<string> } = {}) {
  const settings = resolveSettings(
    readInputs((name) => inputs[name] ?? ''),
    parseRepoConfig('', '.github/iam-policy-gate.yml'),
    { isPullRequest: options.changedFiles !== undefined },
  );
  const backends = await selectBackends({
    mode: 'aws',
    maxConcurrency: 4,
    env: process.env,
    clients: awsClientFactories(process.env),
  });
  return runPipeline({
    ...pipelineOptionsFrom(settings),
    workspace,
    ...(options.changedFiles ? { changedFiles: options.changedFiles } : {}),
    backends,
    log: silentLogger,
  });
}

const INTRINSIC = /"(Ref|Fn::[A-Za-z]+)"\s*:/;

describe('cloudformation-templates through the pipeline', () => {
  it('sends documents without intrinsics, typed, and reports a finding at the statement line', async () => {
    const before = aa.validatedDocuments.length;
    const report = await run({
      policies: 'none/*.json',
      'if-no-files-found': 'ignore',
      'cloudformation-templates': 'infra/stack.yaml',
    });
    const sent = aa.validatedDocuments.slice(before);
    expect(sent.length).toBe(report.targets.length);
    expect(sent.length).toBeGreaterThanOrEqual(4);
    for (const d of sent) expect(d.policyDocument).not.toMatch(INTRINSIC);
    const trust = sent.find((d) => d.policyDocument.includes('sts:AssumeRole'));
    expect(trust).toMatchObject({
      policyType: 'RESOURCE_POLICY',
      validatePolicyResourceType: 'AWS::IAM::AssumeRolePolicyDocument',
    });
    // No parameters given: IsGold (Tier has no value) and IsProd (only Env's Default decides it) are
    // undecided, so the policy is analysed once per answer of each.
    expect(sent.filter((d) => d.policyDocument.includes('PassAnyRole')).map((d) => d.policyType)).toEqual([
      'IDENTITY_POLICY',
      'IDENTITY_POLICY',
      'IDENTITY_POLICY',
      'IDENTITY_POLICY',
    ]);
    const passRole = report.findings.filter((f) => f.code === 'PASS_ROLE_WITH_STAR_IN_RESOURCE');
    expect(passRole.length).toBe(4); // one per variant
    // stack.yaml: `Sid: PassAnyRole` is line 69; its `Resource: "*"` line 72.
    for (const f of passRole) {
      expect(f.location).toMatchObject({ file: 'infra/stack.yaml', startLine: 72, endLine: 72 });
    }
    expect(report.files).toContainEqual({ file: 'infra/stack.yaml', kind: 'cloudformation-template' });
    expect(report.verdict.result).toBe('fail');
  });

  it('resolves an import from another template of the run, and reads the parameters file', async () => {
    const before = aa.validatedDocuments.length;
    const report = await run({
      policies: 'none/*.json',
      'if-no-files-found': 'ignore',
      'cloudformation-templates': 'infra/stack.yaml\ninfra/shared.json',
      'cloudformation-parameters': 'infra/parameters.json',
    });
    const sent = aa.validatedDocuments.slice(before).map((d) => d.policyDocument);
    const app = sent.filter((d) => d.includes('PassAnyRole'));
    expect(app).toHaveLength(1); // Tier is given: IsGold is decided
    expect(app[0]).toContain('"arn:aws:s3:::org-shared/*"');
    expect(app[0]).toContain('arn:aws:sqs:eu-west-1:210987654321:Queue');
    expect(report.findings.filter((f) => f.code === 'UNRESOLVED_REFERENCE')).toEqual([]);
    const bucketPolicy = aa.validatedDocuments
      .slice(before)
      .find((d) => d.policyDocument.includes('org-shared/*"') && d.policyType === 'RESOURCE_POLICY');
    expect(bucketPolicy?.validatePolicyResourceType).toBe('AWS::S3::Bucket');
  });

  it('fails closed on a template that does not parse, a SAM resource and a missing template', async () => {
    const report = await run({
      policies: 'none/*.json',
      'if-no-files-found': 'ignore',
      'cloudformation-templates': 'infra/bad/broken.yaml\ninfra/bad/sam.yaml',
    });
    const failed = report.findings
      .filter((f) => f.code === 'ANALYSIS_FAILED')
      .map((f) => [f.location?.file, f.location?.startLine]);
    expect(failed).toEqual(
      expect.arrayContaining([
        ['infra/bad/broken.yaml', 7],
        ['infra/bad/sam.yaml', 4],
      ]),
    );
    expect(report.verdict.result).toBe('fail');
    const missing = await run({
      policies: 'none/*.json',
      'cloudformation-templates': 'cdk.out/App.template.json',
    });
    expect(missing.findings.map((f) => f.message)).toContainEqual(
      expect.stringContaining('cloudformation-templates: no template at cdk.out/App.template.json'),
    );
    expect(missing.verdict.result).toBe('fail');
  });

  it('reads the templates cdk synth writes into cdk.out when cloudformation-templates names them', async () => {
    const report = await run({
      policies: 'none/*.json',
      'cloudformation-templates': 'cdk.out/*.template.json',
    });
    expect(report.files).toContainEqual({
      file: 'cdk.out/Shared.template.json',
      kind: 'cloudformation-template',
    });
    expect(report.targets.map((t) => t.id)).toEqual([
      'cdk.out/Shared.template.json#SharedBucketPolicy.PolicyDocument',
    ]);
    // `policies` still never looks into cdk.out.
    const all = await run({ policies: '**/*.json', 'if-no-files-found': 'ignore' });
    expect(all.files.some((f) => f.file.startsWith('cdk.out/'))).toBe(false);
  });

  it('refuses a named template over the size limit (fail closed)', async () => {
    writeFileSync(join(workspace, 'big.template'), `Resources: {}\n# ${'x'.repeat(10 * 1024 * 1024)}\n`);
    const report = await run({
      policies: 'none/*.json',
      'if-no-files-found': 'ignore',
      'cloudformation-templates': 'big.template',
    });
    expect(report.files).toContainEqual(
      expect.objectContaining({ file: 'big.template', kind: 'unreadable' }),
    );
    expect(
      report.findings.filter((f) => f.code === 'ANALYSIS_FAILED').map((f) => f.location?.file),
    ).toContain('big.template');
  });

  it('with scope changed, sniffs a changed YAML template that policies does not match', async () => {
    const report = await run(
      {},
      { changedFiles: new Set(['infra/stack.yaml', 'infra/all-types.yaml', 'README.md']) },
    );
    const kinds = report.files.map((f) => [f.file, f.kind]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ['infra/stack.yaml', 'cloudformation-template'],
        ['infra/all-types.yaml', 'cloudformation-template'],
      ]),
    );
    expect(report.targets.some((t) => t.source.file === 'infra/all-types.yaml')).toBe(true);
    // A JSON template found by `policies` is a template, not a policy.
    const json = await run({ policies: 'infra/shared.json' });
    expect(json.files).toEqual([{ file: 'infra/shared.json', kind: 'cloudformation-template' }]);
  });
});
