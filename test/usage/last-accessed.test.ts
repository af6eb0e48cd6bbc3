// IAM's last-accessed data through the real IAMClient against the fake IAM: job polling with backoff, every
// page, the time budget, and failures as reasons (never a throw, never a hang).
import { IAMClient } from '@aws-sdk/client-iam';
import pLimit from 'p-limit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createIamClient } from '../../src/clients/aws';
import { readLastAccessed } from '../../src/usage';
import { type FakeIam, type FakeIamOptions, startFakeIam, type WireServiceLastAccessed } from '../fakes/iam';

const ROLE = 'arn:aws:iam::111122223333:role/app';
const USER = 'arn:aws:iam::111122223333:user/ci';
const USED = new Date('2026-11-20T10:00:00Z');
const S3: WireServiceLastAccessed = {
  ServiceName: 'Amazon S3',
  ServiceNamespace: 's3',
  LastAuthenticated: USED,
  TrackedActionsLastAccessed: [
    { ActionName: 'GetObject', LastAccessedTime: USED },
    { ActionName: 'PutObject' },
  ],
};
const SQS: WireServiceLastAccessed = { ServiceName: 'Amazon SQS', ServiceNamespace: 'sqs' };

let iam: FakeIam;
const credentials = { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' };
const client = (maxAttempts = 3) =>
  new IAMClient({ region: 'us-east-1', endpoint: iam.url, credentials, maxAttempts });
const read = (arns: string[], extra: Partial<Parameters<typeof readLastAccessed>[1]> = {}) =>
  readLastAccessed(arns, {
    client: client(),
    limit: pLimit(4),
    timeoutMs: 5_000,
    pollMs: { first: 5, max: 20 },
    ...extra,
  });

beforeAll(async () => {
  iam = await startFakeIam();
});
afterAll(async () => {
  await iam.close();
});
afterEach(() => {
  iam.clearFaults();
  iam.lastAccessedCalls.length = 0;
  for (const key of Object.keys(iam.options)) delete iam.options[key as keyof FakeIamOptions];
  vi.unstubAllEnvs();
});

describe('readLastAccessed', () => {
  it('starts an ACTION_LEVEL job per principal, polls until COMPLETED and reads every page', async () => {
    iam.options.lastAccessed = {
      entities: { [ROLE]: [S3, SQS], [USER]: [SQS] },
      job: (arn) => ({ inProgressPolls: arn === ROLE ? 3 : 0 }),
      pageSize: 1,
    };
    const out = await read([ROLE, USER, ROLE]);
    expect(out).toEqual([
      {
        arn: ROLE,
        status: 'available',
        completedAt: expect.any(Date),
        services: [
          {
            namespace: 's3',
            name: 'Amazon S3',
            lastAuthenticated: USED,
            actionLevel: true,
            actions: [{ action: 's3:GetObject', lastAccessed: USED }, { action: 's3:PutObject' }],
          },
          { namespace: 'sqs', name: 'Amazon SQS', actionLevel: false, actions: [] },
        ],
      },
      {
        arn: USER,
        status: 'available',
        completedAt: expect.any(Date),
        services: [{ namespace: 'sqs', name: 'Amazon SQS', actionLevel: false, actions: [] }],
      },
    ]);
    const generate = iam.lastAccessedCalls.filter(
      (c) => c.operation === 'GenerateServiceLastAccessedDetails',
    );
    expect(generate.map((c) => [c.arn, c.params.Granularity])).toEqual([
      [ROLE, 'ACTION_LEVEL'],
      [USER, 'ACTION_LEVEL'],
    ]);
    const roleGets = iam.lastAccessedCalls.filter(
      (c) => c.operation === 'GetServiceLastAccessedDetails' && c.arn === ROLE,
    );
    // Three IN_PROGRESS polls, then two pages.
    expect(roleGets.map((c) => c.marker !== undefined)).toEqual([false, false, false, false, true]);
  });

  it('gives up on a job that stays IN_PROGRESS at the time budget, with a reason, without hanging', async () => {
    iam.options.lastAccessed = { entities: { [ROLE]: [S3] }, job: () => ({ inProgressPolls: 'never' }) };
    const started = Date.now();
    const out = await read([ROLE], { timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(out).toEqual([
      {
        arn: ROLE,
        status: 'unavailable',
        reason:
          "IAM's last-accessed job did not complete within usage.timeout-seconds (0.3 s); usage is not shown. Raise usage.timeout-seconds, or re-run later.",
      },
    ]);
  });

  it('aborts a call in flight at the budget (an IAM that does not answer)', async () => {
    iam.injectLastAccessedFaults({ fault: { delayMs: 5_000 } });
    const started = Date.now();
    const [out] = await read([ROLE], { timeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(out).toMatchObject({
      status: 'unavailable',
      reason: expect.stringContaining('did not start within'),
    });
  });

  it('names the missing permission on AccessDenied', async () => {
    iam.injectLastAccessedFaults({ fault: { error: 'AccessDenied' } });
    const [out] = await read([ROLE]);
    expect(out).toEqual({
      arn: ROLE,
      status: 'unavailable',
      reason:
        'iam:GenerateServiceLastAccessedDetails failed with AccessDenied (HTTP 403): User: arn:aws:sts::123456789012:assumed-role/ci/gate is not authorized to perform: iam:GenerateServiceLastAccessedDetails. Allow iam:GenerateServiceLastAccessedDetails and iam:GetServiceLastAccessedDetails for the AWS role the workflow uses.',
    });
  });

  it('retries throttling through the SDK, and reports it once retries are spent', async () => {
    iam.options.lastAccessed = { entities: { [ROLE]: [S3] } };
    iam.injectLastAccessedFaults({ times: 1, fault: { error: 'Throttling' } });
    expect((await read([ROLE]))[0]).toMatchObject({ status: 'available' });
    iam.injectLastAccessedFaults({
      when: (c) => c.operation === 'GetServiceLastAccessedDetails',
      fault: { error: 'Throttling' },
    });
    const [out] = await read([ROLE], { client: client(1) });
    expect(out).toMatchObject({
      status: 'unavailable',
      reason: expect.stringMatching(
        /^iam:GetServiceLastAccessedDetails failed with Throttling \(HTTP 400\).*IAM kept throttling/,
      ),
    });
  });

  it('reports a FAILED job, an unknown principal, and a page chain that loops', async () => {
    iam.options.lastAccessed = {
      entities: { [ROLE]: [S3], [USER]: [S3, SQS] },
      job: (arn) => (arn === ROLE ? { fail: { Code: 'InternalError', Message: 'Try again.' } } : undefined),
      pageSize: 1,
    };
    const gone = 'arn:aws:iam::111122223333:role/gone';
    // Every page of USER's job after the first repeats the first page's Marker.
    let marker: string | undefined;
    iam.options.lastAccessed.hook = (c) => {
      if (c.arn !== USER || c.operation !== 'GetServiceLastAccessedDetails') return undefined;
      if (c.marker === undefined) return undefined;
      marker ??= c.marker;
      return {
        raw: {
          body: `<GetServiceLastAccessedDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetServiceLastAccessedDetailsResult><JobStatus>COMPLETED</JobStatus><JobCreationDate>2026-12-01T00:00:00Z</JobCreationDate><JobCompletionDate>2026-12-01T00:00:01Z</JobCompletionDate><ServicesLastAccessed/><IsTruncated>true</IsTruncated><Marker>${marker}</Marker></GetServiceLastAccessedDetailsResult></GetServiceLastAccessedDetailsResponse>`,
          headers: { 'content-type': 'text/xml' },
        },
      };
    };
    const out = await read([ROLE, gone, USER]);
    expect(out.map((u) => (u.status === 'unavailable' ? u.reason : 'available'))).toEqual([
      "IAM's last-accessed job failed (InternalError: Try again.).",
      expect.stringMatching(
        /^iam:GenerateServiceLastAccessedDetails failed with NoSuchEntityException \(HTTP 404\).*does not exist in this account/,
      ),
      'iam:GetServiceLastAccessedDetails repeated a Marker: the pages loop; the report is incomplete.',
    ]);
  });

  it('works with the gate’s own IAM client factory (endpoint from AWS_ENDPOINT_URL_IAM)', async () => {
    iam.options.lastAccessed = { entities: { [ROLE]: [SQS] } };
    vi.stubEnv('AWS_ENDPOINT_URL_IAM', iam.url);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFAKE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'fake');
    const [out] = await read([ROLE], { client: createIamClient('eu-west-1', process.env) });
    expect(out).toMatchObject({ status: 'available', services: [{ namespace: 'sqs' }] });
  });
});
