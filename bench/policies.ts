// Generated IAM policies (identity, S3 bucket, trust), deterministic from a seed. Shared by the scenarios.
import { int, pick, type Random } from './util';

const SERVICES: Record<string, readonly string[]> = {
  s3: ['GetObject', 'PutObject', 'ListBucket', 'DeleteObject', 'GetBucketLocation', 'GetObjectTagging'],
  dynamodb: ['GetItem', 'PutItem', 'Query', 'Scan', 'UpdateItem', 'BatchGetItem'],
  sqs: ['SendMessage', 'ReceiveMessage', 'DeleteMessage', 'GetQueueAttributes'],
  logs: ['CreateLogStream', 'PutLogEvents', 'DescribeLogGroups'],
  kms: ['Decrypt', 'Encrypt', 'GenerateDataKey', 'DescribeKey'],
  sts: ['AssumeRole', 'GetCallerIdentity'],
  iam: ['GetRole', 'PassRole', 'ListRoles'],
};

export interface GeneratedPolicy {
  document: string;
  policyType: 'IDENTITY_POLICY' | 'RESOURCE_POLICY';
  resourceType?: string;
}

export interface PolicyObject {
  Version: string;
  Statement: Record<string, unknown>[];
}

function account(rand: Random): string {
  return String(100_000_000_000 + int(rand, 0, 899_999_999_999));
}

/** An identity policy object: 1-6 statements over a few services; `n` makes it distinct. */
export function identityPolicy(rand: Random, n: number): PolicyObject {
  const statements: Record<string, unknown>[] = [];
  const count = int(rand, 1, 6);
  for (let s = 0; s < count; s++) {
    const service = pick(rand, Object.keys(SERVICES));
    const names = SERVICES[service] ?? [];
    const actions = [...new Set(Array.from({ length: int(rand, 1, 4) }, () => pick(rand, names)))].map(
      (a) => `${service}:${a}`,
    );
    const resource =
      service === 's3'
        ? [`arn:aws:s3:::app-${n}-data`, `arn:aws:s3:::app-${n}-data/*`]
        : `arn:aws:${service}:us-east-1:${account(rand)}:app-${n}-${s}`;
    const statement: Record<string, unknown> = {
      Sid: `Stmt${n}x${s}`,
      Effect: rand() < 0.9 ? 'Allow' : 'Deny',
      Action: actions.length === 1 ? actions[0] : actions,
      Resource: resource,
    };
    if (rand() < 0.3) statement.Condition = { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } };
    statements.push(statement);
  }
  return { Version: '2012-10-17', Statement: statements };
}

export function bucketPolicy(rand: Random, bucket: string): PolicyObject {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowAccountRead',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account(rand)}:root` },
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
      },
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  };
}

export function trustPolicy(rand: Random, service: string, n: number): PolicyObject {
  const source = account(rand);
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: `${service}.amazonaws.com` },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': source },
          ArnLike: { 'aws:SourceArn': `arn:aws:${service}:us-east-1:${source}:*app-${n}*` },
        },
      },
    ],
  };
}

/** Policy number `n` as a file would hold it (pretty-printed), with the type the gate would give it. */
export function generatedPolicy(rand: Random, n: number): GeneratedPolicy {
  const kind = n % 10;
  if (kind < 7) {
    const policy = identityPolicy(rand, n);
    // Some policies have findings, as in a real repository: PassRole on `*`, a misspelt action.
    if (n % 20 === 3) policy.Statement.push({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' });
    if (n % 50 === 11) {
      policy.Statement.push({
        Effect: 'Allow',
        Action: 's3:GetObjekt',
        Resource: `arn:aws:s3:::app-${n}-data/*`,
      });
    }
    return { document: JSON.stringify(policy, null, 2), policyType: 'IDENTITY_POLICY' };
  }
  if (kind < 9) {
    return {
      document: JSON.stringify(bucketPolicy(rand, `app-${n}-bucket`), null, 2),
      policyType: 'RESOURCE_POLICY',
      resourceType: 'AWS::S3::Bucket',
    };
  }
  return {
    document: JSON.stringify(trustPolicy(rand, pick(rand, ['lambda', 'ec2', 'ecs-tasks']), n), null, 2),
    policyType: 'RESOURCE_POLICY',
    resourceType: 'AWS::IAM::AssumeRolePolicyDocument',
  };
}
