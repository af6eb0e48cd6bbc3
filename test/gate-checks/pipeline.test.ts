// The gate checks are a stage of the pipeline: the same findings and verdict whether IAM Access Analyzer
// (the fake, over HTTP, with the real SDK clients) or the local analyzer ran; and `rules:` from the config
// file switches a check off or sets its severity.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackends } from '../../src/analyze/select';
import { awsClientFactories } from '../../src/clients/aws';
import { readInputs } from '../../src/config/inputs';
import { parseRepoConfig } from '../../src/config/parse';
import { resolveSettings } from '../../src/config/settings';
import { silentLogger } from '../../src/core/logger';
import type { Finding } from '../../src/core/types';
import { pipelineOptionsFrom, runPipeline } from '../../src/pipeline';
import { renderSarif } from '../../src/report/sarif';
import { type FakeAccessAnalyzer, startFakeAccessAnalyzer } from '../fakes/access-analyzer';
import { type FakeIam, startFakeIam } from '../fakes/iam';
import { useAwsEnv } from '../reliability/support';

const ADMIN = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "Admin", "Effect": "Allow", "Action": "*", "Resource": "*" }
  ]
}
`;
const DEPLOY = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "Deploy", "Effect": "Allow", "Action": ["s3:*", "lambda:UpdateFunctionCode"], "Resource": "*" }
  ]
}
`;

let aa: FakeAccessAnalyzer;
let iam: FakeIam;
let tmp: string;
beforeAll(async () => {
  aa = await startFakeAccessAnalyzer();
  iam = await startFakeIam();
  tmp = mkdtempSync(join(tmpdir(), 'iam-gate-checks-'));
  writeFileSync(join(tmp, 'admin.json'), ADMIN);
  writeFileSync(join(tmp, 'deploy.json'), DEPLOY);
});
useAwsEnv(() => ({ accessAnalyzer: aa.url, iam: iam.url }));
afterAll(async () => {
  await aa?.close();
  await iam?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function run(mode: 'aws' | 'local', file: string, config = '') {
  const settings = resolveSettings(
    readInputs(() => ''),
    parseRepoConfig(config, '.github/iam-policy-gate.yml'),
    { isPullRequest: false },
  );
  const backends = await selectBackends({
    mode,
    maxConcurrency: 4,
    env: process.env,
    clients: awsClientFactories(process.env),
  });
  return runPipeline({
    ...pipelineOptionsFrom(settings),
    workspace: tmp,
    policies: [file],
    terraformPlans: [],
    backends,
    log: silentLogger,
  });
}

const gateFindings = (findings: readonly Finding[]) =>
  findings
    .filter((f) => f.analyzer === 'gate')
    .map(({ code, severity, message, location }) => ({ code, severity, message, location }));

describe('the gate checks, whichever analyzer runs', () => {
  it('"Action": "*", "Resource": "*" fails with analyzer: aws exactly as with analyzer: local', async () => {
    const before = aa.validatedDocuments.length;
    const aws = await run('aws', 'admin.json');
    expect(aws.analyzer.kind).toBe('aws');
    expect(aa.validatedDocuments.length - before).toBe(1);
    const local = await run('local', 'admin.json');
    expect(local.analyzer.kind).toBe('local');

    for (const report of [aws, local]) {
      expect(report.verdict.result).toBe('fail');
      expect(report.verdict.blocking.map((f) => f.code)).toContain('FULL_ADMIN_ACCESS');
    }
    expect(gateFindings(aws.findings)).toEqual([
      {
        code: 'FULL_ADMIN_ACCESS',
        severity: 'SECURITY_WARNING',
        message: expect.stringMatching(
          /^The statement allows every action on every resource\. Full administrator/,
        ),
        location: expect.objectContaining({ file: 'admin.json', startLine: 4, path: 'Statement[0].Action' }),
      },
    ]);
    expect(gateFindings(local.findings)).toEqual(gateFindings(aws.findings));
  });

  it('lambda:UpdateFunctionCode on "*" blocks on AWS as locally, and s3:* is a warning on both', async () => {
    const aws = await run('aws', 'deploy.json');
    const local = await run('local', 'deploy.json');
    expect(gateFindings(aws.findings).map((f) => [f.code, f.severity])).toEqual([
      ['PRIVILEGE_ESCALATION_ACTIONS', 'SECURITY_WARNING'],
      ['SERVICE_WIDE_WILDCARD', 'WARNING'],
    ]);
    expect(gateFindings(local.findings)).toEqual(gateFindings(aws.findings));
    expect(aws.verdict.result).toBe('fail');
    expect(local.verdict.result).toBe('fail');
  });
});

describe('the reports', () => {
  it("describe a gate check's SARIF rule by its why and what to do", async () => {
    const report = await run('aws', 'admin.json');
    const rule = renderSarif(report, { version: '0.0.0' }).runs[0]?.tool.driver.rules?.find(
      (r) => r.id === 'FULL_ADMIN_ACCESS',
    );
    expect(rule?.fullDescription?.text).toBe(
      'Full administrator access: whoever holds it can do anything in the account, including grant itself ' +
        'more. Grant only the actions and resources the workload needs.',
    );
  });
});

describe('rules: in the config file', () => {
  it('switches a check off: the admin policy then passes on AWS', async () => {
    const report = await run('aws', 'admin.json', 'rules:\n  FULL_ADMIN_ACCESS: off\n');
    expect(report.findings.map((f) => f.code)).not.toContain('FULL_ADMIN_ACCESS');
    expect(report.findings.filter((f) => f.analyzer === 'gate')).toEqual([]);
  });

  it('sets the severity of a check: blocking or not', async () => {
    const lowered = await run('local', 'deploy.json', 'rules: { PRIVILEGE_ESCALATION_ACTIONS: WARNING }\n');
    expect(
      gateFindings(lowered.findings)
        .map((f) => [f.code, f.severity])
        .sort(),
    ).toEqual([
      ['PRIVILEGE_ESCALATION_ACTIONS', 'WARNING'],
      ['SERVICE_WIDE_WILDCARD', 'WARNING'],
    ]);
    expect(lowered.verdict.blocking.filter((f) => f.analyzer === 'gate')).toEqual([]);
    const raised = await run('aws', 'deploy.json', 'rules:\n  SERVICE_WIDE_WILDCARD: ERROR\n');
    expect(raised.verdict.blocking.filter((f) => f.code === 'SERVICE_WIDE_WILDCARD')).toMatchObject([
      { severity: 'ERROR' },
    ]);
  });
});
