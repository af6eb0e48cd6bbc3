import {
  AccessAnalyzerClient,
  AccessDeniedException,
  CheckAccessNotGrantedCommand,
  CheckNoNewAccessCommand,
  CheckNoPublicAccessCommand,
  InternalServerException,
  type PolicyType,
  paginateValidatePolicy,
  ThrottlingException,
  ValidatePolicyCommand,
  type ValidatePolicyFinding,
  ValidationException,
} from '@aws-sdk/client-accessanalyzer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAccessAnalyzer, startFakeAccessAnalyzer } from './access-analyzer';

const credentials = { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' };

const PASS_ROLE = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["iam:PassRole", "s3:GetObject"],
      "Resource": "*"
    }
  ]
}
`;

let fake: FakeAccessAnalyzer;
const client = (maxAttempts = 1): AccessAnalyzerClient =>
  new AccessAnalyzerClient({ region: 'us-east-1', endpoint: fake.url, credentials, maxAttempts });

beforeAll(async () => {
  fake = await startFakeAccessAnalyzer();
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  fake.clearFaults();
  delete fake.options.pageSize;
});

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('fake Access Analyzer with the real SDK', () => {
  it('answers ValidatePolicy with findings whose spans point into the document', async () => {
    const out = await client().send(
      new ValidatePolicyCommand({ policyDocument: PASS_ROLE, policyType: 'IDENTITY_POLICY', locale: 'EN' }),
    );
    expect(out.$metadata.httpStatusCode).toBe(200);
    const finding = out.findings?.[0] as ValidatePolicyFinding;
    expect(finding.issueCode).toBe('PASS_ROLE_WITH_STAR_IN_RESOURCE');
    expect(finding.findingType).toBe('SECURITY_WARNING');
    expect(finding.learnMoreLink).toBe(
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-security-warning-pass-role-with-star-in-resource',
    );
    const location = finding.locations?.[0];
    expect(location?.path).toEqual([{ value: 'Statement' }, { index: 0 }, { value: 'Resource' }]);
    const span = location?.span;
    expect(span?.start).toEqual({ line: 7, column: 18, offset: PASS_ROLE.indexOf('"*"') });
    expect(span?.end).toEqual({ line: 7, column: 21, offset: PASS_ROLE.indexOf('"*"') + 3 });
    expect(PASS_ROLE.slice(span?.start?.offset, span?.end?.offset)).toBe('"*"');

    const request = fake.requests.at(-1);
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/policy/validation');
    expect(request?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDFAKE\/\d{8}\/us-east-1\/access-analyzer\//,
    );
    expect(request?.body).toEqual({ policyDocument: PASS_ROLE, policyType: 'IDENTITY_POLICY', locale: 'EN' });
  });

  it('reports invalid JSON as a 200 with JSON_SYNTAX_ERROR', async () => {
    const doc = '{\n  "Version": "2012-10-17",\n  "Statement": [\n}';
    const out = await client().send(
      new ValidatePolicyCommand({ policyDocument: doc, policyType: 'IDENTITY_POLICY' }),
    );
    expect(out.findings?.map((f) => [f.issueCode, f.findingType])).toEqual([['JSON_SYNTAX_ERROR', 'ERROR']]);
    expect(out.findings?.[0]?.locations?.[0]?.span?.start?.line).toBe(4);
  });

  it('pages through the query string with paginateValidatePolicy', async () => {
    fake.options.pageSize = 2;
    const doc = JSON.stringify({
      Statement: [
        { Effect: 'Maybe', Action: ['s4:GetObject', 's3:GetObjekt', 'iam:PassRole'], Resource: '*' },
      ],
    });
    const before = fake.calls.ValidatePolicy;
    const docsBefore = fake.validatedDocuments.length;
    const codes: string[] = [];
    for await (const page of paginateValidatePolicy(
      { client: client() },
      { policyDocument: doc, policyType: 'IDENTITY_POLICY' },
    )) {
      for (const f of page.findings ?? []) codes.push(f.issueCode ?? '');
    }
    expect(codes).toEqual([
      'MISSING_VERSION',
      'INVALID_EFFECT',
      'INVALID_SERVICE_IN_ACTION',
      'INVALID_ACTION',
    ]);
    expect(fake.calls.ValidatePolicy - before).toBe(2);
    expect(fake.validatedDocuments.length - docsBefore).toBe(1);
    const second = fake.requests.at(-1);
    expect(second?.query.nextToken).toBeTruthy();

    const limited = await client().send(
      new ValidatePolicyCommand({ policyDocument: doc, policyType: 'IDENTITY_POLICY', maxResults: 1 }),
    );
    expect(fake.requests.at(-1)?.query.maxResults).toBe('1');
    expect(limited.findings).toHaveLength(1);
  });

  it('rejects a bad token, a bad policy type and a misplaced resource type with ValidationException', async () => {
    const bad = [
      { policyDocument: '{}', policyType: 'IDENTITY_POLICY' as PolicyType, nextToken: 'bogus' },
      { policyDocument: '{}', policyType: 'USER_POLICY' as unknown as PolicyType },
      {
        policyDocument: '{}',
        policyType: 'IDENTITY_POLICY' as PolicyType,
        validatePolicyResourceType: 'AWS::S3::Bucket' as const,
      },
      {
        policyDocument: '{}',
        policyType: 'RESOURCE_POLICY' as PolicyType,
        validatePolicyResourceType: 'AWS::KMS::Key' as unknown as 'AWS::S3::Bucket',
      },
    ];
    for (const input of bad) {
      const error = await caught(client().send(new ValidatePolicyCommand(input)));
      expect(error).toBeInstanceOf(ValidationException);
      expect((error as ValidationException).$metadata.httpStatusCode).toBe(400);
    }
    const ok = await client().send(
      new ValidatePolicyCommand({
        policyDocument: '{"Version":"2012-10-17","Statement":[]}',
        policyType: 'RESOURCE_POLICY',
        validatePolicyResourceType: 'AWS::S3::Bucket',
      }),
    );
    expect(ok.findings).toEqual([]);
  });

  it('throttles with 429 ThrottlingException and the SDK retries through it', async () => {
    fake.injectFaults({ times: 1, fault: { error: 'ThrottlingException', retryAfterSeconds: 0 } });
    const error = await caught(
      client().send(new ValidatePolicyCommand({ policyDocument: '{}', policyType: 'IDENTITY_POLICY' })),
    );
    expect(error).toBeInstanceOf(ThrottlingException);
    expect((error as ThrottlingException).$metadata.httpStatusCode).toBe(429);
    expect((error as ThrottlingException).retryAfterSeconds).toBe(0);

    fake.injectFaults({ times: 2, fault: { error: 'ThrottlingException' } });
    const before = fake.calls.ValidatePolicy;
    const out = await client(3).send(
      new ValidatePolicyCommand({ policyDocument: PASS_ROLE, policyType: 'IDENTITY_POLICY' }),
    );
    expect(out.findings).toHaveLength(1);
    expect(fake.calls.ValidatePolicy - before).toBe(3);
    expect(out.$metadata.attempts).toBe(3);
  });

  it('fails documents matching a rule with InternalServerException, others pass', async () => {
    fake.injectFaults({
      when: (call) => call.document.includes('BOOM'),
      fault: { error: 'InternalServerException' },
    });
    const error = await caught(
      client().send(
        new ValidatePolicyCommand({ policyDocument: '{"Sid":"BOOM"}', policyType: 'IDENTITY_POLICY' }),
      ),
    );
    expect(error).toBeInstanceOf(InternalServerException);
    expect((error as InternalServerException).$metadata.httpStatusCode).toBe(500);
    const ok = await client().send(
      new ValidatePolicyCommand({ policyDocument: PASS_ROLE, policyType: 'IDENTITY_POLICY' }),
    );
    expect(ok.findings).toHaveLength(1);
  });

  it('answers AccessDeniedException, adds latency and drops connections on request', async () => {
    fake.injectFaults({ times: 1, fault: { error: 'AccessDeniedException' } });
    const denied = await caught(
      client().send(new ValidatePolicyCommand({ policyDocument: '{}', policyType: 'IDENTITY_POLICY' })),
    );
    expect(denied).toBeInstanceOf(AccessDeniedException);
    expect((denied as AccessDeniedException).$metadata.httpStatusCode).toBe(403);

    fake.injectFaults({ times: 1, fault: { delayMs: 150 } });
    const started = Date.now();
    await client().send(new ValidatePolicyCommand({ policyDocument: '{}', policyType: 'IDENTITY_POLICY' }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    fake.injectFaults({ times: 1, fault: { destroy: true } });
    const dropped = await caught(
      client().send(new ValidatePolicyCommand({ policyDocument: '{}', policyType: 'IDENTITY_POLICY' })),
    );
    expect(dropped).toBeInstanceOf(Error);
  });

  it('rejects an unsigned request like AWS', async () => {
    const res = await fetch(`${fake.url}/policy/validation`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ policyDocument: '{}', policyType: 'IDENTITY_POLICY' }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
    expect(await res.json()).toEqual({ message: 'Missing Authentication Token' });
  });

  it('answers the custom checks from the documents, or as scripted', async () => {
    const input = {
      policyDocument: PASS_ROLE,
      policyType: 'IDENTITY_POLICY' as const,
      access: [{ actions: ['iam:PassRole'] }],
    };
    const granted = await client().send(new CheckAccessNotGrantedCommand(input));
    expect(granted.result).toBe('FAIL');
    expect(granted.reasons?.[0]?.statementIndex).toBe(0);
    const notGranted = await client().send(
      new CheckAccessNotGrantedCommand({ ...input, access: [{ actions: ['s3:DeleteBucket'] }] }),
    );
    expect(notGranted.result).toBe('PASS');

    const policy = (action: string) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: action, Resource: 'arn:aws:s3:::b/*' }],
      });
    const check = (next: string, existing: string) =>
      client().send(
        new CheckNoNewAccessCommand({
          newPolicyDocument: policy(next),
          existingPolicyDocument: policy(existing),
          policyType: 'IDENTITY_POLICY',
        }),
      );
    const widened = await check('s3:*', 's3:GetObject');
    expect(widened.result).toBe('FAIL');
    expect(widened.reasons).toEqual([
      { description: 'New access in the statement with index: 0.', statementIndex: 0 },
    ]);
    expect((await check('s3:GetObject', 's3:*')).result).toBe('PASS');

    const bucket = (principal: unknown, condition?: unknown) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: principal,
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::b/*',
            ...(condition ? { Condition: condition } : {}),
          },
        ],
      });
    const pub = (doc: string) =>
      client().send(new CheckNoPublicAccessCommand({ policyDocument: doc, resourceType: 'AWS::S3::Bucket' }));
    expect((await pub(bucket('*'))).result).toBe('FAIL');
    expect((await pub(bucket({ AWS: '*' }, { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } }))).result).toBe(
      'PASS',
    );

    fake.options.customChecks = () => ({
      result: 'FAIL',
      message: 'The policy document grants access to perform one or more of the listed actions.',
      reasons: [{ description: 'Scripted.', statementIndex: 3 }],
    });
    const scripted = await client().send(
      new CheckAccessNotGrantedCommand({ ...input, access: [{ actions: ['s3:DeleteBucket'] }] }),
    );
    delete fake.options.customChecks;
    expect(scripted.reasons?.[0]?.statementIndex).toBe(3);
  });

  it('is reached through AWS_ENDPOINT_URL_ACCESSANALYZER by a client built without an endpoint', async () => {
    const saved = process.env.AWS_ENDPOINT_URL_ACCESSANALYZER;
    process.env.AWS_ENDPOINT_URL_ACCESSANALYZER = fake.url;
    try {
      const envClient = new AccessAnalyzerClient({ region: 'eu-west-1', credentials, maxAttempts: 1 });
      const before = fake.calls.ValidatePolicy;
      await envClient.send(
        new ValidatePolicyCommand({ policyDocument: PASS_ROLE, policyType: 'IDENTITY_POLICY' }),
      );
      expect(fake.calls.ValidatePolicy - before).toBe(1);
      expect(fake.requests.at(-1)?.headers.authorization).toContain(
        '/eu-west-1/access-analyzer/aws4_request',
      );
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_ACCESSANALYZER;
      else process.env.AWS_ENDPOINT_URL_ACCESSANALYZER = saved;
    }
  });
});
