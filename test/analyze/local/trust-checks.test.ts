import { describe, expect, it } from 'vitest';
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
    expect(codes(analyze(trust(principal, action), 'RESOURCE_POLICY', typed))).toEqual([]);
  });

  it('is a check of typed role trust policies only', () => {
    const policy = trust({ Federated: SAML }, 'sts:AssumeRoleWithWebIdentity');
    expect(codes(analyze(policy, 'RESOURCE_POLICY'))).toEqual([]);
  });
});
