import { describe, expect, it } from 'vitest';
import { analyze, codes, identity } from './helpers';

const withCondition = (condition: unknown, action: string | string[] = 's3:ListBucket') =>
  identity({ Effect: 'Allow', Action: action, Resource: 'arn:aws:s3:::b', Condition: condition });

describe('condition checks', () => {
  it.each([
    [{ StringLike: { 's3:prefix': 'home/*' } }],
    [{ 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': ['a'] } }],
    [{ StringEquals: { 'aws:PrincipalTag/team': 'x', 'aws:ResourceTag/Owner': 'y' } }],
    [{ Bool: { 'aws:SecureTransport': 'true' } }],
    [{ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }],
    [{ StringEquals: { 's3:ResourceAccount': '111122223333' } }],
    [{ Null: { 'aws:TokenIssueTime': 'true' } }],
  ])('accepts %j', (condition) => {
    expect(codes(analyze(withCondition(condition)))).toEqual([]);
  });

  it('takes a key the catalogue lists as a bare prefix with its tag key (glacier:ResourceTag/LegalHold)', () => {
    const vault = (key: string) =>
      identity({
        Effect: 'Deny',
        Action: 'glacier:DeleteArchive',
        Resource: '*',
        Condition: { StringLike: { [key]: 'true' } },
      });
    // Known; whether each action takes it the catalogue does not say (a warning, never a block).
    expect(codes(analyze(vault('glacier:ResourceTag/LegalHold')))).toEqual(['UNKNOWN_TO_CATALOG']);
    expect(codes(analyze(vault('glacier:ResourceTagz/LegalHold')))).toContain(
      'INVALID_SERVICE_CONDITION_KEY',
    );
  });

  it.each([
    [{ StringEqualz: { 'aws:SourceIp': 'x' } }, 'INVALID_CONDITION_OPERATOR', 'StringEquals'],
    [{ NullIfExists: { 'aws:SourceIp': 'true' } }, 'NULL_WITH_IF_EXISTS', 'IfExists'],
    [{ StringEquals: { SourceIp: 'x' } }, 'INVALID_CONDITION_KEY_FORMAT', 'service:key'],
    [{ StringEquals: { 'aws:SourceIpp': 'x' } }, 'INVALID_GLOBAL_CONDITION_KEY', 'aws:SourceIp'],
    [{ StringEquals: { 's3:prefixx': 'x' } }, 'INVALID_SERVICE_CONDITION_KEY', 's3:prefix'],
    [{ StringEquals: { 's33:prefix': 'x' } }, 'INVALID_SERVICE', 'Did you mean "s3"'],
    [
      { StringEquals: { 's3:x-amz-acl': 'private' } },
      'UNSUPPORTED_ACTION_FOR_CONDITION_KEY',
      's3:ListBucket',
    ],
  ])('flags %j as %s', (condition, code, text) => {
    const [f] = analyze(withCondition(condition));
    expect(f?.code).toBe(code);
    expect(f?.severity).toBe('ERROR');
    expect(f?.location).toMatchObject({
      startLine: code === 'INVALID_CONDITION_OPERATOR' || code === 'NULL_WITH_IF_EXISTS' ? 9 : 10,
    });
    expect(f?.message).toContain(text);
  });

  // Keys the catalogue lacks (deprecated global keys such as aws:PrincipalOrgMasterAccountId, retired
  // services) and key support it has no data for: IAM accepts them, so a warning, never a block.
  it.each([
    [{ StringEquals: { 'aws:SomeFutureGlobalKey': 'x' } }, 'aws:SomeFutureGlobalKey', 's3:GetObject'],
    [{ StringEquals: { 'quuxlegacy:MultiUser': 'x' } }, 'quuxlegacy', 's3:GetObject'],
    // A key the catalogue ties to no action of its service.
    [
      { 'ForAnyValue:StringEquals': { 'iottwinmaker:linkedServices': ['IOTSITEWISE'] } },
      'iottwinmaker:linkedServices',
      'iottwinmaker:GetEntity',
    ],
    // An action the catalogue lists no condition keys for.
    [
      { 'ForAnyValue:StringEquals': { 'aws-marketplace:ProductId': ['prod-x'] } },
      'aws-marketplace:ProductId',
      'aws-marketplace:Subscribe',
    ],
  ])('warns, without blocking, on %j', (condition, text, action) => {
    const found = analyze(identity({ Effect: 'Allow', Action: action, Resource: '*', Condition: condition }));
    expect(found).toMatchObject([{ code: 'UNKNOWN_TO_CATALOG', severity: 'WARNING' }]);
    expect(found[0]?.message).toContain(text);
  });

  it('flags one key spelled in two cases', () => {
    const found = analyze(
      withCondition({ StringEquals: { 'aws:SourceVpc': 'vpc-1a2b3c4d', 'aws:sourcevpc': 'vpc-5e6f7a8b' } }),
    );
    expect(found).toMatchObject([
      { code: 'DUPLICATE_KEYS_WITH_DIFFERENT_CASE', location: { startLine: 11, startColumn: 11 } },
    ]);
  });

  it('accepts OIDC provider keys in a trust policy', () => {
    const trust = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/oidc.example.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { 'oidc.example.com:aud': 'x', 'saml:aud': 'y' } },
        },
      ],
    };
    expect(codes(analyze(trust, 'RESOURCE_POLICY'))).toEqual([]);
  });
});

describe('tag keys and unsupported global keys', () => {
  const tagged = (key: string, action = 'ec2:StartInstances') =>
    identity({ Effect: 'Allow', Action: action, Resource: '*', Condition: { StringEquals: { [key]: 'x' } } });

  it.each([
    'aws:ResourceTag',
    'aws:RequestTag/',
    'AWS:PrincipalTag',
    'ec2:ResourceTag',
    'glacier:ResourceTag',
  ])('flags %s without its tag key, at the key', (key) => {
    const found = analyze(tagged(key));
    expect(found).toMatchObject([
      { code: 'MISSING_TAG_KEY_IN_CONDITION', severity: 'ERROR', location: { startLine: 10 } },
    ]);
    expect(found[0]?.message).toContain(`use the format ${key.replace(/\/$/, '')}/tag-key`);
  });

  it.each(['aws:ResourceTag/owner', 'aws:TagKeys', 'ec2:ResourceTag/team'])('accepts %s', (key) => {
    const found = analyze(tagged(key));
    expect(codes(found)).not.toContain('MISSING_TAG_KEY_IN_CONDITION');
  });

  it.each(['aws:ARN', 'aws:arn'])('flags %s, with the keys to use instead', (key) => {
    const found = analyze(tagged(key, 's3:GetObject'));
    expect(found).toMatchObject([
      { code: 'UNSUPPORTED_GLOBAL_CONDITION_KEY', severity: 'ERROR', location: { startLine: 10 } },
    ]);
    expect(found[0]?.message).toMatch(/use aws:PrincipalArn .* or aws:SourceArn/);
  });
});
