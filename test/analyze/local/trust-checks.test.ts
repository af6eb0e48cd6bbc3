import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/types';
import { analyze, codes } from './helpers';

const typed = { resourceType: 'AWS::IAM::AssumeRolePolicyDocument' } as const;
const trust = (principal: unknown, action: string | string[]) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: principal, Action: action }],
});
const SAML = 'arn:aws:iam::111122223333:saml-provider/Okta';
const OIDC = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';

describe('MISMATCHED_ACTION_FOR_PRINCIPAL', () => {
  it.each([
    [{ Federated: OIDC }, 'sts:AssumeRoleWithSAML', 'a SAML provider'],
    [{ Federated: SAML }, 'sts:AssumeRoleWithWebIdentity', 'an OIDC provider'],
    [{ AWS: 'arn:aws:iam::111122223333:root' }, 'sts:AssumeRoleWithSAML', 'a SAML provider'],
    [{ Service: 'ec2.amazonaws.com' }, 'sts:assumerolewithwebidentity', 'an OIDC provider'],
  ])('flags %j with %s, at the action', (principal, action, kind) => {
    const found = analyze(trust(principal, action), 'RESOURCE_POLICY', typed);
    expect(found).toMatchObject([
      { code: 'MISMATCHED_ACTION_FOR_PRINCIPAL', severity: 'ERROR', location: { startLine: 9 } },
    ]);
    expect(found[0]?.message).toMatch(
      new RegExp(`: use ${kind} \\(Federated\\) with sts:AssumeRoleWith\\w+\\.$`),
    );
  });

  it.each([
    [{ Federated: SAML }, ['sts:AssumeRoleWithSAML', 'sts:TagSession']],
    [{ Federated: OIDC }, 'sts:AssumeRoleWithWebIdentity'],
    [{ Federated: 'cognito-identity.amazonaws.com' }, 'sts:AssumeRoleWithWebIdentity'],
    [{ AWS: 'arn:aws:iam::111122223333:root' }, 'sts:AssumeRole'],
    // Everyone, as IAM reads {"AWS": "*"}: AWS's data-perimeter trust policies deny it these actions.
    [{ AWS: '*' }, ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity']],
    ['*', 'sts:AssumeRoleWithWebIdentity'],
  ])('accepts %j with %j', (principal, action) => {
    const found = codes(analyze(trust(principal, action), 'RESOURCE_POLICY', typed));
    expect(found).not.toContain('MISMATCHED_ACTION_FOR_PRINCIPAL');
  });

  it('is a check of typed role trust policies only', () => {
    const policy = trust({ Federated: SAML }, 'sts:AssumeRoleWithWebIdentity');
    expect(codes(analyze(policy, 'RESOURCE_POLICY'))).toEqual([]);
  });
});

const statements = (...list: object[]) => ({ Version: '2012-10-17', Statement: list });
const only = (found: readonly Finding[], code: string) => found.filter((f) => f.code === code);

describe('ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL', () => {
  const CODE = 'ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL';
  const notPrincipal = (effect: string) =>
    statements({
      Effect: effect,
      NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: 'sts:AssumeRole',
    });

  it('flags NotPrincipal in an Allow, at NotPrincipal, beside ALLOW_WITH_NOT_PRINCIPAL', () => {
    const found = analyze(notPrincipal('Allow'), 'RESOURCE_POLICY', typed);
    expect(found).toMatchObject([
      { code: CODE, severity: 'ERROR', location: { startLine: 6 } },
      { code: 'ALLOW_WITH_NOT_PRINCIPAL', severity: 'SECURITY_WARNING', location: { startLine: 6 } },
    ]);
    expect(found[0]?.message).toBe(
      'Role trust policies do not support NotPrincipal: use a Principal element instead.',
    );
  });

  it('flags NotPrincipal in a Deny too (and nothing else)', () => {
    expect(codes(analyze(notPrincipal('Deny'), 'RESOURCE_POLICY', typed))).toEqual([CODE]);
  });

  it('accepts Principal, and leaves untyped and other resource policies alone', () => {
    const principal = statements({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: 'sts:AssumeRole',
    });
    expect(codes(analyze(principal, 'RESOURCE_POLICY', typed))).toEqual([]);
    expect(codes(analyze(notPrincipal('Allow'), 'RESOURCE_POLICY'))).toEqual(['ALLOW_WITH_NOT_PRINCIPAL']);
    const bucket = statements({
      Effect: 'Deny',
      NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::amzn-s3-demo-bucket/*',
    });
    expect(codes(analyze(bucket, 'RESOURCE_POLICY', { resourceType: 'AWS::S3::Bucket' }))).toEqual([]);
  });
});

describe('ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL', () => {
  const CODE = 'ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL';

  it.each(['Allow', 'Deny'])('flags "Principal": "*" in an %s statement, at the principal', (effect) => {
    const policy = statements({ Effect: effect, Principal: '*', Action: 'sts:AssumeRole' });
    const found = analyze(policy, 'RESOURCE_POLICY', typed);
    expect(found).toMatchObject([{ code: CODE, severity: 'ERROR', location: { startLine: 6 } }]);
    expect(found[0]?.message).toBe(
      '"Principal": "*" is not supported in a role trust policy: replace the wildcard with a valid principal value.',
    );
  });

  it('accepts {"AWS": "*"} (the data-perimeter Deny and an Allow under a condition) and account principals', () => {
    const policy = statements(
      {
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity'],
        Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      },
      {
        Effect: 'Allow',
        Principal: { AWS: ['*', 'arn:aws:iam::111122223333:root'] },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      },
    );
    expect(only(analyze(policy, 'RESOURCE_POLICY', typed), CODE)).toEqual([]);
  });

  it('is a check of typed role trust policies only', () => {
    const policy = statements({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' });
    expect(codes(analyze(policy, 'RESOURCE_POLICY'))).not.toContain(CODE);
    const bucket = statements({
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: 'arn:aws:s3:::amzn-s3-demo-bucket',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expect(codes(analyze(bucket, 'RESOURCE_POLICY', { resourceType: 'AWS::S3::Bucket' }))).toEqual([]);
  });
});

describe('MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY', () => {
  const CODE = 'MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY';
  const RA = { Service: 'rolesanywhere.amazonaws.com' };
  const ALL = ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'];

  it.each([
    ['sts:AssumeRole', 'sts:SetSourceIdentity, sts:TagSession'],
    [['sts:AssumeRole', 'sts:TagSession'], 'sts:SetSourceIdentity'],
    [['sts:AssumeRole*', 'sts:*Session'], 'sts:SetSourceIdentity'],
  ])('flags %j, naming what is missing, at the principal', (action, missing) => {
    const found = analyze(trust(RA, action), 'RESOURCE_POLICY', typed);
    expect(found).toMatchObject([{ code: CODE, severity: 'ERROR', location: { startLine: 7 } }]);
    expect(found[0]?.message).toBe(
      `The rolesanywhere.amazonaws.com service principal requires the sts:AssumeRole, sts:SetSourceIdentity, and sts:TagSession permissions to assume a role: add ${missing}.`,
    );
  });

  it('flags a Service list that names the service, once per policy', () => {
    const policy = statements(
      {
        Effect: 'Allow',
        Principal: { Service: ['ec2.amazonaws.com', RA.Service] },
        Action: 'sts:AssumeRole',
      },
      { Effect: 'Allow', Principal: RA, Action: 'sts:TagSession' },
    );
    expect(codes(analyze(policy, 'RESOURCE_POLICY', typed))).toEqual([CODE]);
  });

  it.each([
    [ALL],
    [['sts:AssumeRole', 'sts:SetSourceIdentity', 'STS:tagsession']],
    ['sts:*'],
    [['sts:AssumeRole', 'sts:Set*', 'sts:Tag*']],
  ])('accepts %j', (action) => {
    expect(codes(analyze(trust(RA, action), 'RESOURCE_POLICY', typed))).toEqual([]);
  });

  it('accepts the three actions over two statements, and under a condition', () => {
    const policy = statements(
      {
        Effect: 'Allow',
        Principal: RA,
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: {
          ArnEquals: {
            'aws:SourceArn': 'arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/a1b2c3d4',
          },
        },
      },
      { Effect: 'Allow', Principal: RA, Action: 'sts:SetSourceIdentity' },
    );
    expect(codes(analyze(policy, 'RESOURCE_POLICY', typed))).toEqual([]);
  });

  it('leaves other principals, Deny statements and untyped policies alone', () => {
    const ec2 = trust({ Service: 'ec2.amazonaws.com' }, 'sts:AssumeRole');
    expect(codes(analyze(ec2, 'RESOURCE_POLICY', typed))).toEqual([]);
    const deny = statements(
      { Effect: 'Allow', Principal: RA, Action: ALL },
      { Effect: 'Deny', Principal: RA, Action: 'sts:TagSession' },
    );
    expect(codes(analyze(deny, 'RESOURCE_POLICY', typed))).toEqual([]);
    expect(codes(analyze(trust(RA, 'sts:AssumeRole'), 'RESOURCE_POLICY'))).toEqual([]);
  });
});
