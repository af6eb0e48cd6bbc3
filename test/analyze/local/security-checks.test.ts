import { describe, expect, it } from 'vitest';
import { GATE_CHECK_CODES } from '../../../src/gate-checks';
import { analyze, codes, identity } from './helpers';

describe('iam:PassRole and iam:CreateServiceLinkedRole', () => {
  it.each([
    [{ Action: 'iam:PassRole', Resource: '*' }, 'PASS_ROLE_WITH_STAR_IN_RESOURCE'],
    [{ Action: 'iam:Pass*', Resource: '*' }, 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE'],
    [{ NotAction: 's3:*', Resource: '*' }, 'PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION'],
    [
      { Action: 'iam:PassRole', NotResource: 'arn:aws:iam::111122223333:role/admin' },
      'PASS_ROLE_WITH_NOT_RESOURCE',
    ],
    [
      { Action: 'iam:Pass*', NotResource: 'arn:aws:iam::111122223333:role/admin' },
      'PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE',
    ],
    [
      { NotAction: 's3:*', NotResource: 'arn:aws:iam::111122223333:role/admin' },
      'PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE',
    ],
    [{ Action: 'iam:CreateServiceLinkedRole', Resource: '*' }, 'CREATE_SLR_WITH_STAR_IN_RESOURCE'],
  ])('%j -> %s', (statement, code) => {
    const found = analyze(identity({ Effect: 'Allow', ...statement }));
    expect(codes(found)).toContain(code);
    expect(found.find((f) => f.code === code)?.location?.startLine).toBe(7);
  });

  it('is quiet when the role is named or iam:PassedToService is conditioned', () => {
    const named = identity({
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: 'arn:aws:iam::111122223333:role/app',
    });
    expect(codes(analyze(named))).toEqual([]);
    const conditioned = identity({
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: '*',
      Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
    });
    expect(codes(analyze(conditioned))).toEqual([]);
  });
});

describe('Allow with NotPrincipal', () => {
  it('flags Allow with NotPrincipal in a resource policy', () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::b/*',
        },
      ],
    };
    expect(codes(analyze(policy, 'RESOURCE_POLICY'))).toEqual(['ALLOW_WITH_NOT_PRINCIPAL']);
  });
});

// The gate's own checks are a stage of their own (test/gate-checks): the local analyzer reports only what
// mirrors Access Analyzer, as AWS would.
describe("the gate checks are not the local analyzer's", () => {
  it.each([
    [identity({ Effect: 'Allow', Action: '*', Resource: '*' }), 'IDENTITY_POLICY'],
    [identity({ Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: '*' }), 'IDENTITY_POLICY'],
    [
      identity({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' }),
      'IDENTITY_POLICY',
    ],
    [identity({ Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:s3:::b' }), 'IDENTITY_POLICY'],
    [
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
        ],
      },
      'RESOURCE_POLICY',
    ],
  ] as const)('%j gives no gate-check finding', (policy, type) => {
    const gateCodes: readonly string[] = GATE_CHECK_CODES;
    expect(codes(analyze(policy, type)).filter((c) => gateCodes.includes(c))).toEqual([]);
  });
});
