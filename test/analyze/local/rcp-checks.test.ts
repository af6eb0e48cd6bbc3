import { describe, expect, it } from 'vitest';
import { analyze, codes } from './helpers';

const rcp = (...statements: Record<string, unknown>[]) =>
  analyze({ Version: '2012-10-17', Statement: statements }, 'RESOURCE_CONTROL_POLICY');
const deny = (extra: Record<string, unknown>) => ({
  Effect: 'Deny',
  Principal: '*',
  Resource: '*',
  ...extra,
});

describe('resource control policies', () => {
  it('accepts the full-access policy and the data-perimeter Deny statements AWS documents', () => {
    const found = rcp(
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
      deny({
        Action: ['s3:*', 'sqs:*', 'kms:*', 'secretsmanager:*', 'sts:AssumeRole'],
        Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
      }),
      deny({ Action: ['S3:GetObject', 'dynamodb:GetItem', 'ecr:BatchGetImage', 'logs:*'], Resource: ['*'] }),
    );
    expect(codes(found)).toEqual([]);
  });

  it('flags NotAction, at the element', () => {
    const found = rcp(deny({ NotAction: 's3:GetObject' }));
    expect(found).toMatchObject([
      { code: 'RCP_SYNTAX_ERROR_NOTACTION', severity: 'ERROR', location: { startLine: 8 } },
    ]);
  });

  it.each([
    [{ Resource: 'arn:aws:s3:::bucket' }, 'RCP_SYNTAX_ERROR_ALLOW'],
    [{ Resource: ['arn:aws:s3:::bucket', 'arn:aws:sqs:*:*:queue'] }, 'RCP_SYNTAX_ERROR_ALLOW'],
    [{ Resource: undefined, NotResource: 'arn:aws:s3:::bucket' }, 'RCP_SYNTAX_ERROR_ALLOW'],
    [{ Condition: { Bool: { 'aws:SecureTransport': 'true' } } }, 'RCP_SYNTAX_ERROR_ALLOW'],
  ])('flags an Allow statement with %j', (extra, code) => {
    const found = rcp({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', ...extra });
    expect(codes(found)).toEqual([code]);
    expect(found[0]?.message).toMatch(/Principal "\*", Resource "\*" and no Condition/);
  });

  it('leaves a non-"*" principal of an Allow to RCP_SYNTAX_ERROR_PRINCIPAL alone', () => {
    const found = rcp({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: '*', Resource: '*' });
    expect(codes(found)).toEqual(['RCP_SYNTAX_ERROR_PRINCIPAL']);
  });

  it.each([
    ['*', /"\*" names no service/],
    ['*:*', /"\*:\*" names no service/],
    ['ec2:TerminateInstances', /RCPs do not apply to the service "ec2"/],
    ['iam:*', /RCPs do not apply to the service "iam"/],
  ])('flags a Deny of %s, at the action', (action, message) => {
    const found = rcp(deny({ Action: [action] }));
    expect(found).toMatchObject([
      { code: 'RCP_SYNTAX_ERROR_ACTION', severity: 'ERROR', location: { startLine: 9 } },
    ]);
    expect(found[0]?.message).toMatch(message);
  });

  it('leaves a wildcard service prefix alone, and is a check of RCPs only', () => {
    expect(codes(rcp(deny({ Action: 's?s:SendMessage' })))).not.toContain('RCP_SYNTAX_ERROR_ACTION');
    const scp = analyze(
      { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotAction: 'ec2:*', Resource: '*' }] },
      'SERVICE_CONTROL_POLICY',
    );
    expect(codes(scp)).toEqual([]);
  });
});
