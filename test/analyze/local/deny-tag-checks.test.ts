import { describe, expect, it } from 'vitest';
import { analyze, codes, identity } from './helpers';

const deny = (action: Record<string, unknown>, condition: unknown) =>
  identity({ Effect: 'Deny', ...action, Resource: '*', Condition: condition });
const confidential = { StringEquals: { 'aws:ResourceTag/status': 'Confidential' } };

describe('DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE', () => {
  it.each([
    [
      'Action, whose actions the catalogue and AWS disagree on',
      { Action: 'ec2:DescribeInstances' },
      confidential,
    ],
    ['IfExists', { NotAction: 'iam:*' }, { StringEqualsIfExists: confidential.StringEquals }],
    ['a negated operator', { NotAction: 'iam:*' }, { StringNotEquals: confidential.StringEquals }],
    ['another tag key', { NotAction: 'iam:*' }, { StringEquals: { 'aws:PrincipalTag/team': 'x' } }],
  ])('accepts a Deny with %s', (_, action, condition) => {
    expect(codes(analyze(deny(action, condition)))).toEqual([]);
  });

  it('is a check of Deny statements only', () => {
    const allow = identity({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*', Condition: confidential });
    expect(codes(analyze(allow))).not.toContain(
      'DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
    );
  });

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
