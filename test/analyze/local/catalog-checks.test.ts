import { describe, expect, it } from 'vitest';
import { analyze, codes, identity } from './helpers';

const on = (resource: string | string[], action: string | string[] = 's3:GetObject') =>
  identity({ Effect: 'Allow', Action: action, Resource: resource });

describe('action checks', () => {
  it.each([['s3:GetObject'], ['S3:getobject'], ['s3:Get*'], ['s3:*Object'], ['s?:GetObject'], ['*']])(
    'accepts %s',
    (action) => {
      expect(codes(analyze(on('arn:aws:s3:::b/*', action)))).toEqual([]);
    },
  );

  it.each([
    ['s3:Gett*', 'INVALID_ACTION', 'matches no action'],
    ['s3GetObject', 'INVALID_ACTION', 'service:action'],
    ['s3:', 'INVALID_ACTION', 'service:action'],
    ['zz*:Get', 'INVALID_SERVICE_IN_ACTION', 'does not exist'],
    ['ec2:DescribeInstancez', 'INVALID_ACTION', 'ec2:DescribeInstances'],
  ])('flags %s as %s', (action, code, text) => {
    const [f] = analyze(on('*', action));
    expect(f).toMatchObject({ code, severity: 'ERROR', location: { startLine: 6, startColumn: 17 } });
    expect(f?.message).toContain(text);
  });
});

describe('resource ARN checks', () => {
  it.each([
    'arn:aws:s3:::b',
    'arn:aws:s3:::b/*',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
    'arn:aws:s3:::b/${aws:username}/*',
    'arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/*',
    'arn:aws-cn:s3:::b',
    'arn:*:s3:::b',
    'arn:aws:s3:::*',
  ])('accepts %s', (arn) => {
    expect(codes(analyze(on(arn)))).toEqual([]);
  });

  it.each([
    ['s3://b/key', 'INVALID_ARN_PREFIX'],
    ['arn:aws:s3:::', 'INVALID_ARN_RESOURCE'],
    ['arn:aws:s3:b', 'MISSING_ARN_FIELD'],
    ['arn:aws-moon:s3:::b', 'INVALID_PARTITION'],
    ['arn:aws:S3:::b', 'INVALID_ARN_SERVICE_CASE'],
    ['arn:aws:s4:::b', 'INVALID_ARN_RESOURCE'],
    ['arn:aws:s3:us-east-1::b', 'ARN_REGION_NOT_ALLOWED'],
    ['arn:aws:s3::111122223333:b', 'ARN_ACCOUNT_NOT_ALLOWED'],
    ['arn:aws:iam::1234:role/x', 'INVALID_ARN_ACCOUNT'],
    ['arn:aws:sqs:mars:111122223333:q', 'INVALID_ARN_REGION'],
    ['arn:aws:sqs::111122223333:q', 'MISSING_ARN_REGION'],
    ['arn:aws:sqs:us-east-1::q', 'MISSING_ARN_ACCOUNT'],
    ['arn:aws:dynamodb:us-east-1:111122223333:tabel/t', 'INVALID_ARN_RESOURCE'],
  ])('flags %s as %s', (arn, code) => {
    const found = analyze(on(arn, '*'));
    expect(codes(found)).toContain(code);
    expect(found.find((f) => f.code === code)).toMatchObject({
      severity: 'ERROR',
      location: { startLine: 7, startColumn: 19, path: 'Statement[0].Resource' },
    });
  });

  it('suggests naming the service instead of a wildcard in it', () => {
    expect(analyze(on('arn:aws:*code*::111122223333:*', '*'))).toMatchObject([
      { code: 'WILDCARD_IN_SERVICE_NAME', severity: 'SUGGESTION' },
    ]);
  });
});
