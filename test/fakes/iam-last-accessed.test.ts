// The fake IAM's last-accessed jobs through the real IAMClient: job states, action-level details, paging,
// errors and faults, all parsed by the SDK's own awsQuery deserializer.
import {
  GenerateServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsCommand,
  IAMClient,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeIam, type FakeIamOptions, startFakeIam, type WireServiceLastAccessed } from './iam';

const ROLE = 'arn:aws:iam::111122223333:role/app';
const USED = new Date('2026-11-20T10:00:00Z');
const SERVICES: WireServiceLastAccessed[] = [
  {
    ServiceName: 'Amazon S3',
    ServiceNamespace: 's3',
    LastAuthenticated: USED,
    LastAuthenticatedEntity: ROLE,
    LastAuthenticatedRegion: 'us-east-1',
    TotalAuthenticatedEntities: 1,
    TrackedActionsLastAccessed: [
      {
        ActionName: 'GetObject',
        LastAccessedEntity: ROLE,
        LastAccessedTime: USED,
        LastAccessedRegion: 'us-east-1',
      },
      { ActionName: 'PutObject' },
    ],
  },
  { ServiceName: 'Amazon DynamoDB', ServiceNamespace: 'dynamodb', TotalAuthenticatedEntities: 0 },
  {
    ServiceName: 'AWS Identity and Access Management',
    ServiceNamespace: 'iam',
    TotalAuthenticatedEntities: 0,
  },
];

let iam: FakeIam;
const credentials = { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' };
const client = (maxAttempts = 1) =>
  new IAMClient({ region: 'us-east-1', endpoint: iam.url, credentials, maxAttempts });
const generate = async (arn = ROLE, c = client()) =>
  (await c.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn, Granularity: 'ACTION_LEVEL' })))
    .JobId!;
const get = (JobId: string, extra: { MaxItems?: number; Marker?: string } = {}, c = client()) =>
  c.send(new GetServiceLastAccessedDetailsCommand({ JobId, ...extra }));

beforeAll(async () => {
  iam = await startFakeIam();
});
afterAll(async () => {
  await iam.close();
});
afterEach(() => {
  iam.clearFaults();
  for (const key of Object.keys(iam.options)) delete iam.options[key as keyof FakeIamOptions];
});

describe('fake IAM last-accessed jobs', () => {
  it('starts a job and answers its action-level report, parsed by the SDK', async () => {
    iam.options.lastAccessed = { entities: { [ROLE]: SERVICES } };
    const jobId = await generate();
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect(iam.requests.at(-1)!.rawBody).toBe(
      `Action=GenerateServiceLastAccessedDetails&Version=2010-05-08&Arn=${encodeURIComponent(ROLE)}&Granularity=ACTION_LEVEL`,
    );
    const out = await get(jobId);
    expect(out.JobStatus).toBe('COMPLETED');
    expect(out.JobType).toBe('ACTION_LEVEL');
    expect(out.JobCreationDate).toBeInstanceOf(Date);
    expect(out.JobCompletionDate).toBeInstanceOf(Date);
    expect(out.IsTruncated).toBe(false);
    expect(out.ServicesLastAccessed).toEqual([
      {
        ServiceName: 'Amazon S3',
        ServiceNamespace: 's3',
        LastAuthenticated: USED,
        LastAuthenticatedEntity: ROLE,
        LastAuthenticatedRegion: 'us-east-1',
        TotalAuthenticatedEntities: 1,
        TrackedActionsLastAccessed: [
          {
            ActionName: 'GetObject',
            LastAccessedEntity: ROLE,
            LastAccessedTime: USED,
            LastAccessedRegion: 'us-east-1',
          },
          { ActionName: 'PutObject' },
        ],
      },
      { ServiceName: 'Amazon DynamoDB', ServiceNamespace: 'dynamodb', TotalAuthenticatedEntities: 0 },
      {
        ServiceName: 'AWS Identity and Access Management',
        ServiceNamespace: 'iam',
        TotalAuthenticatedEntities: 0,
      },
    ]);
    expect(iam.lastAccessedCalls.map((c) => [c.operation, c.arn])).toEqual([
      ['GenerateServiceLastAccessedDetails', ROLE],
      ['GetServiceLastAccessedDetails', ROLE],
    ]);
    expect(iam.calls).toHaveLength(0);
  });

  it('leaves TrackedActionsLastAccessed out of service-level jobs', async () => {
    iam.options.lastAccessed = { entities: { [ROLE]: SERVICES } };
    const { JobId } = await client().send(new GenerateServiceLastAccessedDetailsCommand({ Arn: ROLE }));
    const out = await get(JobId!);
    expect(out.JobType).toBe('SERVICE_LEVEL');
    expect(out.ServicesLastAccessed?.[0]?.TrackedActionsLastAccessed).toBeUndefined();
    expect(out.ServicesLastAccessed?.[0]?.LastAuthenticated).toEqual(USED);
  });

  it('stays IN_PROGRESS for N polls, then completes', async () => {
    iam.options.lastAccessed = { entities: { [ROLE]: SERVICES }, job: () => ({ inProgressPolls: 2 }) };
    const jobId = await generate();
    const statuses: Array<string | undefined> = [];
    for (let i = 0; i < 3; i++) {
      const out = await get(jobId);
      statuses.push(out.JobStatus);
      if (out.JobStatus === 'IN_PROGRESS') {
        expect(out.ServicesLastAccessed).toEqual([]);
        expect(out.JobCompletionDate).toBeUndefined();
      } else expect(out.ServicesLastAccessed).toHaveLength(3);
    }
    expect(statuses).toEqual(['IN_PROGRESS', 'IN_PROGRESS', 'COMPLETED']);
  });

  it('can stay IN_PROGRESS forever', async () => {
    iam.options.lastAccessed = { job: () => ({ inProgressPolls: 'never' }) };
    const jobId = await generate();
    for (let i = 0; i < 5; i++) expect((await get(jobId)).JobStatus).toBe('IN_PROGRESS');
  });

  it('ends FAILED with the Error details', async () => {
    const fail = { Code: 'InternalError', Message: 'The job failed.' };
    iam.options.lastAccessed = { entities: { [ROLE]: SERVICES }, job: () => ({ fail }) };
    const out = await get(await generate());
    expect(out.JobStatus).toBe('FAILED');
    expect(out.Error).toEqual(fail);
    expect(out.ServicesLastAccessed).toEqual([]);
  });

  it('pages with MaxItems and Marker, and refuses a foreign Marker', async () => {
    iam.options.lastAccessed = { entities: { [ROLE]: SERVICES } };
    const jobId = await generate();
    const first = await get(jobId, { MaxItems: 2 });
    expect(first.IsTruncated).toBe(true);
    expect(first.ServicesLastAccessed?.map((s) => s.ServiceNamespace)).toEqual(['s3', 'dynamodb']);
    const second = await get(jobId, { MaxItems: 2, Marker: first.Marker! });
    expect(second.IsTruncated).toBe(false);
    expect(second.Marker).toBeUndefined();
    expect(second.ServicesLastAccessed?.map((s) => s.ServiceNamespace)).toEqual(['iam']);
    const other = await generate();
    await expect(get(other, { Marker: first.Marker! })).rejects.toMatchObject({
      name: 'InvalidInputException',
    });
  });

  it('pages by its own pageSize too', async () => {
    iam.options.lastAccessed = { entities: { [ROLE]: SERVICES }, pageSize: 1 };
    const first = await get(await generate());
    expect(first.ServicesLastAccessed).toHaveLength(1);
    expect(first.IsTruncated).toBe(true);
  });

  it('answers NoSuchEntity for an unknown entity or job', async () => {
    iam.options.lastAccessed = { entities: { [ROLE]: SERVICES } };
    const err = await generate('arn:aws:iam::111122223333:role/gone').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoSuchEntityException);
    expect((err as Error).message).toContain('role/gone');
    await expect(get('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NoSuchEntityException);
  });

  it('throttles and retries through the SDK', async () => {
    iam.options.lastAccessed = { entities: { [ROLE]: SERVICES } };
    iam.injectLastAccessedFaults({
      times: 2,
      when: (c) => c.operation === 'GetServiceLastAccessedDetails',
      fault: { error: 'Throttling' },
    });
    const jobId = await generate();
    const out = await get(jobId, {}, client(3));
    expect(out.JobStatus).toBe('COMPLETED');
    expect(iam.lastAccessedCalls.filter((c) => c.jobId === jobId)).toHaveLength(3);
    iam.injectLastAccessedFaults({ fault: { error: 'Throttling' } });
    await expect(get(jobId)).rejects.toMatchObject({
      name: 'Throttling',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('denies access naming the operation, without touching SimulateCustomPolicy faults', async () => {
    iam.injectLastAccessedFaults({ fault: { error: 'AccessDenied' } });
    const err = await generate().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect((err as Error).message).toContain('iam:GenerateServiceLastAccessedDetails');
  });
});
