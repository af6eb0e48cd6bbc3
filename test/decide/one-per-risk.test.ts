// One finding per risk through the whole pipeline: the local analyzer, and the AWS back ends against the fake
// Access Analyzer and fake IAM over HTTP. Policies are files written here; the verdict must never turn green
// because a finding was left out.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Backends, selectBackends } from '../../src/analyze/select';
import { awsClientFactories } from '../../src/clients/aws';
import { readInputs } from '../../src/config/inputs';
import type { RepoConfig } from '../../src/config/schema';
import { resolveSettings } from '../../src/config/settings';
import { silentLogger } from '../../src/core/logger';
import type { Finding, GateReport } from '../../src/core/types';
import { onePerRisk } from '../../src/decide/one-per-risk';
import { pipelineOptionsFrom, runPipeline } from '../../src/pipeline';
import { type FakeAccessAnalyzer, startFakeAccessAnalyzer } from '../fakes/access-analyzer';
import type { WireFinding } from '../fakes/access-analyzer-rules';
import { type FakeIam, startFakeIam } from '../fakes/iam';
import { growth, NEAR_LINEAR_RATIO } from '../near-linear';

const policy = (...statements: object[]) =>
  `${JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2)}\n`;
const ADMIN = policy({ Effect: 'Allow', Action: '*', Resource: '*' });
/** iam:PassRole on "*" with ec2:RunInstances: PassRole's escalation set is complete. */
const PASS_ANY_ROLE = policy({
  Sid: 'Deploy',
  Effect: 'Allow',
  Action: ['iam:PassRole', 'ec2:RunInstances'],
  Resource: '*',
});

let tmp: string;
let local: Backends;
let aa: FakeAccessAnalyzer;
let iam: FakeIam;
let aws: Backends;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'iam-gate-one-per-risk-'));
  local = await selectBackends({
    mode: 'local',
    maxConcurrency: 2,
    env: {},
    clients: awsClientFactories({}),
  });
  aa = await startFakeAccessAnalyzer();
  iam = await startFakeIam();
  // The SDK's own configuration reads these, as in a workflow.
  vi.stubEnv('AWS_ENDPOINT_URL_ACCESSANALYZER', aa.url);
  vi.stubEnv('AWS_ENDPOINT_URL_IAM', iam.url);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDONEPERRISK');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'fake-secret');
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  aws = await selectBackends({
    mode: 'aws',
    region: 'us-east-1',
    maxConcurrency: 2,
    env: process.env,
    clients: awsClientFactories(process.env),
  });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  rmSync(tmp, { recursive: true, force: true });
  await aa.close();
  await iam.close();
});

async function run(
  files: Record<string, string>,
  config: RepoConfig = {},
  backends = local,
): Promise<GateReport> {
  const dir = mkdtempSync(join(tmp, 'run-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const settings = resolveSettings(
    readInputs(() => ''),
    config,
    { isPullRequest: false },
  );
  return runPipeline({
    ...pipelineOptionsFrom(settings),
    workspace: dir,
    policies: Object.keys(files).filter((f) => !f.endsWith('.tfplan.json')),
    terraformPlans: Object.keys(files).filter((f) => f.endsWith('.tfplan.json')),
    backends,
    log: silentLogger,
    now: new Date('2026-06-01T00:00:00Z'),
  });
}

const RISK_OF: Record<string, string> = {
  FULL_ADMIN_ACCESS: 'full admin',
  PRIVILEGE_ESCALATION_ACTIONS: 'privilege escalation',
  SIMULATE_DENY_ALLOWED: 'deny-listed actions',
};
const riskOf = (code: string) =>
  code.startsWith('PASS_ROLE_WITH_')
    ? 'pass role'
    : code.startsWith('CREATE_SLR_WITH_')
      ? 'create SLR'
      : (RISK_OF[code] ?? code);
const statementOf = (f: Finding) => /^Statement(\[\d+\])?/.exec(f.location?.path ?? '')?.[0] ?? 'none';
const codes = (report: GateReport) => report.findings.map((f) => f.code).sort();

/** Every (target, statement, risk) at most once. */
function expectOnePerStatementAndRisk(report: GateReport) {
  const keys = report.findings.map((f) => `${f.target} ${statementOf(f)} ${riskOf(f.code)}`);
  expect(keys).toEqual([...new Set(keys)]);
}

describe('one finding per risk', () => {
  for (const [name, backends] of [
    ['local', () => local],
    ['aws (fakes)', () => aws],
  ] as const) {
    it(`AdministratorAccess: at most one finding per statement and risk (${name})`, async () => {
      const report = await run({ 'admin.json': ADMIN }, {}, backends());
      expectOnePerStatementAndRisk(report);
      expect(report.verdict.result).toBe('fail');
      // The simulation's deny-listed actions are named by a finding that blocks, never dropped silently.
      const covering = report.findings.filter((f) =>
        f.message.includes('It also stands for SIMULATE_DENY_ALLOWED'),
      );
      expect(covering.length).toBeGreaterThan(0);
      expect(covering.every((f) => report.verdict.blocking.includes(f))).toBe(true);
      expect(report.findings.length).toBeLessThanOrEqual(4);
    });
  }

  // The gate checks run whatever the analyzer: on AWS too, full admin stands for the simulation's hits.
  for (const [name, backends] of [
    ['local', () => local],
    ['aws (fakes)', () => aws],
  ] as const) {
    it(`AdministratorAccess, ${name}: full admin stands for the 20 simulation hits`, async () => {
      const report = await run({ 'admin.json': ADMIN }, {}, backends());
      // Access Analyzer's own codes are what the analyzer says (the fake raises no CREATE_SLR_* here); the
      // gate's findings and the folding are the same on both.
      expect(codes(report)).toEqual(
        expect.arrayContaining(['FULL_ADMIN_ACCESS', 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE']),
      );
      expect(codes(report)).not.toContain('SIMULATE_DENY_ALLOWED');
      const admin = report.findings.find((f) => f.code === 'FULL_ADMIN_ACCESS');
      expect(admin?.message).toMatch(
        /It also stands for SIMULATE_DENY_ALLOWED for iam:CreatePolicyVersion, .* and 10 more on this statement \(one finding per risk: full admin\)\.$/,
      );
    });
  }

  for (const [name, backends] of [
    ['local', () => local],
    ['aws (fakes)', () => aws],
  ] as const) {
    it(`PassRole on "*": one blocking finding for the risk, naming what it covers (${name})`, async () => {
      const report = await run({ 'deploy.json': PASS_ANY_ROLE }, {}, backends());
      expectOnePerStatementAndRisk(report);
      const passRole = report.findings.filter((f) => f.code.startsWith('PASS_ROLE_WITH_'));
      expect(passRole).toHaveLength(1);
      expect(report.verdict.blocking).toContain(passRole[0]);
      expect(passRole[0]?.message).toContain('It also stands for');
      expect(passRole[0]?.message).toContain('SIMULATE_DENY_ALLOWED for iam:PassRole');
      expect(report.findings.filter((f) => f.code === 'SIMULATE_DENY_ALLOWED')).toEqual([]);
      expect(report.findings.filter((f) => f.code === 'PRIVILEGE_ESCALATION_ACTIONS')).toEqual([]);
    });
  }

  it('local: the escalation set made of iam:PassRole is folded into PASS_ROLE_WITH_STAR_IN_RESOURCE', async () => {
    const report = await run({ 'deploy.json': PASS_ANY_ROLE });
    expect(codes(report)).toEqual(['PASS_ROLE_WITH_STAR_IN_RESOURCE']);
    expect(report.findings[0]?.message).toMatch(
      /It also stands for PRIVILEGE_ESCALATION_ACTIONS; SIMULATE_DENY_ALLOWED for iam:PassRole on this statement/,
    );
  });

  it('keeps the others when a severity override lowers the finding that would stand for them', async () => {
    const report = await run(
      { 'deploy.json': PASS_ANY_ROLE },
      { severityOverrides: { PASS_ROLE_WITH_STAR_IN_RESOURCE: 'SUGGESTION' } },
    );
    expect(codes(report)).toEqual([
      'PASS_ROLE_WITH_STAR_IN_RESOURCE',
      'PRIVILEGE_ESCALATION_ACTIONS',
      'SIMULATE_DENY_ALLOWED',
    ]);
    expect(report.verdict.blocking.map((f) => f.code)).toEqual(['PRIVILEGE_ESCALATION_ACTIONS']);
  });

  it('keeps the others when an ignore rule suppresses only the finding that would stand for them', async () => {
    const report = await run(
      { 'deploy.json': PASS_ANY_ROLE },
      { ignore: [{ code: 'PASS_ROLE_*', reason: 'deploy role, reviewed' }] },
    );
    expect(codes(report)).toContain('PRIVILEGE_ESCALATION_ACTIONS');
    expect(report.verdict.result).toBe('fail');
    expect(
      report.findings.find((f) => f.code === 'PASS_ROLE_WITH_STAR_IN_RESOURCE')?.suppressed,
    ).toBeDefined();
  });

  it('a more severe simulation finding is not folded into a less severe one', async () => {
    const report = await run({ 'deploy.json': PASS_ANY_ROLE }, { simulate: { severity: 'ERROR' } });
    const sim = report.findings.find((f) => f.code === 'SIMULATE_DENY_ALLOWED');
    expect(sim).toMatchObject({ severity: 'ERROR' });
    expect(sim?.message).toContain('iam:PassRole');
  });

  it('never passes the gate by folding: a blocking warning needs a blocking finding to stand for it', async () => {
    // fail-on WARNING only: the simulation's WARNING blocks, the SECURITY_WARNING does not.
    const failOnWarning = await run({ 'deploy.json': PASS_ANY_ROLE }, { failOn: ['WARNING'] });
    expect(codes(failOnWarning)).toContain('SIMULATE_DENY_ALLOWED');
    expect(failOnWarning.verdict.result).toBe('fail');
    // max-warnings 0 with fail-on ERROR: one warning less would pass the gate.
    const maxWarnings = await run({ 'deploy.json': PASS_ANY_ROLE }, { failOn: ['ERROR'], maxWarnings: 0 });
    expect(codes(maxWarnings)).toContain('SIMULATE_DENY_ALLOWED');
    expect(maxWarnings.verdict.result).toBe('fail');
  });

  it('matches findings by statement: each statement keeps its own', async () => {
    const report = await run({
      'a.json': policy(
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
        { Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: '*' },
      ),
    });
    // Each statement has its own: PassRole's covers nothing of Statement[1].
    expect(codes(report)).toEqual(['PASS_ROLE_WITH_STAR_IN_RESOURCE', 'PRIVILEGE_ESCALATION_ACTIONS']);
    const passRole = report.findings.find((f) => f.code === 'PASS_ROLE_WITH_STAR_IN_RESOURCE');
    expect(passRole?.message).toContain('SIMULATE_DENY_ALLOWED for iam:PassRole on this statement');
    expect(passRole?.message).not.toContain('CreateAccessKey');
    const escalation = report.findings.find((f) => f.code === 'PRIVILEGE_ESCALATION_ACTIONS');
    expect(escalation?.location?.path).toBe('Statement[1].Action');
    expect(escalation?.message).toContain('It also stands for SIMULATE_DENY_ALLOWED for iam:CreateAccessKey');
  });

  it('new-only: a new finding is not folded into one already on the base branch', async () => {
    // The plan's before value allowed iam:PassRole on "*"; the change adds ec2:RunInstances to the statement.
    const change = (before: object, after: object) =>
      JSON.stringify({
        format_version: '1.2',
        terraform_version: '1.9.0',
        resource_changes: [
          {
            address: 'aws_iam_policy.deploy',
            mode: 'managed',
            type: 'aws_iam_policy',
            name: 'deploy',
            provider_name: 'registry.terraform.io/hashicorp/aws',
            change: {
              actions: ['update'],
              before: { name: 'deploy', policy: JSON.stringify(before) },
              after: { name: 'deploy', policy: JSON.stringify(after) },
              after_unknown: {},
            },
          },
        ],
      });
    const doc = (action: unknown) => ({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }],
    });
    const report = await run(
      { 'deploy.tfplan.json': change(doc('iam:PassRole'), doc(['iam:PassRole', 'ec2:RunInstances'])) },
      { newOnly: true },
    );
    const escalation = report.findings.find((f) => f.code === 'PRIVILEGE_ESCALATION_ACTIONS');
    expect(report.findings.find((f) => f.code === 'PASS_ROLE_WITH_STAR_IN_RESOURCE')?.isNew).toBe(false);
    expect(escalation?.isNew).toBe(true);
    expect(report.verdict.result).toBe('fail');
    expect(report.verdict.blocking).toEqual([escalation]);
  });
});

describe('one finding per risk: a trust of GitHub Actions OIDC provider without its keys', () => {
  const GITHUB = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';
  const EKS = 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE';
  const trust = (federated: string | string[], condition?: object) =>
    policy({
      Effect: 'Allow',
      Principal: { Federated: federated },
      Action: 'sts:AssumeRoleWithWebIdentity',
      ...(condition ? { Condition: condition } : {}),
    });
  const AUDIENCE_ONLY = { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } };

  it('local: MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL stands for GITHUB_OIDC_TRUST_WITHOUT_SUBJECT', async () => {
    const report = await run({ 'trust.json': trust(GITHUB) });
    expect(codes(report)).toEqual(['MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL']);
    expect(report.verdict.blocking).toEqual(report.findings);
    expect(report.findings[0]?.message).toMatch(
      /It also stands for GITHUB_OIDC_TRUST_WITHOUT_SUBJECT on this statement \(one finding per risk: GitHub OIDC trust without a subject\)\.$/,
    );
  });

  it('local: a trust that tests the audience but not the subject keeps the gate check', async () => {
    const report = await run({ 'trust.json': trust(GITHUB, AUDIENCE_ONLY) });
    expect(codes(report)).toEqual(['GITHUB_OIDC_TRUST_WITHOUT_SUBJECT']);
    expect(report.verdict.result).toBe('fail');
  });

  it('local: the finding at another provider of the statement does not stand for GitHub', async () => {
    const report = await run({ 'trust.json': trust([EKS, GITHUB], AUDIENCE_ONLY) });
    expect(codes(report)).toEqual([
      'GITHUB_OIDC_TRUST_WITHOUT_SUBJECT',
      'MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL',
    ]);
    const oidc = report.findings.find((f) => f.code === 'MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL');
    expect(oidc?.location?.path).toBe('Statement[0].Principal.Federated[0]');
    expect(oidc?.message).not.toContain('It also stands for');
  });

  it('local: an ignore rule on the keeper keeps the gate check, and the gate fails', async () => {
    const report = await run(
      { 'trust.json': trust(GITHUB) },
      { ignore: [{ code: 'MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL', reason: 'reviewed' }] },
    );
    expect(codes(report)).toEqual([
      'GITHUB_OIDC_TRUST_WITHOUT_SUBJECT',
      'MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL',
    ]);
    expect(report.verdict.blocking.map((f) => f.code)).toEqual(['GITHUB_OIDC_TRUST_WITHOUT_SUBJECT']);
  });

  it("aws (fakes): Access Analyzer's MISSING_GITHUB_REPO_CONDITION_KEY stands for the gate check", async () => {
    const point = (line: number, column: number) => ({ line, column, offset: 0 });
    aa.options.findings = () => [
      {
        findingType: 'SECURITY_WARNING',
        issueCode: 'MISSING_GITHUB_REPO_CONDITION_KEY' as WireFinding['issueCode'],
        findingDetails:
          'Granting a federated GitHub principal permissions without a condition key can allow more sources to assume the role than you intended. Add the token.actions.githubusercontent.com:sub condition key and specify the branch and repository name in the value.',
        learnMoreLink:
          'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html',
        locations: [
          {
            path: [{ value: 'Statement' }, { index: 0 }, { value: 'Principal' }, { value: 'Federated' }],
            span: { start: point(7, 21), end: point(7, 97) },
          },
        ],
      },
    ];
    try {
      const report = await run({ 'trust.json': trust(GITHUB, AUDIENCE_ONLY) }, {}, aws);
      expect(codes(report)).toEqual(['MISSING_GITHUB_REPO_CONDITION_KEY']);
      expect(report.verdict.blocking).toEqual(report.findings);
      expect(report.findings[0]?.message).toContain(
        'It also stands for GITHUB_OIDC_TRUST_WITHOUT_SUBJECT on this statement',
      );
    } finally {
      delete aa.options.findings;
    }
  });
});

/** n wildcard findings on one statement, and a simulation finding of its n actions. */
function hostile(n: number) {
  const actions = Array.from({ length: n }, (_, i) => `svc${i}:*`);
  const document = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
  });
  const at = (path: string) => ({ file: 'big.json', startLine: 1, endLine: 1, path });
  const findings: Finding[] = actions.map((_, i) => ({
    target: 'big.json',
    severity: 'SECURITY_WARNING',
    code: 'SERVICE_WIDE_WILDCARD',
    message: `svc${i}:* on "*"`,
    analyzer: 'gate',
    location: at(`Statement[0].Action[${i}]`),
  }));
  findings.push({
    target: 'big.json',
    severity: 'WARNING',
    code: 'SIMULATE_DENY_ALLOWED',
    message: `${n} actions`,
    analyzer: 'local',
    location: at('Statement[0]'),
    simulated: actions.map((a) => ({ action: a.replace('*', 'Do') })),
  });
  return { findings, document };
}

describe('onePerRisk on hostile input', () => {
  it('stays near-linear: 4x the wildcard findings on one statement (and simulated actions) cost under 9x', () => {
    const n = 2_500;
    const { large: out, ratio } = growth(n, hostile, ({ findings, document }) =>
      onePerRisk(findings, {
        targets: [{ id: 'big.json', source: { file: 'big.json' }, document, policyType: 'IDENTITY_POLICY' }],
        thresholds: { failOn: ['ERROR', 'SECURITY_WARNING'] },
        effective: (list) => list,
      }),
    );
    expect(ratio).toBeLessThan(NEAR_LINEAR_RATIO);
    // Each wildcard stands for its own service's action: the simulation finding is left out.
    expect(out).toHaveLength(4 * n);
    expect(out.every((f) => f.code === 'SERVICE_WIDE_WILDCARD')).toBe(true);
    expect(out[7]?.message).toContain(
      'It also stands for SIMULATE_DENY_ALLOWED for svc7:Do on this statement',
    );
  });
});
