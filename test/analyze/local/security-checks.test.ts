import { describe, expect, it } from 'vitest';
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

describe('broad grants', () => {
  it('flags Allow with NotResource', () => {
    const found = analyze(
      identity({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' }),
    );
    expect(found).toMatchObject([
      { code: 'ALLOW_WITH_NOT_RESOURCE', severity: 'SECURITY_WARNING', location: { startLine: 7 } },
    ]);
  });

  it('does not flag Deny with NotAction', () => {
    expect(codes(analyze(identity({ Effect: 'Deny', NotAction: 'iam:*', Resource: '*' })))).toEqual([]);
  });

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

  it('flags {"AWS": "*"} like "*"', () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: ['*'] },
          Action: 'sqs:SendMessage',
          Resource: 'arn:aws:sqs:us-east-1:111122223333:q',
        },
      ],
    };
    expect(codes(analyze(policy, 'RESOURCE_POLICY'))).toEqual(['PUBLIC_PRINCIPAL_WITHOUT_CONDITION']);
  });

  it('flags full admin once, without the escalation sets it implies', () => {
    const found = analyze(identity({ Effect: 'Allow', Action: '*', Resource: '*' }));
    expect(
      codes(found).filter((c) => c === 'FULL_ADMIN_ACCESS' || c === 'PRIVILEGE_ESCALATION_ACTIONS'),
    ).toEqual(['FULL_ADMIN_ACCESS']);
    expect(found.find((f) => f.code === 'FULL_ADMIN_ACCESS')).toMatchObject({
      severity: 'SECURITY_WARNING',
      location: { startLine: 6, startColumn: 17 },
    });
  });

  it('does not flag the FullAWSAccess SCP', () => {
    expect(
      codes(analyze(identity({ Effect: 'Allow', Action: '*', Resource: '*' }), 'SERVICE_CONTROL_POLICY')),
    ).toEqual([]);
  });
});

describe('privilege escalation', () => {
  it('flags a complete set on "*"', () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['ec2:RunInstances'], Resource: '*' },
        { Effect: 'Allow', Action: ['iam:PassRole'], Resource: 'arn:aws:iam::111122223333:role/app' },
        { Effect: 'Allow', Action: ['iam:AttachUserPolicy'], Resource: '*' },
      ],
    };
    const found = analyze(policy).filter((f) => f.code === 'PRIVILEGE_ESCALATION_ACTIONS');
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('iam:AttachUserPolicy');
    expect(found[0]?.message).not.toContain('ec2:RunInstances');
    expect(found[0]?.location).toMatchObject({ startLine: 21, path: 'Statement[2].Action[0]' });
  });

  it('is quiet when an unconditional Deny removes an action of the set', () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: '*' },
        { Effect: 'Deny', Action: 'iam:CreateAccessKey', Resource: '*' },
      ],
    };
    expect(codes(analyze(policy))).toEqual([]);
  });
});
