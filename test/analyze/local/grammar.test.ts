import { describe, expect, it } from 'vitest';
import type { PolicyType } from '../../../src/core/types';
import { analyze, codes, identity } from './helpers';

const allow = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
const bucket = (statement: Record<string, unknown>) => ({ Version: '2012-10-17', Statement: [statement] });
const fromAccount = { Principal: { AWS: 'arn:aws:iam::111122223333:root' } };

type Case = [name: string, policy: unknown, type: PolicyType, code: string, line: number, column: number];

const cases: Case[] = [
  ['not an object', '[]', 'IDENTITY_POLICY', 'DATA_TYPE_MISMATCH', 1, 1],
  [
    'unknown top element',
    { Version: '2012-10-17', Statment: [], Statement: [allow] },
    'IDENTITY_POLICY',
    'INVALID_POLICY_ELEMENT',
    3,
    3,
  ],
  ['missing Version', { Statement: [allow] }, 'IDENTITY_POLICY', 'MISSING_VERSION', 1, 1],
  [
    'invalid Version',
    { Version: '2020-01-01', Statement: [allow] },
    'IDENTITY_POLICY',
    'INVALID_VERSION',
    2,
    14,
  ],
  ['missing Statement', { Version: '2012-10-17' }, 'IDENTITY_POLICY', 'MISSING_STATEMENT', 1, 1],
  [
    'Statement a string',
    { Version: '2012-10-17', Statement: 'x' },
    'IDENTITY_POLICY',
    'DATA_TYPE_MISMATCH',
    3,
    16,
  ],
  [
    'unknown statement element',
    identity({ ...allow, Resources: '*' }),
    'IDENTITY_POLICY',
    'INVALID_POLICY_ELEMENT',
    8,
    7,
  ],
  [
    'missing Effect',
    identity({ Action: 's3:GetObject', Resource: '*' }),
    'IDENTITY_POLICY',
    'MISSING_EFFECT',
    4,
    5,
  ],
  [
    'Effect not a string',
    identity({ ...allow, Effect: true }),
    'IDENTITY_POLICY',
    'DATA_TYPE_MISMATCH',
    5,
    17,
  ],
  ['missing Action', identity({ Effect: 'Allow', Resource: '*' }), 'IDENTITY_POLICY', 'MISSING_ACTION', 4, 5],
  [
    'Action and NotAction',
    identity({ ...allow, Effect: 'Deny', NotAction: 's3:PutObject' }),
    'IDENTITY_POLICY',
    'UNSUPPORTED_ELEMENT_COMBINATION',
    8,
    7,
  ],
  [
    'missing Resource',
    identity({ Effect: 'Allow', Action: 's3:GetObject' }),
    'IDENTITY_POLICY',
    'MISSING_RESOURCE',
    4,
    5,
  ],
  ['Action a number', identity({ ...allow, Action: 3 }), 'IDENTITY_POLICY', 'DATA_TYPE_MISMATCH', 6, 17],
  [
    'empty Action array',
    identity({ ...allow, Effect: 'Deny', Action: [] }),
    'IDENTITY_POLICY',
    'EMPTY_ARRAY_ACTION',
    6,
    17,
  ],
  [
    'Principal in identity policy',
    identity({ ...allow, Principal: '*' }),
    'IDENTITY_POLICY',
    'UNSUPPORTED_PRINCIPAL',
    8,
    7,
  ],
  [
    'Principal in SCP',
    identity({ ...allow, Effect: 'Deny', Principal: '*' }),
    'SERVICE_CONTROL_POLICY',
    'SCP_SYNTAX_ERROR_PRINCIPAL',
    8,
    7,
  ],
  ['missing Principal', bucket(allow), 'RESOURCE_POLICY', 'MISSING_PRINCIPAL', 4, 5],
  [
    'bad principal format',
    bucket({ ...allow, Principal: '111122223333' }),
    'RESOURCE_POLICY',
    'INVALID_PRINCIPAL_FORMAT',
    8,
    20,
  ],
  [
    'bad principal key',
    bucket({ ...allow, Principal: { Account: '111122223333' } }),
    'RESOURCE_POLICY',
    'INVALID_PRINCIPAL_KEY',
    9,
    9,
  ],
  [
    'wildcard in AWS principal',
    bucket({ ...allow, Principal: { AWS: 'arn:aws:iam::111122223333:role/*' } }),
    'RESOURCE_POLICY',
    'UNSUPPORTED_WILDCARD_IN_PRINCIPAL',
    9,
    16,
  ],
  [
    'empty principal object',
    bucket({ ...allow, Principal: {} }),
    'RESOURCE_POLICY',
    'EMPTY_OBJECT_PRINCIPAL',
    8,
    20,
  ],
  [
    'empty Condition',
    identity({ ...allow, Condition: {} }),
    'IDENTITY_POLICY',
    'EMPTY_OBJECT_CONDITION',
    8,
    20,
  ],
  [
    'Condition block not an object',
    identity({ ...allow, Condition: { StringEquals: 'x' } }),
    'IDENTITY_POLICY',
    'DATA_TYPE_MISMATCH',
    9,
    25,
  ],
  [
    'empty condition values',
    identity({ ...allow, Condition: { StringEquals: { 'aws:PrincipalAccount': [] } } }),
    'IDENTITY_POLICY',
    'EMPTY_ARRAY_CONDITION',
    10,
    35,
  ],
  ['empty Sid', identity({ Sid: '', ...allow }), 'IDENTITY_POLICY', 'EMPTY_SID_VALUE', 5, 14],
  [
    'Sid with spaces in IAM',
    identity({ Sid: 'Read objects', ...allow }),
    'IDENTITY_POLICY',
    'UNSUPPORTED_SID',
    5,
    14,
  ],
];

describe('grammar checks', () => {
  it.each(cases)('%s', (_name, policy, type, code, line, column) => {
    const found = analyze(policy, type).filter((f) => f.code === code);
    expect(found, JSON.stringify(analyze(policy, type).map((f) => f.code))).toHaveLength(1);
    expect(found[0]?.location).toMatchObject({ startLine: line, startColumn: column });
  });

  it('requires unique Sids in IAM policies and recommends them in resource policies', () => {
    const two = (extra: Record<string, unknown>) => ({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Read', ...allow, ...extra },
        { Sid: 'Read', ...allow, ...extra },
      ],
    });
    expect(analyze(two({}))).toMatchObject([
      { code: 'UNIQUE_SIDS_REQUIRED', severity: 'ERROR', location: { startLine: 11 } },
    ]);
    expect(analyze(two(fromAccount), 'RESOURCE_POLICY')).toMatchObject([
      { code: 'UNIQUE_SIDS_RECOMMENDED', severity: 'WARNING' },
    ]);
  });

  it('recommends unique Sids in an untyped trust-like resource policy, requires them when typed as one', () => {
    const assume = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' };
    const trust = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Ec2', ...assume },
        { Sid: 'Ec2', ...assume },
      ],
    };
    expect(analyze(trust, 'RESOURCE_POLICY')).toMatchObject([
      { code: 'UNIQUE_SIDS_RECOMMENDED', severity: 'WARNING', location: { startLine: 13 } },
    ]);
    const typed = { resourceType: 'AWS::IAM::AssumeRolePolicyDocument' } as const;
    expect(codes(analyze(trust, 'RESOURCE_POLICY', typed))).toEqual(['UNIQUE_SIDS_REQUIRED']);
  });

  it('applies IAM Sid characters to a trust policy only when it is typed as one', () => {
    const assume = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' };
    const trust = { Version: '2012-10-17', Statement: [{ Sid: 'ec2-role', ...assume }] };
    expect(codes(analyze(trust, 'RESOURCE_POLICY'))).toEqual([]);
    const typed = { resourceType: 'AWS::IAM::AssumeRolePolicyDocument' } as const;
    expect(codes(analyze(trust, 'RESOURCE_POLICY', typed))).toEqual(['UNSUPPORTED_SID']);
  });

  it('reports a duplicate JSON key at its second occurrence', () => {
    const text =
      '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}]\n}';
    expect(analyze(text)).toMatchObject([
      { code: 'DUPLICATE_JSON_KEY', severity: 'ERROR', location: { startLine: 3, startColumn: 37 } },
    ]);
  });

  it('reports every repeated key of an object, small or large, at each later occurrence', () => {
    // Small objects are compared member by member, larger ones through a set: the same findings.
    const condition = (keys: string[]) =>
      `{${keys.map((k, i) => `"${k}": {"aws:SourceAccount": "11112222333${i % 10}"}`).join(', ')}}`;
    for (const keys of [
      ['StringEquals', 'StringLike', 'StringEquals', 'StringEquals'],
      ['C0', 'C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8', 'C1', 'C9', 'C8', 'C1'],
    ]) {
      const text = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": ${condition(keys)}}]}`;
      const repeats = analyze(text).filter((f) => f.code === 'DUPLICATE_JSON_KEY');
      const later = keys.flatMap((k, i) => (keys.indexOf(k) < i ? [k] : []));
      expect(repeats.map((f) => f.message)).toEqual(
        later.map((k) => `"${k}" appears more than once in this object; IAM uses one of them.`),
      );
    }
  });

  it('does not require Resource in a role trust policy and rejects one when typed as such', () => {
    const trust = bucket({
      Effect: 'Allow',
      Principal: { Service: 'ec2.amazonaws.com' },
      Action: 'sts:AssumeRole',
    });
    expect(codes(analyze(trust, 'RESOURCE_POLICY'))).toEqual([]);
    const withResource = bucket({
      Effect: 'Allow',
      Principal: { Service: 'ec2.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Resource: '*',
    });
    expect(
      codes(analyze(withResource, 'RESOURCE_POLICY', { resourceType: 'AWS::IAM::AssumeRolePolicyDocument' })),
    ).toEqual(['ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE']);
  });

  it('accepts "*" as the only principal of an RCP', () => {
    const rcp = {
      Version: '2012-10-17',
      Statement: [{ ...allow, Effect: 'Deny', Principal: { AWS: '111122223333' } }],
    };
    expect(codes(analyze(rcp, 'RESOURCE_CONTROL_POLICY'))).toEqual(['RCP_SYNTAX_ERROR_PRINCIPAL']);
  });

  // Access Analyzer counts identity policies, managed and inline, against 10,240 characters besides
  // whitespace (500 actions of 15 characters were over the former 6,144).
  it('warns when an identity policy exceeds its size quota', () => {
    // Distinct objects: copies of one entry would also be REDUNDANT_RESOURCE.
    const objects = Array.from({ length: 500 }, (_, i) => `arn:aws:s3:::bucket/object-${i}`);
    const found = analyze(identity({ ...allow, Action: 's3:GetObject', Resource: objects }));
    expect(codes(found)).toEqual(['POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA']);
    expect(found[0]?.message).toContain('the quota is 10240');
  });

  it('accepts an identity policy of about 8,000 characters, within the 10,240 quota', () => {
    const objects = Array.from({ length: 250 }, (_, i) => `arn:aws:s3:::bucket/object-${i}`);
    expect(codes(analyze(identity({ ...allow, Action: 's3:GetObject', Resource: objects })))).toEqual([]);
  });
});
