// The fake IAM through the real IAMClient: awsQuery wire format, evaluation, paging, errors and faults.
import {
  IAMClient,
  paginateSimulateCustomPolicy,
  SimulateCustomPolicyCommand,
  type SimulateCustomPolicyCommandInput,
} from '@aws-sdk/client-iam';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FakeIam, type FakeIamOptions, startFakeIam } from './iam';

const CLI_EXAMPLE =
  '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}';
const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": ["iam:*", "s3:Get*"], "Resource": "*" },
    {
      "Sid": "NoKeys",
      "Effect": "Deny",
      "Action": "iam:CreateAccessKey",
      "Resource": "*"
    },
    { "Effect": "Allow", "Action": "ec2:*", "Resource": "*", "Condition": { "Bool": { "aws:SecureTransport": "true" } } },
    { "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q" }
  ]
}`;

let iam: FakeIam;
const credentials = { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' };
const client = (extra: Partial<ConstructorParameters<typeof IAMClient>[0]> = {}) =>
  new IAMClient({ region: 'us-east-1', endpoint: iam.url, credentials, maxAttempts: 3, ...extra });
const simulate = (input: Partial<SimulateCustomPolicyCommandInput>, c = client()) =>
  c.send(new SimulateCustomPolicyCommand({ PolicyInputList: [POLICY], ActionNames: [], ...input }));

beforeAll(async () => {
  iam = await startFakeIam();
});
afterAll(async () => {
  await iam.close();
});
afterEach(() => {
  iam.clearFaults();
  for (const key of Object.keys(iam.options)) delete iam.options[key as keyof FakeIamOptions];
  vi.unstubAllEnvs();
});

describe('fake IAM', () => {
  it('speaks awsQuery: form-encoded lists in, XML results out', async () => {
    const out = await simulate({ ActionNames: ['iam:CreateUser', 's3:GetObject', 's3:PutObject'] });
    const request = iam.requests.at(-1)!;
    expect(request.headers['content-type']).toMatch(/application\/x-www-form-urlencoded/);
    expect(request.rawBody).toMatch(/^Action=SimulateCustomPolicy&Version=2010-05-08/);
    expect(request.rawBody).toContain('ActionNames.member.2=s3%3AGetObject');
    expect(iam.calls.at(-1)).toMatchObject({
      actionNames: ['iam:CreateUser', 's3:GetObject', 's3:PutObject'],
    });
    expect(out.IsTruncated).toBe(false);
    expect(out.EvaluationResults?.map((r) => [r.EvalActionName, r.EvalDecision])).toEqual([
      ['iam:CreateUser', 'allowed'],
      ['s3:GetObject', 'allowed'],
      ['s3:PutObject', 'implicitDeny'],
    ]);
    expect(out.EvaluationResults?.[0]).toMatchObject({
      EvalResourceName: '*',
      MatchedStatements: [
        {
          SourcePolicyId: 'PolicyInputList.1',
          StartPosition: { Line: 4, Column: 6 },
          EndPosition: { Line: 4, Column: 75 },
        },
      ],
      ResourceSpecificResults: [{ EvalResourceName: '*', EvalResourceDecision: 'allowed' }],
    });
  });

  it("reports positions as the AWS CLI's documented example does", async () => {
    const out = await simulate({ PolicyInputList: [CLI_EXAMPLE], ActionNames: ['dynamodb:CreateBackup'] });
    // No context value for aws:CurrentTime: the condition does not match.
    expect(out.EvaluationResults?.[0]).toMatchObject({
      EvalDecision: 'implicitDeny',
      MissingContextValues: ['aws:CurrentTime'],
    });
    // Without its condition: the statement's `}` is the last but one character.
    const allow = CLI_EXAMPLE.replace(/,"Condition".*$/, '}}');
    const out2 = await simulate({ PolicyInputList: [allow], ActionNames: ['dynamodb:CreateBackup'] });
    expect(out2.EvaluationResults?.[0]?.MatchedStatements?.[0]).toMatchObject({
      StartPosition: { Line: 1, Column: 38 },
      EndPosition: { Line: 1, Column: allow.length },
    });
  });

  it('lets an explicit Deny win, ignores conditions without context, and specific resources for *', async () => {
    const out = await simulate({
      ActionNames: ['iam:CreateAccessKey', 'ec2:RunInstances', 'sqs:SendMessage'],
    });
    const [keys, ec2, sqs] = out.EvaluationResults ?? [];
    expect(keys).toMatchObject({
      EvalDecision: 'explicitDeny',
      MatchedStatements: [{ StartPosition: { Line: 5, Column: 6 }, EndPosition: { Line: 10, Column: 6 } }],
    });
    expect(ec2).toMatchObject({
      EvalDecision: 'implicitDeny',
      MissingContextValues: ['aws:SecureTransport'],
    });
    expect(sqs?.EvalDecision).toBe('implicitDeny');
    const arn = await simulate({
      ActionNames: ['sqs:SendMessage'],
      ResourceArns: ['arn:aws:sqs:us-east-1:123456789012:q'],
    });
    expect(arn.EvaluationResults?.[0]?.EvalDecision).toBe('allowed');
  });

  it('pages with Marker when MaxItems is small, and rejects a foreign Marker', async () => {
    const actions = ['iam:CreateUser', 'iam:DeleteUser', 'iam:GetUser', 's3:GetObject', 's3:PutObject'];
    const first = await simulate({ ActionNames: actions, MaxItems: 2 });
    expect(first).toMatchObject({ IsTruncated: true });
    expect(first.EvaluationResults).toHaveLength(2);
    const names: string[] = [];
    const input = { PolicyInputList: [POLICY], ActionNames: actions };
    for await (const page of paginateSimulateCustomPolicy({ client: client(), pageSize: 2 }, input)) {
      names.push(...(page.EvaluationResults ?? []).map((r) => r.EvalActionName ?? ''));
    }
    expect(names).toEqual(actions);
    await expect(simulate({ ActionNames: ['iam:GetUser'], Marker: first.Marker })).rejects.toMatchObject({
      name: 'InvalidInputException',
    });
  });

  it('rejects wildcards, bad names, too many actions, and ResourcePolicy without CallerArn', async () => {
    await expect(simulate({ ActionNames: ['iam:*'] })).rejects.toMatchObject({
      name: 'InvalidInputException',
    });
    await expect(simulate({ ActionNames: ['x'] })).rejects.toMatchObject({
      name: 'ValidationError',
      $metadata: { httpStatusCode: 400 },
    });
    iam.options.maxActionNames = 2;
    await expect(simulate({ ActionNames: ['iam:A', 'iam:B', 'iam:C'] })).rejects.toMatchObject({
      name: 'ValidationError',
    });
    await expect(simulate({ ActionNames: ['s3:GetObject'], ResourcePolicy: '{}' })).rejects.toMatchObject({
      name: 'InvalidInputException',
    });
    await expect(
      simulate({ PolicyInputList: ['{"Statement": ['], ActionNames: ['s3:GetObject'] }),
    ).rejects.toThrow(/Syntax errors/);
  });

  it('sends Throttling as HTTP 400, which the SDK retries', async () => {
    iam.injectFaults({ times: 2, fault: { error: 'Throttling' } });
    const before = iam.calls.length;
    const out = await simulate({ ActionNames: ['s3:GetObject'] }, client({ retryMode: 'standard' }));
    expect(out.EvaluationResults?.[0]?.EvalDecision).toBe('allowed');
    expect(out.$metadata.attempts).toBe(3);
    expect(iam.calls.length - before).toBe(3);

    iam.injectFaults({ fault: { error: 'Throttling' } });
    const err = await simulate({ ActionNames: ['s3:GetObject'] }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      name: 'Throttling',
      message: 'Rate exceeded',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('answers AccessDenied and unsigned requests with an ErrorResponse', async () => {
    iam.injectFaults({ times: 1, fault: { error: 'AccessDenied' } });
    await expect(simulate({ ActionNames: ['s3:GetObject'] })).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    const res = await fetch(iam.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=SimulateCustomPolicy&Version=2010-05-08',
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(
      /<ErrorResponse[^>]*><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken/,
    );
  });

  it('is reached through AWS_ENDPOINT_URL_IAM by a client built without an endpoint', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_IAM', iam.url);
    const c = new IAMClient({ region: 'eu-west-1', credentials, maxAttempts: 1 });
    const before = iam.calls.length;
    const out = await simulate({ ActionNames: ['s3:GetObject'] }, c);
    expect(out.EvaluationResults).toHaveLength(1);
    expect(iam.calls.length).toBe(before + 1);
    expect(iam.requests.at(-1)?.headers.authorization).toMatch(/\/eu-west-1\/iam\/aws4_request/);
  });
});
