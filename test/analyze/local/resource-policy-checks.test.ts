import { describe, expect, it } from 'vitest';
import { analyze, codes } from './helpers';

const policy = (resource: string | string[]) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: 's3:GetObject',
      Resource: resource,
    },
  ],
});
const typed = (resourceType: string) => ({ resourceType });
const unsupported = (resource: string | string[], resourceType: string) =>
  analyze(policy(resource), 'RESOURCE_POLICY', typed(resourceType)).filter(
    (f) => f.code === 'UNSUPPORTED_RESOURCE_ARN_IN_POLICY',
  );

describe('UNSUPPORTED_RESOURCE_ARN_IN_POLICY', () => {
  it('flags an ARN of another resource in a bucket policy, as an error at the ARN', () => {
    const found = unsupported(
      ['arn:aws:s3:::my-bucket/*', 'arn:aws:kms:us-east-1:111122223333:key/1234'],
      'AWS::S3::Bucket',
    );
    expect(found).toMatchObject([
      { severity: 'ERROR', location: { startLine: 12, path: 'Statement[0].Resource[1]' } },
    ]);
    expect(found[0]?.message).toContain('attached to AWS::S3::Bucket');
  });

  it.each([
    ['AWS::S3::Bucket', 'arn:aws:s3:us-east-1:111122223333:accesspoint/ap'],
    ['AWS::S3::AccessPoint', 'arn:aws:s3:::my-bucket/*'],
    ['AWS::S3::MultiRegionAccessPoint', 'arn:aws:s3:us-east-1:111122223333:accesspoint/ap'],
    ['AWS::S3ObjectLambda::AccessPoint', 'arn:aws:s3:us-east-1:111122223333:accesspoint/ap'],
  ])('a policy of %s does not take %s', (type, arn) => {
    expect(unsupported(arn, type)).toHaveLength(1);
  });

  it.each([
    ['AWS::S3::Bucket', ['arn:aws:s3:::my-bucket', 'arn:aws:s3:::my-bucket/*', 'arn:aws:s3:::*']],
    [
      'AWS::S3::AccessPoint',
      [
        'arn:aws:s3:us-east-1:111122223333:accesspoint/ap',
        'arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/*',
      ],
    ],
    ['AWS::S3::MultiRegionAccessPoint', ['arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*']],
    [
      'AWS::S3ObjectLambda::AccessPoint',
      ['arn:aws:s3-object-lambda:us-east-1:111122223333:accesspoint/olap'],
    ],
  ])('a policy of %s takes %j', (type, arns) => {
    expect(unsupported(arns, type)).toEqual([]);
  });

  it('is not raised for untyped resource policies or other resource types', () => {
    const kms = 'arn:aws:kms:us-east-1:111122223333:key/1234';
    expect(codes(analyze(policy(kms), 'RESOURCE_POLICY'))).not.toContain(
      'UNSUPPORTED_RESOURCE_ARN_IN_POLICY',
    );
    expect(unsupported(kms, 'AWS::DynamoDB::Table')).toEqual([]);
  });
});

describe('UNSUPPORTED_ACTION_IN_POLICY', () => {
  const withActions = (action: string | string[]) => ({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:root' },
        Action: action,
        Resource: 'arn:aws:s3:::my-bucket/*',
      },
    ],
  });

  it('flags an action of another service in a bucket policy, at the action', () => {
    const found = analyze(
      withActions(['s3:GetObject', 'kms:Decrypt']),
      'RESOURCE_POLICY',
      typed('AWS::S3::Bucket'),
    );
    expect(found).toMatchObject([
      { code: 'UNSUPPORTED_ACTION_IN_POLICY', severity: 'ERROR', location: { startLine: 11 } },
    ]);
    expect(found[0]?.message).toBe(
      'The action "kms:Decrypt" is not supported in a policy attached to AWS::S3::Bucket: it can name only s3: actions.',
    );
  });

  it.each([
    [['s3:GetObject', 'S3:PutObject', '*', 's*:GetObject'], 'AWS::S3::Bucket'],
    [['s3-object-lambda:GetObject'], 'AWS::S3ObjectLambda::AccessPoint'],
    [['kms:Decrypt'], 'AWS::DynamoDB::Table'],
  ])('accepts %j in a policy typed %s', (actions, resourceType) => {
    const found = analyze(withActions(actions), 'RESOURCE_POLICY', typed(resourceType));
    expect(codes(found)).not.toContain('UNSUPPORTED_ACTION_IN_POLICY');
  });

  it('is a check of typed resource policies only', () => {
    expect(codes(analyze(withActions('kms:Decrypt'), 'RESOURCE_POLICY'))).not.toContain(
      'UNSUPPORTED_ACTION_IN_POLICY',
    );
  });
});
