import { describe, expect, it } from 'vitest';
import { patternCovers } from '../../../src/core/policy/wildcard';
import { analyze, codes, identity } from './helpers';

const only = (code: string, policy: unknown) => analyze(policy).filter((f) => f.code === code);

describe('pattern coverage', () => {
  it.each([
    ['ecs:Describe*', 'ecs:DescribeClusters', true],
    ['ecs:Describe*', 'ecs:Describe*', true],
    ['arn:aws:s3:::b-*', 'arn:aws:s3:::b-*/*', true],
    ['a*', 'a*b', true],
    ['a?c', 'abc', true],
    ['a?c', 'a?c', true],
    ['*', '', true],
    ['a?c', 'a*c', false],
    ['a*b', 'a*', false],
    ['arn:aws:s3:::b-*/*', 'arn:aws:s3:::b-*', false],
    ['ecs:DescribeClusters', 'ecs:Describe*', false],
    ['abc', 'abd', false],
  ])('%s covers %s: %s', (outer, inner, expected) => {
    expect(patternCovers(outer, inner, { caseSensitive: true })).toBe(expected);
  });

  it('folds case unless told not to', () => {
    expect(patternCovers('ECS:describe*', 'ecs:DescribeClusters')).toBe(true);
    expect(patternCovers('arn:aws:s3:::B*', 'arn:aws:s3:::b1', { caseSensitive: true })).toBe(false);
  });
});

describe('REDUNDANT_ACTION', () => {
  it('flags an action under a wildcard of the same list, naming it, as a suggestion', () => {
    const policy = identity({
      Effect: 'Allow',
      Action: ['iam:Get*', 'iam:List*', 'iam:GetCredentialReport'],
      Resource: '*',
    });
    const [f, ...rest] = only('REDUNDANT_ACTION', policy);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      severity: 'SUGGESTION',
      location: { startLine: 9, path: 'Statement[0].Action[2]' },
    });
    expect(f?.message).toContain('remove the redundant action "iam:GetCredentialReport"');
    expect(f?.message).toContain('The 2 actions "iam:Get*", "iam:GetCredentialReport"');
  });

  it('flags a duplicate, ignoring case as IAM does for action names', () => {
    const policy = identity({
      Effect: 'Allow',
      Action: ['ec2:DescribeVpcs', 's3:GetObject', 'EC2:describevpcs'],
      Resource: '*',
    });
    expect(codes(analyze(policy))).toEqual(['REDUNDANT_ACTION']);
  });

  it('makes one finding of entries linked by coverage', () => {
    const policy = identity({
      Effect: 'Allow',
      Action: ['ecs:*', 'ecs:Describe*', 'ecs:DescribeClusters', 'ecs:List*', 'logs:GetLogEvents'],
      Resource: '*',
    });
    const found = only('REDUNDANT_ACTION', policy);
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('The 4 actions');
  });

  it('checks NotAction lists too, and each statement on its own', () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Deny', NotAction: ['s3:Get*', 's3:GetObject'], Resource: '*' },
        { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
        { Effect: 'Allow', Action: 's3:Get*', Resource: '*' },
      ],
    };
    expect(only('REDUNDANT_ACTION', policy)).toMatchObject([
      { location: { path: 'Statement[0].NotAction[1]' } },
    ]);
  });

  it('accepts distinct actions and overlapping wildcards that do not contain each other', () => {
    const policy = identity({
      Effect: 'Allow',
      Action: ['s3:Get*', 's3:*Object', 's3:PutBucketPolicy', 'ec2:DescribeVpcs', 'ec2:DescribeSubnets'],
      Resource: '*',
    });
    expect(only('REDUNDANT_ACTION', policy)).toEqual([]);
  });
});

describe('REDUNDANT_RESOURCE', () => {
  it('flags an ARN that another ARN of the list matches, naming the most specific', () => {
    const policy = identity({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: ['arn:aws:s3:::logs-*', 'arn:aws:s3:::logs-*/*', 'arn:aws:s3:::other/key'],
    });
    const found = only('REDUNDANT_RESOURCE', policy);
    expect(found).toMatchObject([
      { severity: 'SUGGESTION', location: { startLine: 9, path: 'Statement[0].Resource[1]' } },
    ]);
    expect(found[0]?.message).toContain('remove the resource "arn:aws:s3:::logs-*/*"');
  });

  it('makes one finding per group, as AWS does for a list of API Gateway paths', () => {
    const api = (p: string) => `arn:aws:apigateway:*::${p}`;
    const policy = identity({
      Effect: 'Allow',
      Action: 'apigateway:GET',
      Resource: [
        api('/restapis'),
        api('/restapis/*'),
        api('/restapis/*/stages'),
        api('/restapis/*/stages/*'),
        api('/apis/*'),
        api('/apis/*/integrations/*'),
        api('/domainnames/*'),
      ],
    });
    const found = only('REDUNDANT_RESOURCE', policy);
    expect(found.map((f) => f.location?.path)).toEqual([
      'Statement[0].Resource[3]',
      'Statement[0].Resource[5]',
    ]);
    expect(found[0]?.message).toContain('The 3 resource ARNs');
  });

  it('compares ARNs case-sensitively and checks NotResource lists too', () => {
    const distinct = identity({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: ['arn:aws:s3:::Bucket/*', 'arn:aws:s3:::bucket/key'],
    });
    expect(only('REDUNDANT_RESOURCE', distinct)).toEqual([]);
    const duplicate = identity({
      Effect: 'Deny',
      Action: 's3:*',
      NotResource: ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/*'],
    });
    expect(codes(analyze(duplicate))).toEqual(['REDUNDANT_RESOURCE']);
  });

  it('analyses a long list of wildcard ARNs within the policy deadline', () => {
    // 2,000 patterns under one literal prefix: compared pairwise they took longer than the deadline.
    const resources = Array.from({ length: 2000 }, (_, i) => `arn:aws:s3:::*x${i}*`);
    const policy = identity({ Effect: 'Allow', Action: 's3:GetObject', Resource: resources });
    const found = only('REDUNDANT_RESOURCE', policy);
    // `*x1*` covers `*x10*` ... `*x1999*`, and so on.
    expect(found.length).toBeGreaterThan(0);
  });

  it('stays fast on a long list of names under one prefix', () => {
    const resources = Array.from({ length: 20_000 }, (_, i) => `arn:aws:s3:::bucket/key-${i}`);
    resources.push('arn:aws:s3:::bucket/key-1*');
    const started = performance.now();
    const found = only(
      'REDUNDANT_RESOURCE',
      identity({ Effect: 'Allow', Action: 's3:GetObject', Resource: resources }),
    );
    expect(performance.now() - started).toBeLessThan(4000);
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('The 11112 resource ARNs');
  });
});
