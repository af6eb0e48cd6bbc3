// The simulate stage through the real IAMClient against the fake IAM over HTTP.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { expandActions } from '../../src/analyze/local';
import { createSimulator, type SimulateLists } from '../../src/analyze/simulate';
import { createIamClient } from '../../src/clients/aws';
import { type Logger, silentLogger } from '../../src/core/logger';
import { DEFAULT_SIMULATE_DENY } from '../../src/core/privilege-escalation';
import { decide } from '../../src/decide/verdict';
import { type FakeIam, type FakeIamOptions, startFakeIam } from '../fakes/iam';
import { target } from './support';

const IAM_STAR = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "iam:*",
      "Resource": "*"
    }
  ]
}
`;
const READER =
  '{"Version":"2012-10-17","Statement":[{"Sid":"List","Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}';
const DENIES_GET = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": "s3:*", "Resource": "*" },
    { "Sid": "NoGet", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "*" }
  ]
}`;

const lists = (extra: Partial<SimulateLists> = {}): SimulateLists => ({
  deny: DEFAULT_SIMULATE_DENY,
  allow: [],
  denySeverity: 'WARNING',
  ...extra,
});

let iam: FakeIam;
beforeAll(async () => {
  iam = await startFakeIam();
});
afterAll(async () => {
  await iam.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
  iam.clearFaults();
  for (const key of Object.keys(iam.options)) delete iam.options[key as keyof FakeIamOptions];
  iam.calls.length = 0;
});

function simulator(opts: { maxConcurrency?: number; batchSize?: number; attempts?: string } = {}) {
  vi.stubEnv('AWS_ENDPOINT_URL_IAM', iam.url);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFAKE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'fake-secret');
  vi.stubEnv('AWS_MAX_ATTEMPTS', opts.attempts ?? '3');
  const client = createIamClient('eu-west-1', process.env);
  return createSimulator({
    client,
    maxConcurrency: opts.maxConcurrency ?? 4,
    ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
  });
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info: ${m}`),
    warning: (m) => lines.push(`warning: ${m}`),
    debug: (m) => lines.push(`debug: ${m}`),
    group: (_n, fn) => fn(),
  };
}

describe('simulate stage (SimulateCustomPolicy)', () => {
  it('reports one finding for the statement, naming every deny-listed iam: action it allows', async () => {
    const findings = await simulator().simulate([target('iam/admin.json', IAM_STAR)], lists(), silentLogger);
    const iamActions = DEFAULT_SIMULATE_DENY.filter((a) => a.startsWith('iam:'));
    expect(iamActions.length).toBeGreaterThan(15);
    expect(findings).toHaveLength(1);
    const [folded] = findings;
    expect(folded).toMatchObject({
      target: 'iam/admin.json',
      code: 'SIMULATE_DENY_ALLOWED',
      severity: 'WARNING',
      analyzer: 'simulate',
      location: {
        file: 'iam/admin.json',
        startLine: 4,
        endLine: 8,
        startColumn: 5,
        endColumn: 5,
        path: 'Statement[0]',
      },
    });
    expect(folded?.simulated?.map((a) => a.action).sort()).toEqual([...iamActions].sort());
    // The message stays one bounded line: the first ten actions, then how many more.
    expect(folded?.message).toBe(
      `${iamActions.length} actions that simulate.deny forbids, each a privilege escalation: the statement ` +
        `allows ${iamActions.slice(0, 10).join(', ')} and ${iamActions.length - 10} more.`,
    );
  });

  it('keeps the one-action message of a statement that allows one deny-listed action', async () => {
    const findings = await simulator().simulate(
      [target('iam/admin.json', IAM_STAR)],
      lists({ deny: ['iam:CreateAccessKey'] }),
      silentLogger,
    );
    expect(findings.map((f) => f.message)).toEqual([
      'Allows iam:CreateAccessKey, which simulate.deny forbids; privilege escalation: create access keys for another user.',
    ]);
    expect(findings[0]?.simulated).toEqual([{ action: 'iam:CreateAccessKey' }]);
  });

  it('fails the gate when a policy does not allow an action of simulate.allow', async () => {
    const findings = await simulator().simulate(
      [target('iam/reader.json', READER)],
      lists({ deny: [], allow: ['s3:GetObject'] }),
      silentLogger,
    );
    expect(findings).toEqual([
      {
        target: 'iam/reader.json',
        severity: 'ERROR',
        code: 'SIMULATE_ALLOW_DENIED',
        message: 'The policy does not allow s3:GetObject, which simulate.allow requires.',
        analyzer: 'simulate',
        location: { file: 'iam/reader.json', startLine: 1, endLine: 1 },
        simulated: [{ action: 's3:GetObject' }],
      },
    ]);
    expect(decide(findings, { failOn: ['ERROR', 'SECURITY_WARNING'] }).result).toBe('fail');
  });

  it('points an explicit deny of an allow-listed action at the Deny statement', async () => {
    const findings = await simulator().simulate(
      [target('deny.json', DENIES_GET)],
      lists({ deny: ['s3:DeleteBucket'], allow: ['s3:Get*'], denySeverity: 'SECURITY_WARNING' }),
      silentLogger,
    );
    const get = findings.find((f) => f.code === 'SIMULATE_ALLOW_DENIED');
    expect(get).toMatchObject({
      message: 'The policy explicitly denies s3:GetObject, which simulate.allow requires (s3:Get*).',
      location: { startLine: 5, endLine: 5, startColumn: 5, path: 'Statement[1]' },
    });
    expect(findings.filter((f) => f.code === 'SIMULATE_ALLOW_DENIED')).toHaveLength(1);
    expect(findings.find((f) => f.code === 'SIMULATE_DENY_ALLOWED')).toMatchObject({
      severity: 'SECURITY_WARNING',
      message: 'Allows s3:DeleteBucket, which simulate.deny forbids.',
      location: { startLine: 4, startColumn: 5, path: 'Statement[0]' },
    });
  });

  it('locates a result without MatchedStatements positions with the local evaluator, not at line 1', async () => {
    const policy = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" },
    { "Sid": "Pass", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" },
    { "Sid": "NoDelete", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*" }
  ]
}`;
    // IAM's answer names the decisions but no statements (as it may): every position is missing.
    iam.options.results = (call) =>
      call.actionNames.map((action) => ({
        EvalActionName: action,
        EvalResourceName: '*',
        EvalDecision:
          action === 'iam:PassRole'
            ? 'allowed'
            : action === 's3:DeleteObject'
              ? 'explicitDeny'
              : 'implicitDeny',
        MatchedStatements: [],
        MissingContextValues: [],
        ResourceSpecificResults: [],
      }));
    const findings = await simulator().simulate(
      [target('pass.json', policy)],
      lists({ deny: ['iam:PassRole'], allow: ['s3:DeleteObject', 's3:PutObject'] }),
      silentLogger,
    );
    expect(iam.calls).toHaveLength(1);
    expect(findings.map((f) => [f.code, f.message, f.location])).toEqual([
      [
        'SIMULATE_DENY_ALLOWED',
        expect.stringMatching(/^Allows iam:PassRole, /),
        { file: 'pass.json', startLine: 5, endLine: 5, startColumn: 5, endColumn: 83, path: 'Statement[1]' },
      ],
      [
        'SIMULATE_ALLOW_DENIED',
        'The policy explicitly denies s3:DeleteObject, which simulate.allow requires.',
        { file: 'pass.json', startLine: 6, endLine: 6, startColumn: 5, endColumn: 89, path: 'Statement[2]' },
      ],
      // Nothing allows it: the policy as a whole, as before.
      [
        'SIMULATE_ALLOW_DENIED',
        'The policy does not allow s3:PutObject, which simulate.allow requires.',
        { file: 'pass.json', startLine: 1, endLine: 1 },
      ],
    ]);
  });

  it('keeps the policy line when the local evaluation does not reach the decision AWS answered', async () => {
    iam.options.results = (call) =>
      call.actionNames.map((action) => ({
        EvalActionName: action,
        EvalResourceName: '*',
        EvalDecision: 'allowed',
        MatchedStatements: [],
        MissingContextValues: [],
        ResourceSpecificResults: [],
      }));
    const findings = await simulator().simulate(
      [target('r.json', READER)],
      lists({ deny: ['iam:PassRole'] }),
      silentLogger,
    );
    expect(findings.map((f) => f.location)).toEqual([{ file: 'r.json', startLine: 1, endLine: 1 }]);
  });

  it('batches the expanded actions within the per-call limit and reads every page', async () => {
    iam.options.maxActionNames = 100;
    iam.options.pageSize = 30;
    const all = expandActions(['iam:*']);
    expect(all.length).toBeGreaterThan(100);
    const findings = await simulator().simulate(
      [target('a.json', IAM_STAR)],
      lists({ deny: ['iam:*'] }),
      silentLogger,
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]?.simulated).toHaveLength(all.length);
    expect(findings[0]?.message).toMatch(
      new RegExp(`^${all.length} actions that simulate.deny forbids \\(iam:\\*\\)`),
    );
    const firstPages = iam.calls.filter((c) => c.marker === undefined);
    expect(firstPages).toHaveLength(Math.ceil(all.length / 100));
    expect(firstPages.every((c) => c.actionNames.length <= 100 && c.maxItems === 1000)).toBe(true);
    expect(iam.calls.length).toBeGreaterThan(firstPages.length);
    expect(iam.calls.every((c) => c.actionNames.every((a) => !a.includes('*')))).toBe(true);

    iam.calls.length = 0;
    await simulator({ batchSize: 10 }).simulate([target('a.json', IAM_STAR)], lists(), silentLogger);
    expect(iam.calls.filter((c) => c.marker === undefined)).toHaveLength(
      Math.ceil(DEFAULT_SIMULATE_DENY.length / 10),
    );
  });

  it('simulates identical documents once and reports each target', async () => {
    const embedded = target('plan.json#aws_iam_policy.admin', IAM_STAR, {
      source: { file: 'main.tf', line: 12, address: 'aws_iam_policy.admin' },
    });
    const findings = await simulator().simulate(
      [target('a.json', IAM_STAR), target('b.json', IAM_STAR), embedded],
      lists({ deny: ['iam:CreateUser'] }),
      silentLogger,
    );
    expect(iam.calls).toHaveLength(1);
    expect(findings.map((f) => f.target)).toEqual(['a.json', 'b.json', 'plan.json#aws_iam_policy.admin']);
    // An embedded document points at its source line, and names the statement (one-per-risk matches on it).
    expect(findings[2]?.location).toEqual({
      file: 'main.tf',
      startLine: 12,
      endLine: 12,
      path: 'Statement[0]',
    });
  });

  it('does not simulate resource policies, SCPs or RCPs, and says why in the debug log', async () => {
    const log = recordingLogger();
    const findings = await simulator().simulate(
      [
        target('bucket.json', IAM_STAR, { policyType: 'RESOURCE_POLICY' }),
        target('scp.json', IAM_STAR, { policyType: 'SERVICE_CONTROL_POLICY' }),
      ],
      lists(),
      log,
    );
    expect(findings).toEqual([]);
    expect(iam.calls).toHaveLength(0);
    expect(log.lines.filter((l) => l.startsWith('debug: Simulation skips 2'))).toHaveLength(1);
  });

  it('retries throttling and fails closed with ANALYSIS_FAILED when it persists', async () => {
    iam.injectFaults({ times: 1, fault: { error: 'Throttling' } });
    const ok = await simulator().simulate([target('a.json', IAM_STAR)], lists(), silentLogger);
    expect(ok[0]?.simulated?.length).toBeGreaterThan(15);

    iam.injectFaults({ when: (c) => c.policies[0] === READER, fault: { error: 'Throttling' } });
    const findings = await simulator({ attempts: '2' }).simulate(
      [target('a.json', IAM_STAR), target('r1.json', READER), target('r2.json', READER)],
      lists({ allow: ['s3:ListBucket'] }),
      silentLogger,
    );
    const failed = findings.filter((f) => f.code === 'ANALYSIS_FAILED');
    expect(failed.map((f) => f.target)).toEqual(['r1.json', 'r2.json']);
    expect(failed[0]).toMatchObject({ severity: 'ERROR', analyzer: 'gate' });
    expect(failed[0]?.message).toMatch(/Throttling.*after 2 attempts.*lower max-concurrency/);
    expect(findings.find((f) => f.target === 'a.json')?.simulated?.length).toBeGreaterThan(15);
  });

  it('names the missing permission on AccessDenied', async () => {
    iam.injectFaults({ fault: { error: 'AccessDenied' } });
    const [finding] = await simulator().simulate([target('a.json', READER)], lists(), silentLogger);
    expect(finding?.code).toBe('ANALYSIS_FAILED');
    expect(finding?.message).toMatch(/AccessDenied \(HTTP 403\).*Allow iam:SimulateCustomPolicy/);
  });

  it('skips invalid JSON and fails closed on a document the API would refuse', async () => {
    const big = `{"Version":"2012-10-17","Statement":[{"Sid":"${'x'.repeat(131_072)}","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`;
    const unicode = READER.replace('List', 'Lïst✓');
    const findings = await simulator().simulate(
      [target('broken.json', '{"Statement": ['), target('big.json', big), target('u.json', unicode)],
      lists(),
      silentLogger,
    );
    expect(iam.calls).toHaveLength(0);
    expect(findings.map((f) => [f.target, f.code])).toEqual([
      ['big.json', 'ANALYSIS_FAILED'],
      ['u.json', 'ANALYSIS_FAILED'],
    ]);
    expect(findings[0]?.message).toMatch(/at most 131072/);
  });

  it('warns about patterns that match no action and simulates nothing without actions', async () => {
    const log = recordingLogger();
    const findings = await simulator().simulate(
      [target('a.json', IAM_STAR)],
      lists({ deny: ['nosuch:*'] }),
      log,
    );
    expect(findings).toEqual([]);
    expect(iam.calls).toHaveLength(0);
    expect(log.lines).toContain("warning: simulate: no action of IAM's catalogue matches nosuch:*.");
  });
});
