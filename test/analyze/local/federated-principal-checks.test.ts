import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/types';
import { analyze, codes } from './helpers';

const typed = { resourceType: 'AWS::IAM::AssumeRolePolicyDocument' } as const;
const bucket = { resourceType: 'AWS::S3::Bucket' } as const;
const statements = (...list: object[]) => ({ Version: '2012-10-17', Statement: list });
const trust = (principal: unknown, action: unknown, condition?: object) =>
  statements({
    Effect: 'Allow',
    Principal: principal,
    Action: action,
    ...(condition ? { Condition: condition } : {}),
  });
const only = (found: readonly Finding[], code: string) => found.filter((f) => f.code === code);

const SAML = 'arn:aws:iam::111122223333:saml-provider/Okta';
const EKS_HOST = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const EKS = `arn:aws:iam::111122223333:oidc-provider/${EKS_HOST}`;
const GITHUB = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';
const WEB = 'sts:AssumeRoleWithWebIdentity';

describe('FEDERATED_PRINCIPAL_NOT_SUPPORTED', () => {
  const CODE = 'FEDERATED_PRINCIPAL_NOT_SUPPORTED';
  const s3 = (principal: unknown) =>
    statements({
      Effect: 'Allow',
      Principal: principal,
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::amzn-s3-demo-bucket/*',
    });

  it.each([
    ['AWS::S3::Bucket', { Federated: 'cognito-identity.amazonaws.com' }],
    ['AWS::S3::AccessPoint', { Federated: SAML }],
    ['AWS::DynamoDB::Table', { Federated: [EKS, 'accounts.google.com'] }],
  ])(
    'flags a Federated principal in a policy typed %s, once, at the Federated key',
    (resourceType, principal) => {
      const found = only(analyze(s3(principal), 'RESOURCE_POLICY', { resourceType }), CODE);
      expect(found).toMatchObject([{ code: CODE, severity: 'ERROR', location: { startLine: 7 } }]);
      expect(found[0]?.message).toBe(
        'The policy type does not support a federated identity provider in the principal element: use a supported principal.',
      );
    },
  );

  it('accepts the other principal types in a typed resource policy', () => {
    const principal = { AWS: 'arn:aws:iam::111122223333:root', Service: 'cloudfront.amazonaws.com' };
    expect(codes(analyze(s3(principal), 'RESOURCE_POLICY', bucket))).not.toContain(CODE);
  });

  it('leaves role trust policies, typed or not, and untyped resource policies alone', () => {
    const web = trust({ Federated: 'cognito-identity.amazonaws.com' }, WEB);
    expect(codes(analyze(web, 'RESOURCE_POLICY', typed))).not.toContain(CODE);
    expect(codes(analyze(web, 'RESOURCE_POLICY'))).not.toContain(CODE);
    // An untyped resource policy may be a trust policy: Access Analyzer validates it as a generic one.
    const untyped = analyze(s3({ Federated: 'cognito-identity.amazonaws.com' }), 'RESOURCE_POLICY');
    expect(codes(untyped)).not.toContain(CODE);
  });

  it('leaves identity policies to UNSUPPORTED_PRINCIPAL', () => {
    const found = codes(analyze(s3({ Federated: SAML }), 'IDENTITY_POLICY'));
    expect(found).toContain('UNSUPPORTED_PRINCIPAL');
    expect(found).not.toContain(CODE);
  });
});

describe('INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY', () => {
  const CODE = 'INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY';

  it.each([
    'arn:aws:iam::111122223333:role/x',
    'arn:aws:iam::111122223333:user/alice',
    'arn:aws:cognito-identity:us-east-1:111122223333:identitypool/us-east-1:abc',
    'arn:aws:iam::111122223333:saml-provider/',
    'https://accounts.google.com',
    'accounts.google.com:443',
    'Okta',
    '',
  ])('flags "%s", at the value, and nothing else from the grammar', (value) => {
    const found = analyze(trust({ Federated: value }, 'sts:AssumeRole'), 'RESOURCE_POLICY', typed);
    expect(found).toMatchObject([{ code: CODE, severity: 'ERROR', location: { startLine: 7 } }]);
    expect(found[0]?.message).toBe(
      `The federated principal "${value}" does not match the expected format: use a domain name or a SAML metadata ARN.`,
    );
  });

  it('flags each value of a list that is not of the form', () => {
    const policy = trust(
      { Federated: [SAML, 'arn:aws:iam::111122223333:role/x', 'Okta'] },
      'sts:AssumeRoleWithSAML',
    );
    const found = only(analyze(policy, 'RESOURCE_POLICY', typed), CODE);
    expect(found.map((f) => f.location?.startLine)).toEqual([9, 10]);
  });

  it.each([
    ['cognito-identity.amazonaws.com', WEB],
    ['accounts.google.com', WEB],
    ['graph.facebook.com', WEB],
    ['www.amazon.com', WEB],
    [SAML, 'sts:AssumeRoleWithSAML'],
    ['arn:aws-us-gov:iam::111122223333:saml-provider/ADFS', 'sts:AssumeRoleWithSAML'],
    [EKS, WEB],
    [GITHUB, WEB],
    // Wildcards and policy variables: other checks' matter.
    ['arn:aws:iam::*:oidc-provider/*', WEB],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
    ['${aws:PrincipalTag/idp}', WEB],
  ])('accepts "%s"', (value, action) => {
    const found = analyze(trust({ Federated: value }, action), 'RESOURCE_POLICY', typed);
    expect(codes(found)).not.toContain(CODE);
  });

  it('is a check of typed role trust policies only', () => {
    const policy = trust({ Federated: 'arn:aws:iam::111122223333:role/x' }, 'sts:AssumeRole');
    expect(codes(analyze(policy, 'RESOURCE_POLICY'))).not.toContain(CODE);
  });
});

describe('MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL', () => {
  const CODE = 'MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL';

  it.each([
    ['no Condition', undefined],
    ['a condition on another key', { StringEquals: { 'aws:SourceIp': '203.0.113.0/24' } }],
    ['a condition on another provider', { StringEquals: { 'accounts.google.com:aud': 'app' } }],
    [
      'a key of a longer host',
      { StringEquals: { [`${EKS_HOST}X:sub`]: 'system:serviceaccount:default:app' } },
    ],
  ])('flags an EKS provider with %s, at the provider', (_, condition) => {
    const found = analyze(trust({ Federated: EKS }, WEB, condition), 'RESOURCE_POLICY', typed);
    expect(only(found, CODE)).toMatchObject([
      { code: CODE, severity: 'SECURITY_WARNING', location: { startLine: 7 } },
    ]);
    expect(only(found, CODE)[0]?.message).toBe(
      `Using the OIDC principal "${EKS_HOST}" without a condition can be overly permissive: add condition keys prefixed "${EKS_HOST}:" so that only the intended identities assume the role.`,
    );
  });

  it.each([['sts:*'], ['sts:AssumeRoleWith*'], [['sts:TagSession', WEB]]])(
    'flags an action list %j that allows sts:AssumeRoleWithWebIdentity',
    (action) => {
      expect(codes(analyze(trust({ Federated: EKS }, action), 'RESOURCE_POLICY', typed))).toContain(CODE);
    },
  );

  it('flags GitHub Actions provider without conditions too', () => {
    const found = analyze(trust({ Federated: GITHUB }, WEB), 'RESOURCE_POLICY', typed);
    expect(codes(found)).toEqual([CODE]);
    expect(found[0]?.message).toContain('"token.actions.githubusercontent.com:"');
  });

  it('flags each provider of a statement that none of its keys tests', () => {
    const policy = trust({ Federated: [EKS, GITHUB] }, WEB, {
      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
    });
    const found = only(analyze(policy, 'RESOURCE_POLICY', typed), CODE);
    expect(found.map((f) => f.location?.startLine)).toEqual([8]);
  });

  it.each([
    ['StringEquals on :sub', { StringEquals: { [`${EKS_HOST}:sub`]: 'system:serviceaccount:default:app' } }],
    ['StringLike on :aud', { StringLike: { [`${EKS_HOST}:aud`]: 'sts.amazonaws.com' } }],
    ['a key in another case', { StringEquals: { [`${EKS_HOST.toUpperCase()}:sub`]: 'x' } }],
    ['an IfExists operator', { StringEqualsIfExists: { [`${EKS_HOST}:amr`]: 'x' } }],
  ])('accepts an EKS provider with %s', (_, condition) => {
    const found = analyze(trust({ Federated: EKS }, WEB, condition), 'RESOURCE_POLICY', typed);
    expect(codes(found)).not.toContain(CODE);
  });

  it('leaves Deny, other actions, providers named by their domain, and untyped policies alone', () => {
    const deny = statements({ Effect: 'Deny', Principal: { Federated: EKS }, Action: WEB });
    expect(codes(analyze(deny, 'RESOURCE_POLICY', typed))).not.toContain(CODE);
    expect(codes(analyze(trust({ Federated: EKS }, 'sts:TagSession'), 'RESOURCE_POLICY', typed))).toEqual([]);
    const cognito = trust({ Federated: 'cognito-identity.amazonaws.com' }, WEB);
    expect(codes(analyze(cognito, 'RESOURCE_POLICY', typed))).toEqual([]);
    expect(
      codes(analyze(trust({ Federated: SAML }, 'sts:AssumeRoleWithSAML'), 'RESOURCE_POLICY', typed)),
    ).toEqual([]);
    expect(codes(analyze(trust({ Federated: EKS }, WEB), 'RESOURCE_POLICY'))).not.toContain(CODE);
  });
});

describe('FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE', () => {
  const CODE = 'FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE';
  const withCondition = (condition: object, principal: unknown = { Federated: GITHUB }) =>
    trust(principal, WEB, {
      ...condition,
      StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:octo-org/octo-repo:*' },
    });

  it.each([
    ['ForAnyValue:StringEquals', 'token.actions.githubusercontent.com:aud'],
    ['ForAnyValue:StringLike', 'Token.Actions.GitHubUserContent.com:AUD'],
    ['forAnyValue:StringEqualsIfExists', 'token.actions.githubusercontent.com:aud'],
    ['ForAnyValue:StringEquals', 'accounts.google.com:aud'],
    ['ForAnyValue:StringEquals', 'cognito-identity.amazonaws.com:aud'],
  ])('flags %s on %s, at the key', (operator, key) => {
    const found = analyze(
      withCondition({ [operator]: { [key]: 'sts.amazonaws.com' } }),
      'RESOURCE_POLICY',
      typed,
    );
    expect(found).toMatchObject([{ code: CODE, severity: 'SECURITY_WARNING', location: { startLine: 12 } }]);
    expect(found[0]?.message).toBe(
      `Using ForAnyValue qualifier with the single-valued condition key ${key} can be overly permissive: use ${operator.slice('ForAnyValue:'.length)} without ForAnyValue:.`,
    );
  });

  it('flags it in an untyped resource policy too (the key says what it is)', () => {
    const policy = withCondition({ 'ForAnyValue:StringEquals': { 'accounts.google.com:aud': 'app' } });
    expect(codes(analyze(policy, 'RESOURCE_POLICY'))).toContain(CODE);
  });

  it.each([
    ['StringEquals', 'token.actions.githubusercontent.com:aud'],
    ['ForAllValues:StringEquals', 'accounts.google.com:aud'],
    // Cognito's amr holds a set of values: IAM's examples write ForAnyValue:StringLike on it.
    ['ForAnyValue:StringLike', 'cognito-identity.amazonaws.com:amr'],
    ['ForAnyValue:StringEquals', 'token.actions.githubusercontent.com:sub'],
    ['ForAnyValue:StringEquals', 'saml:aud'],
    // A provider the catalogue does not name.
    ['ForAnyValue:StringEquals', `${EKS_HOST}:aud`],
    ['ForAnyValue:StringEquals', 'aws:PrincipalOrgPaths'],
  ])('accepts %s on %s', (operator, key) => {
    const found = analyze(withCondition({ [operator]: { [key]: 'x' } }), 'RESOURCE_POLICY', typed);
    expect(codes(found)).not.toContain(CODE);
  });

  it('is a check of resource policies', () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: '*',
          Condition: { 'ForAnyValue:StringEquals': { 'accounts.google.com:aud': 'app' } },
        },
      ],
    };
    expect(codes(analyze(policy, 'IDENTITY_POLICY'))).not.toContain(CODE);
  });
});
