import { describe, expect, it } from 'vitest';
import { evaluateActions, expandActions } from '../../../src/analyze/local';

const doc = (...statements: unknown[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
const decide = (document: string, action: string) => evaluateActions(document, [action])[0];

describe('evaluateActions', () => {
  it('allows what an Allow matches, with wildcards and case-insensitively', () => {
    const d = doc({ Effect: 'Allow', Action: ['s3:Get*', 'iam:*'], Resource: '*' });
    expect(decide(d, 's3:GetObject')).toMatchObject({
      decision: 'allowed',
      conditional: false,
      statement: { index: 0 },
    });
    expect(decide(d, 'IAM:CreateUser')).toMatchObject({ decision: 'allowed', conditional: false });
    expect(decide(d, 's3:PutObject')).toEqual({
      action: 's3:PutObject',
      decision: 'implicitDeny',
      conditional: false,
    });
  });

  it('lets an explicit Deny win over an Allow', () => {
    const d = doc(
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Sid: 'NoIam', Effect: 'Deny', Action: 'iam:*', Resource: '*' },
    );
    expect(decide(d, 'iam:CreateUser')).toMatchObject({
      decision: 'explicitDeny',
      conditional: false,
      statement: { index: 1, sid: 'NoIam', location: { startLine: 9, startColumn: 5, path: 'Statement[1]' } },
    });
    expect(decide(d, 'ec2:RunInstances')).toMatchObject({ decision: 'allowed', statement: { index: 0 } });
  });

  it('evaluates NotAction and NotResource', () => {
    const d = doc(
      { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
      { Effect: 'Deny', Action: 's3:*', NotResource: '*' },
    );
    expect(decide(d, 'iam:PassRole')?.decision).toBe('implicitDeny');
    expect(decide(d, 's3:GetObject')).toMatchObject({ decision: 'allowed', conditional: false });
    const notRes = doc({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' });
    expect(decide(notRes, 's3:GetObject')).toMatchObject({ decision: 'allowed', conditional: true });
  });

  it('reports conditions and specific resources as conditional', () => {
    const d = doc(
      {
        Effect: 'Allow',
        Action: 'ec2:*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
      },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
    );
    expect(decide(d, 'ec2:RunInstances')).toMatchObject({ decision: 'allowed', conditional: true });
    expect(decide(d, 's3:GetObject')).toMatchObject({ decision: 'allowed', conditional: true });
  });

  it('makes an Allow conditional when a conditional Deny may apply', () => {
    const d = doc(
      { Effect: 'Allow', Action: '*', Resource: '*' },
      {
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
      },
    );
    expect(decide(d, 'iam:CreateUser')).toMatchObject({
      decision: 'allowed',
      conditional: true,
      statement: { index: 0 },
    });
  });

  it('allows nothing for a document that is not JSON', () => {
    expect(evaluateActions('{', ['s3:GetObject'])).toEqual([
      { action: 's3:GetObject', decision: 'implicitDeny', conditional: false },
    ]);
  });
});

describe('expandActions', () => {
  it('expands iam:* to the catalogue actions of IAM, in IAM case', () => {
    const iam = expandActions(['iam:*']);
    expect(iam.length).toBeGreaterThan(100);
    expect(iam).toContain('iam:PassRole');
    expect(iam.every((a) => a.startsWith('iam:'))).toBe(true);
    expect(expandActions(['IAM:*'])).toEqual(iam);
  });

  it('matches names case-insensitively and keeps the catalogue spelling', () => {
    expect(expandActions(['s3:getobject'])).toEqual(['s3:GetObject']);
    const gets = expandActions(['s3:get*']);
    expect(gets).toContain('s3:GetObject');
    expect(gets).not.toContain('s3:PutObject');
  });

  it('expands "*" to every action, de-duplicated', () => {
    const all = expandActions(['*', 's3:GetObject']);
    expect(all.length).toBeGreaterThan(10000);
    expect(new Set(all).size).toBe(all.length);
  });

  it('keeps a concrete action the catalogue lacks and drops a wildcard matching nothing', () => {
    expect(expandActions(['newsvc:DoThing', 's3:Nothing*'])).toEqual(['newsvc:DoThing']);
  });
});
