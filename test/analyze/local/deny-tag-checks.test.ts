import { describe, expect, it } from 'vitest';
import { analyze, codes, identity } from './helpers';

const deny = (action: Record<string, unknown>, condition: unknown) =>
  identity({ Effect: 'Deny', ...action, Resource: '*', Condition: condition });
const confidential = { StringEquals: { 'aws:ResourceTag/status': 'Confidential' } };

describe('DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE', () => {
  it('flags a Deny on aws:ResourceTag naming an action the key does not apply to, with its service', () => {
    const found = analyze(
      deny({ Action: ['ec2:TerminateInstances', 'ec2:DescribeInstances', 'iam:DeleteRole'] }, confidential),
    );
    expect(found).toMatchObject([
      {
        code: 'DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
        severity: 'SECURITY_WARNING',
        location: { startLine: 14 },
      },
    ]);
    expect(found[0]?.message).toContain('following prefixes can be overly permissive: ec2.');
  });

  it.each([
    [
      'actions that support the key',
      { Action: ['lambda:DeleteFunction', 'ec2:TerminateInstances'] },
      confidential,
    ],
    ['a wildcard action', { Action: 'ec2:Describe*' }, confidential],
    ['IfExists', { Action: 'ec2:DescribeInstances' }, { StringEqualsIfExists: confidential.StringEquals }],
    [
      'a negated operator',
      { Action: 'ec2:DescribeInstances' },
      { StringNotEquals: confidential.StringEquals },
    ],
    [
      'another tag key',
      { Action: 'ec2:DescribeInstances' },
      { StringEquals: { 'aws:PrincipalTag/team': 'x' } },
    ],
  ])('accepts %s', (_, action, condition) => {
    const found = codes(analyze(deny(action, condition)));
    expect(found).not.toContain('DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE');
    expect(found).not.toContain('DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE');
  });

  it('is a check of Deny statements only', () => {
    const allow = identity({
      Effect: 'Allow',
      Action: 'ec2:DescribeInstances',
      Resource: '*',
      Condition: confidential,
    });
    expect(codes(analyze(allow))).not.toContain('DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE');
  });
});

describe('DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE', () => {
  it('flags a Deny with NotAction on aws:ResourceTag, at the key', () => {
    const found = analyze(deny({ NotAction: 'iam:*' }, confidential));
    expect(found).toMatchObject([
      {
        code: 'DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
        severity: 'SECURITY_WARNING',
        location: { startLine: 10 },
      },
    ]);
  });
});
