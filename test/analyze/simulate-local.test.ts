// The simulate lists evaluated offline (simulateLocally): same codes and locations as the AWS simulation.
import { describe, expect, it } from 'vitest';
import { type SimulateLists, simulateLocally } from '../../src/analyze/simulate';
import { DEFAULT_SIMULATE_DENY, escalationReason } from '../../src/core/privilege-escalation';
import { decide } from '../../src/decide/verdict';
import { target } from './support';

const doc = (...statements: unknown[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
const IAM_STAR = doc({ Effect: 'Allow', Action: 'iam:*', Resource: '*' });

const lists = (extra: Partial<SimulateLists> = {}): SimulateLists => ({
  deny: DEFAULT_SIMULATE_DENY,
  allow: [],
  denySeverity: 'WARNING',
  ...extra,
});

describe('DEFAULT_SIMULATE_DENY', () => {
  it('is concrete, unique, and every action has a documented reason', () => {
    expect(DEFAULT_SIMULATE_DENY).toContain('iam:CreatePolicyVersion');
    expect(DEFAULT_SIMULATE_DENY).toContain('iam:PassRole');
    expect(DEFAULT_SIMULATE_DENY).not.toContain('ec2:RunInstances');
    expect(new Set(DEFAULT_SIMULATE_DENY.map((a) => a.toLowerCase())).size).toBe(
      DEFAULT_SIMULATE_DENY.length,
    );
    for (const action of DEFAULT_SIMULATE_DENY) {
      expect(action).not.toContain('*');
      expect(escalationReason(action)).toBeTruthy();
    }
    expect(escalationReason('s3:GetObject')).toBeUndefined();
  });
});

describe('simulateLocally', () => {
  it('reports one finding for the statement, naming every deny-listed iam: action it allows', () => {
    const findings = simulateLocally([target('iam/admin.json', IAM_STAR)], lists());
    const iamActions = DEFAULT_SIMULATE_DENY.filter((a) => a.startsWith('iam:'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      code: 'SIMULATE_DENY_ALLOWED',
      severity: 'WARNING',
      analyzer: 'local',
      location: {
        file: 'iam/admin.json',
        startLine: 4,
        endLine: 8,
        startColumn: 5,
        endColumn: 5,
        path: 'Statement[0]',
      },
    });
    expect(findings[0]?.simulated?.map((a) => a.action).sort()).toEqual([...iamActions].sort());
    expect(findings[0]?.message).toMatch(
      new RegExp(
        `^${iamActions.length} actions that simulate.deny forbids, each a privilege escalation: the statement allows iam:\\w+(, iam:\\w+){9} and ${iamActions.length - 10} more\\.$`,
      ),
    );
  });

  it('one finding per statement: two statements that allow deny-listed actions give two', () => {
    const d = doc(
      { Effect: 'Allow', Action: ['iam:PassRole', 'iam:CreateAccessKey'], Resource: '*' },
      { Effect: 'Allow', Action: 'lambda:UpdateFunctionCode', Resource: '*' },
    );
    const findings = simulateLocally([target('two.json', d)], lists());
    expect(findings.map((f) => [f.location?.path, f.simulated?.map((a) => a.action)])).toEqual([
      ['Statement[0]', ['iam:CreateAccessKey', 'iam:PassRole']],
      ['Statement[1]', ['lambda:UpdateFunctionCode']],
    ]);
  });

  it('says which actions it may allow when a Deny under a condition may take some of them', () => {
    const d = doc(
      { Effect: 'Allow', Action: ['iam:PassRole', 'iam:CreateAccessKey'], Resource: '*' },
      {
        Effect: 'Deny',
        Action: 'iam:PassRole',
        Resource: '*',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
      },
    );
    const findings = simulateLocally([target('m.json', d)], lists());
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toBe(
      '2 actions that simulate.deny forbids, each a privilege escalation: the statement allows ' +
        'iam:CreateAccessKey; may allow iam:PassRole. Conditions or specific resources in the policy decide where this applies.',
    );
    expect(findings[0]?.simulated).toEqual([
      { action: 'iam:CreateAccessKey' },
      { action: 'iam:PassRole', conditional: true },
    ]);
  });

  it('names every allow-listed action the policy does not allow in one finding', () => {
    const reader = doc({ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' });
    const findings = simulateLocally(
      [target('r.json', reader)],
      lists({ deny: [], allow: ['s3:GetObject', 's3:PutObject'] }),
    );
    expect(findings.map((f) => f.message)).toEqual([
      'The policy does not allow s3:GetObject, s3:PutObject, which simulate.allow requires.',
    ]);
  });

  it('fails the gate when a policy does not allow an action of simulate.allow', () => {
    const reader = doc({ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' });
    const findings = simulateLocally(
      [target('r.json', reader)],
      lists({ deny: [], allow: ['s3:GetObject'] }),
    );
    expect(findings).toEqual([
      {
        target: 'r.json',
        severity: 'ERROR',
        code: 'SIMULATE_ALLOW_DENIED',
        message: 'The policy does not allow s3:GetObject, which simulate.allow requires.',
        analyzer: 'local',
        location: { file: 'r.json', startLine: 1, endLine: 1 },
        simulated: [{ action: 's3:GetObject' }],
      },
    ]);
    expect(decide(findings, { failOn: ['ERROR'] }).result).toBe('fail');
  });

  it('points an explicit deny at the Deny statement, with the pattern the action came from', () => {
    const d = doc(
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
      { Sid: 'NoGet', Effect: 'Deny', Action: 's3:GetObject', Resource: '*' },
    );
    const findings = simulateLocally([target('d.json', d)], lists({ deny: [], allow: ['s3:Get*'] }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      message: 'The policy explicitly denies s3:GetObject, which simulate.allow requires (s3:Get*).',
      location: { startLine: 9, path: 'Statement[1]' },
    });
  });

  it('says "may allow" for a conditional allow, and does not call a conditional allow denied', () => {
    const d = doc({
      Effect: 'Allow',
      Action: ['iam:PassRole', 's3:GetObject'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
    });
    const findings = simulateLocally(
      [target('c.json', d)],
      lists({ deny: ['iam:PassRole'], allow: ['s3:GetObject'], denySeverity: 'SECURITY_WARNING' }),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code: 'SIMULATE_DENY_ALLOWED', severity: 'SECURITY_WARNING' });
    expect(findings[0]?.message).toMatch(/^May allow iam:PassRole, .*Conditions or specific resources/);
  });

  it('evaluates identical documents once, points embedded documents at their line, skips the rest', () => {
    const embedded = target('plan.json#aws_iam_policy.a', IAM_STAR, { source: { file: 'main.tf', line: 7 } });
    const findings = simulateLocally(
      [
        target('a.json', IAM_STAR),
        embedded,
        target('bucket.json', IAM_STAR, { policyType: 'RESOURCE_POLICY' }),
        target('broken.json', '{"Statement": ['),
      ],
      lists({ deny: ['iam:CreateUser'] }),
    );
    expect(findings.map((f) => f.target)).toEqual(['a.json', 'plan.json#aws_iam_policy.a']);
    // An embedded document points at its source line, and names the statement (one-per-risk matches on it).
    expect(findings[1]?.location).toEqual({
      file: 'main.tf',
      startLine: 7,
      endLine: 7,
      path: 'Statement[0]',
    });
  });
});

describe('simulateLocally on a policy it cannot take', () => {
  it('fails that policy closed and keeps the others', () => {
    // Valid JSON, nested far deeper than any policy: the evaluator's recursion gives up on it (200,000 deep:
    // past the stack of a worker thread, which the test runner's are, as well as the main thread's).
    const depth = 200_000;
    const deep = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*","Condition":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}]}`;
    const findings = simulateLocally([target('deep.json', deep), target('admin.json', IAM_STAR)], lists());
    const deepFindings = findings.filter((f) => f.target === 'deep.json');
    expect(deepFindings.map((f) => f.code)).toEqual(['ANALYSIS_FAILED']);
    expect(deepFindings[0]?.message).toContain('local simulation');
    expect(findings.find((f) => f.target === 'admin.json')?.simulated?.length).toBeGreaterThan(10);
  });
});
