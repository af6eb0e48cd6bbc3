// The custom policy checks through the real SDK client against the fake Access Analyzer over HTTP.
import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CustomChecks, runCustomChecks, statementLocation } from '../../src/analyze/custom-checks';
import { type Logger, silentLogger } from '../../src/core/logger';
import { type FakeAccessAnalyzer, startFakeAccessAnalyzer } from '../fakes/access-analyzer';
import { target } from './support';

const NARROW = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::b/*"
    }
  ]
}
`;
const WIDE = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::b/*"
    },
    {
      "Sid": "Wide",
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": "*"
    }
  ]
}
`;
const PUBLIC_BUCKET =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}';

const CHECKS: CustomChecks = { noNewAccess: true, noPublicAccess: false, severity: 'SECURITY_WARNING' };

let aa: FakeAccessAnalyzer;
let client: AccessAnalyzerClient;

beforeAll(async () => {
  aa = await startFakeAccessAnalyzer();
  client = new AccessAnalyzerClient({
    region: 'us-east-1',
    endpoint: aa.url,
    credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client.destroy();
  await aa.close();
});
afterEach(() => {
  delete aa.options.customChecks;
  aa.clearFaults();
  aa.requests.length = 0;
  for (const op of Object.keys(aa.calls) as (keyof typeof aa.calls)[]) aa.calls[op] = 0;
});

const bodies = (path: string) =>
  aa.requests.filter((r) => r.path === path).map((r) => r.body as Record<string, unknown>);

describe('runCustomChecks: CheckNoNewAccess', () => {
  it('turns a FAIL into NEW_ACCESS at the statement the reason names', async () => {
    aa.options.customChecks = (call) =>
      call.operation === 'CheckNoNewAccess' && call.document.includes('"s3:*"')
        ? {
            result: 'FAIL',
            message: 'The modified permissions grant new access compared to your existing policy.',
            reasons: [
              {
                description: 'New access in the statement with index: 1.',
                statementIndex: 1,
                statementId: 'Wide',
              },
            ],
          }
        : { result: 'PASS', message: 'ok', reasons: [] };
    const findings = await runCustomChecks(
      [
        target('p/wide.json', WIDE, { baseline: NARROW }),
        target('p/same.json', NARROW, { baseline: NARROW }),
      ],
      CHECKS,
      { client, maxConcurrency: 4 },
      silentLogger,
    );
    expect(findings).toEqual([
      {
        target: 'p/wide.json',
        severity: 'SECURITY_WARNING',
        code: 'NEW_ACCESS',
        message:
          'The modified permissions grant new access compared to your existing policy. ' +
          'New access in the statement with index: 1. (statement Wide)',
        analyzer: 'access-analyzer',
        location: {
          file: 'p/wide.json',
          startLine: 9,
          endLine: 14,
          startColumn: 5,
          endColumn: 5,
          path: 'Statement[1]',
        },
      },
    ]);
    expect(bodies('/policy/check-no-new-access')).toEqual([
      { newPolicyDocument: WIDE, existingPolicyDocument: NARROW, policyType: 'IDENTITY_POLICY' },
      { newPolicyDocument: NARROW, existingPolicyDocument: NARROW, policyType: 'IDENTITY_POLICY' },
    ]);
  });

  it('skips new policies (debug note), SCPs, and checks identical inputs once', async () => {
    const debug = vi.fn();
    const log: Logger = { ...silentLogger, debug };
    aa.options.customChecks = () => ({ result: 'FAIL', message: 'New access.', reasons: [] });
    const findings = await runCustomChecks(
      [
        target('a.json', WIDE, { baseline: NARROW }),
        target('b.json', WIDE, { baseline: NARROW }),
        target('new.json', WIDE),
        target('scp.json', WIDE, { baseline: NARROW, policyType: 'SERVICE_CONTROL_POLICY' }),
      ],
      CHECKS,
      { client, maxConcurrency: 2 },
      log,
    );
    expect(aa.calls.CheckNoNewAccess).toBe(1);
    expect(findings.map((f) => [f.target, f.code, f.message, f.location?.startLine])).toEqual([
      ['a.json', 'NEW_ACCESS', 'New access.', 1],
      ['b.json', 'NEW_ACCESS', 'New access.', 1],
    ]);
    expect(debug.mock.calls.flat().join('\n')).toContain(
      'new.json: CheckNoNewAccess skipped: new policy: no baseline to compare',
    );
  });

  it('points an embedded document at its source line', async () => {
    aa.options.customChecks = () => ({
      result: 'FAIL',
      message: 'New access.',
      reasons: [{ description: 'd', statementIndex: 1 }],
    });
    const findings = await runCustomChecks(
      [
        target('plan.json#aws_iam_policy.p.policy', WIDE, {
          baseline: NARROW,
          source: { file: 'main.tf', line: 7 },
        }),
      ],
      CHECKS,
      { client, maxConcurrency: 1 },
      silentLogger,
    );
    expect(findings[0]?.location).toEqual({
      file: 'main.tf',
      startLine: 7,
      endLine: 7,
      path: 'Statement[1]',
    });
  });

  it('turns errors into ANALYSIS_FAILED naming the permission', async () => {
    aa.injectFaults({ fault: { error: 'AccessDeniedException', message: 'not allowed' } });
    const findings = await runCustomChecks(
      [target('a.json', WIDE, { baseline: NARROW })],
      CHECKS,
      { client, maxConcurrency: 1 },
      silentLogger,
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]?.code).toBe('ANALYSIS_FAILED');
    expect(findings[0]?.analyzer).toBe('gate');
    expect(findings[0]?.message).toContain('access-analyzer:CheckNoNewAccess');
  });
});

describe('runCustomChecks on an answer it cannot read', () => {
  it('fails closed when the answer has no PASS or FAIL result', async () => {
    aa.injectFaults({ fault: { raw: { status: 200, body: '{}' } } });
    const findings = await runCustomChecks(
      [target('a.json', WIDE, { baseline: NARROW })],
      CHECKS,
      { client, maxConcurrency: 1 },
      silentLogger,
    );
    expect(findings.map((f) => f.code)).toEqual(['ANALYSIS_FAILED']);
    expect(findings[0]?.message).toContain('no PASS or FAIL result');
  });
});

describe('runCustomChecks: CheckAccessNotGranted and CheckNoPublicAccess', () => {
  it('sends one access item and maps FAIL to ACCESS_GRANTED', async () => {
    aa.options.customChecks = (call) =>
      call.operation === 'CheckAccessNotGranted'
        ? {
            result: 'FAIL',
            message: 'The policy document grants access to perform one or more of the listed actions.',
            reasons: [
              {
                description: 'One or more of the listed actions in the statement with index: 1.',
                statementIndex: 1,
              },
            ],
          }
        : { result: 'PASS', message: 'ok' };
    const findings = await runCustomChecks(
      [target('a.json', WIDE)],
      {
        noNewAccess: false,
        noPublicAccess: false,
        severity: 'ERROR',
        accessNotGranted: { actions: ['s3:DeleteBucket'] },
      },
      { client, maxConcurrency: 1 },
      silentLogger,
    );
    expect(bodies('/policy/check-access-not-granted')).toEqual([
      { policyDocument: WIDE, policyType: 'IDENTITY_POLICY', access: [{ actions: ['s3:DeleteBucket'] }] },
    ]);
    expect(findings.map((f) => [f.code, f.severity, f.location?.path])).toEqual([
      ['ACCESS_GRANTED', 'ERROR', 'Statement[1]'],
    ]);
  });

  it('checks resource policies of supported types only and maps FAIL to PUBLIC_ACCESS', async () => {
    const debug = vi.fn();
    aa.options.customChecks = (call) =>
      call.operation === 'CheckNoPublicAccess'
        ? {
            result: 'FAIL',
            message: 'The resource policy grants public access for the given resource type.',
            reasons: [
              {
                description: 'Public access granted in the following statement with index: 0.',
                statementIndex: 0,
              },
            ],
          }
        : { result: 'PASS', message: 'ok' };
    const findings = await runCustomChecks(
      [
        target('bucket.json', PUBLIC_BUCKET, {
          policyType: 'RESOURCE_POLICY',
          resourceType: 'AWS::S3::Bucket',
        }),
        target('queue', PUBLIC_BUCKET, { policyType: 'RESOURCE_POLICY' }),
        target('other', PUBLIC_BUCKET, { policyType: 'RESOURCE_POLICY', resourceType: 'AWS::Foo::Bar' }),
        target('identity.json', PUBLIC_BUCKET),
      ],
      { noNewAccess: false, noPublicAccess: true, severity: 'SECURITY_WARNING' },
      {
        client,
        maxConcurrency: 2,
        publicAccessResourceType: (t) => (t.id === 'queue' ? 'AWS::SQS::Queue' : undefined),
      },
      { ...silentLogger, debug },
    );
    expect(bodies('/policy/check-no-public-access')).toEqual([
      { policyDocument: PUBLIC_BUCKET, resourceType: 'AWS::S3::Bucket' },
      { policyDocument: PUBLIC_BUCKET, resourceType: 'AWS::SQS::Queue' },
    ]);
    expect(findings.map((f) => [f.target, f.code, f.location?.path])).toEqual([
      ['bucket.json', 'PUBLIC_ACCESS', 'Statement[0]'],
      ['queue', 'PUBLIC_ACCESS', 'Statement[0]'],
    ]);
    expect(debug.mock.calls.flat().join('\n')).toContain('other: CheckNoPublicAccess skipped');
  });

  it('makes no call when nothing is configured', async () => {
    const findings = await runCustomChecks(
      [target('a.json', WIDE, { baseline: NARROW })],
      { noNewAccess: false, noPublicAccess: false, severity: 'ERROR' },
      { client, maxConcurrency: 1 },
      silentLogger,
    );
    expect(findings).toEqual([]);
    expect(aa.requests).toHaveLength(0);
  });
});

describe('statementLocation', () => {
  it('finds a single-object Statement and falls back to line 1', () => {
    const doc = '{\n  "Statement": {\n    "Effect": "Allow"\n  }\n}';
    expect(statementLocation(target('s.json', doc), 0)).toMatchObject({
      startLine: 2,
      endLine: 4,
      path: 'Statement',
    });
    expect(statementLocation(target('s.json', doc), 3)).toMatchObject({ startLine: 1, endLine: 1 });
    expect(statementLocation(target('s.json', 'not json'), 0)).toMatchObject({ startLine: 1 });
  });
});
