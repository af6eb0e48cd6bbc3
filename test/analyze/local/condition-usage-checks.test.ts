import { describe, expect, it } from 'vitest';
import { analyze, codes, identity } from './helpers';

const withCondition = (condition: unknown, action: string | string[] = 's3:GetObject', effect = 'Allow') =>
  identity({ Effect: effect, Action: action, Resource: 'arn:aws:s3:::b/*', Condition: condition });

describe('EQUIVALENT_TO_NULL_FALSE', () => {
  it.each([
    [{ StringLike: { 'aws:ResourceTag/team': '*' } }, 'StringLike'],
    [{ StringLike: { 'aws:ResourceTag/team': ['*'] } }, 'StringLike'],
    [{ ArnLike: { 'aws:PrincipalArn': '*' } }, 'ArnLike'],
  ])('suggests Null false for %j', (condition, operator) => {
    const found = analyze(withCondition(condition));
    expect(found).toMatchObject([
      {
        code: 'EQUIVALENT_TO_NULL_FALSE',
        severity: 'SUGGESTION',
        location: { startLine: 10, path: expect.stringMatching(/^Statement\[0\]\.Condition\./) },
      },
    ]);
    expect(found[0]?.message).toContain(`${operator} {"`);
    expect(found[0]?.message).toContain('{"Null": {"');
  });

  it('reports each key so written, in every statement', () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'ec2:CreateSnapshot',
          Resource: '*',
          Condition: { StringLike: { 'aws:RequestTag/Backup': '*', 'ec2:ResourceTag/Owner': '*' } },
        },
        {
          Effect: 'Deny',
          Action: 'ec2:DeleteSnapshot',
          Resource: '*',
          Condition: { StringLike: { 'aws:ResourceTag/Keep': '*' } },
        },
      ],
    };
    expect(codes(analyze(policy))).toEqual([
      'EQUIVALENT_TO_NULL_FALSE',
      'EQUIVALENT_TO_NULL_FALSE',
      'EQUIVALENT_TO_NULL_FALSE',
    ]);
  });

  it.each([
    [{ StringLike: { 'aws:ResourceTag/team': 'dev-*' } }],
    [{ StringLikeIfExists: { 'aws:ResourceTag/team': '*' } }],
    [{ 'ForAnyValue:StringLike': { 'aws:TagKeys': '*' } }],
    [{ StringEquals: { 'aws:ResourceTag/team': '*' } }],
    [{ Null: { 'aws:ResourceTag/team': 'false' } }],
  ])('leaves %j alone', (condition) => {
    expect(codes(analyze(withCondition(condition))).filter((c) => c === 'EQUIVALENT_TO_NULL_FALSE')).toEqual(
      [],
    );
  });
});

describe('MISSING_QUALIFIER', () => {
  it('flags a multivalued key under an operator without a set qualifier, as an error', () => {
    const found = analyze(
      withCondition({ StringEquals: { 'events:detail-type': 'Tag Change on Resource' } }, 'events:PutRule'),
    );
    expect(found).toMatchObject([
      { code: 'MISSING_QUALIFIER', severity: 'ERROR', location: { startLine: 10 } },
    ]);
    expect(found[0]?.message).toContain('events:detail-type has multiple values');
    expect(found[0]?.message).toContain('ForAllValues: or ForAnyValue:');
  });

  it('knows the multivalued global keys', () => {
    expect(
      codes(analyze(withCondition({ StringLike: { 'aws:TagKeys': 'team-*' } }, 's3:PutObjectTagging'))),
    ).toEqual(['MISSING_QUALIFIER']);
  });

  it.each([
    [{ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } }],
    [{ 'ForAnyValue:StringLike': { 'aws:CalledVia': 'cloudformation.*' } }],
    [{ Null: { 'aws:TagKeys': 'false' } }],
    [{ StringEquals: { 'aws:PrincipalTag/team': 'dev' } }],
    // With the key also tested by Null, Access Analyzer does not raise it.
    [{ Null: { 'aws:TagKeys': 'false' }, StringEquals: { 'aws:TagKeys': ['a', 'b'] } }],
  ])('accepts %j', (condition) => {
    expect(codes(analyze(withCondition(condition, 's3:PutObjectTagging')))).toEqual([]);
  });
});

describe('FORALLVALUES_WITH_SINGLE_VALUED_KEY', () => {
  const oidcTrust = (condition: unknown) => ({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: {
          Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
        },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: condition,
      },
    ],
  });

  it('warns of ForAllValues: on a single-valued key of the catalogue, at the key', () => {
    const found = analyze(
      withCondition({
        'ForAllValues:StringEquals': { 'aws:PrincipalArn': ['arn:aws:iam::111122223333:role/a'] },
      }),
    );
    expect(found).toMatchObject([
      {
        code: 'FORALLVALUES_WITH_SINGLE_VALUED_KEY',
        severity: 'SECURITY_WARNING',
        location: { startLine: 10 },
      },
    ]);
    expect(found[0]?.message).toContain('use StringEquals without the qualifier');
  });

  it("warns of it on an identity provider's aud and sub (GitHub's OIDC trust, as once documented)", () => {
    const found = analyze(
      oidcTrust({
        'ForAllValues:StringEquals': {
          'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
          'token.actions.githubusercontent.com:sub': 'repo:acme/infra:ref:refs/heads/main',
        },
      }),
      'RESOURCE_POLICY',
      { resourceType: 'AWS::IAM::AssumeRolePolicyDocument' },
    );
    expect(codes(found)).toEqual([
      'FORALLVALUES_WITH_SINGLE_VALUED_KEY',
      'FORALLVALUES_WITH_SINGLE_VALUED_KEY',
    ]);
  });

  it.each([
    [{ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } }],
    [{ 'ForAnyValue:StringEquals': { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/a' } }],
    [{ StringEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/a' } }],
    // Cognito's amr is a set of values; a key the catalogue does not know is left alone.
    [{ 'ForAllValues:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } }],
    [{ 'ForAllValues:StringEquals': { 'example.com:custom_claim': 'x' } }],
  ])('accepts %j', (condition) => {
    expect(codes(analyze(withCondition(condition))).filter((c) => c.startsWith('FORALL'))).toEqual([]);
  });
});

describe('STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS', () => {
  it.each([
    [{ StringNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } }, 'ArnNotLike'],
    [{ StringLike: { 'aws:SourceArn': 'arn:aws:sns:*:111122223333:*' } }, 'ArnLike'],
    [
      { 'ForAnyValue:StringLikeIfExists': { 'aws:PrincipalArn': 'arn:aws:iam::*:role/x' } },
      'ForAnyValue:ArnLikeIfExists',
    ],
  ])('flags %j as a security warning, suggesting %s', (condition, operator) => {
    const found = analyze(withCondition(condition, 's3:GetObject', 'Deny'));
    expect(found).toMatchObject([
      {
        code: 'STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS',
        severity: 'SECURITY_WARNING',
        location: { startLine: 10 },
      },
    ]);
    expect(found[0]?.message).toContain(`use ${operator} instead`);
  });

  it.each([
    [{ ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } }],
    [{ StringEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:root' } }],
    [{ StringLike: { 'aws:PrincipalTag/team': 'dev-*' } }],
  ])('accepts %j', (condition) => {
    expect(codes(analyze(withCondition(condition, 's3:GetObject', 'Deny')))).toEqual([]);
  });
});

describe('TYPE_MISMATCH', () => {
  it('flags a string operator on a Bool key with a value that is no boolean', () => {
    const found = analyze(
      withCondition({ StringEquals: { 'aws:ViaAWSService': ['amplify.amazonaws.com'] } }),
    );
    expect(found).toMatchObject([
      { code: 'TYPE_MISMATCH', severity: 'WARNING', location: { startLine: 10 } },
    ]);
    expect(found[0]?.message).toContain('aws:ViaAWSService is a Bool condition key');
    expect(found[0]?.message).toContain('use a Bool operator instead of StringEquals');
  });

  it.each([
    [{ StringEquals: { 'aws:MultiFactorAuthAge': 'an hour' } }, 'Numeric'],
    [{ StringEquals: { 'aws:SourceIp': 'my office' } }, 'IPAddress'],
    [{ DateGreaterThan: { 'aws:SecureTransport': '2020-01-01T00:00:00Z' } }, 'Bool'],
  ])('flags %j (a %s key)', (condition, type) => {
    const found = analyze(withCondition(condition));
    expect(found.map((f) => f.code)).toEqual(['TYPE_MISMATCH']);
    expect(found[0]?.message).toContain(`is a ${type} condition key`);
  });

  it.each([
    [{ StringEquals: { 'aws:ViaAWSService': 'true' } }],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
    [{ StringEquals: { 'aws:SecureTransport': '${aws:SecureTransport}' } }],
    [{ StringEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:111122223333:t' } }],
    [{ NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }],
    [{ Bool: { 'aws:ViaAWSService': 'false' } }],
  ])('accepts %j', (condition) => {
    expect(codes(analyze(withCondition(condition)))).toEqual([]);
  });
});
