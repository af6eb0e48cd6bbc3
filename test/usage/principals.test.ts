// Which existing principals a Terraform plan changes: updated roles, users and managed policies by their
// before.arn, and the roles and users that policy resources lead to, through the plan or its prior state.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { principalsFromPlan } from '../../src/usage';

const FIXTURES = path.resolve(__dirname, '../fixtures/terraform');
const plan = (name: string): unknown =>
  JSON.parse(readFileSync(path.join(FIXTURES, name, 'plan.json'), 'utf8')) as unknown;

describe('principalsFromPlan', () => {
  it('takes the ARN of updated roles, users and policies from change.before, never of creates or replaces', () => {
    const { principals, skipped } = principalsFromPlan(plan('lifecycle'));
    expect(principals).toEqual([
      {
        arn: 'arn:aws:iam::111122223333:policy/updated',
        kind: 'policy',
        addresses: ['aws_iam_policy.updated'],
        arnFrom: 'before',
      },
      {
        arn: 'arn:aws:iam::111122223333:policy/whitespace',
        kind: 'policy',
        addresses: ['aws_iam_policy.whitespace'],
        arnFrom: 'before',
      },
      {
        arn: 'arn:aws:iam::111122223333:role/web',
        kind: 'role',
        addresses: ['aws_iam_role.web'],
        arnFrom: 'before',
      },
    ]);
    expect(skipped).toEqual([]);
  });

  it('follows inline policies and attachments to their role or user: plan, then prior state, then built', () => {
    const { principals, skipped } = principalsFromPlan(plan('usage'));
    expect(principals).toEqual([
      {
        arn: 'arn:aws:iam::123456789012:role/myapp-lambda-exec-role-sandbox',
        kind: 'role',
        addresses: ['aws_iam_role_policy.lambda_role_policy'],
        arnFrom: 'before',
      },
      {
        arn: 'arn:aws:iam::123456789012:role/myapp-sandbox-jmeter-results20190802184459805500000002',
        kind: 'role',
        addresses: ['module.myapp-asg.module.iam.aws_iam_role_policy_attachment.systems-manager-role'],
        arnFrom: 'before',
      },
      {
        arn: 'arn:aws:iam::123456789012:user/ci-bot',
        kind: 'user',
        addresses: ['aws_iam_user_policy.ci'],
        arnFrom: 'built',
      },
    ]);
    expect(skipped).toEqual([
      {
        address: 'aws_iam_role_policy.reports',
        reason: 'the role reports is created or replaced by this plan, so it has no usage yet',
      },
    ]);
  });

  it('reads the ARN from prior_state when the plan does not list the role', () => {
    const p = plan('usage') as { resource_changes: Array<{ address: string }> };
    p.resource_changes = p.resource_changes.filter((r) => r.address !== 'aws_iam_role.lambda_role');
    const { principals } = principalsFromPlan(p);
    expect(principals[0]).toEqual({
      arn: 'arn:aws:iam::123456789012:role/myapp-lambda-exec-role-sandbox',
      kind: 'role',
      addresses: ['aws_iam_role_policy.lambda_role_policy'],
      arnFrom: 'prior_state',
    });
  });

  it('skips a policy whose role is known only after apply, and one without any way to an ARN', () => {
    const change = (address: string, after: object, afterUnknown: object) => ({
      address,
      mode: 'managed',
      type: 'aws_iam_role_policy',
      name: address.split('.')[1],
      change: { actions: ['create'], before: null, after, after_unknown: afterUnknown },
    });
    const p = {
      format_version: '1.2',
      resource_changes: [
        change('aws_iam_role_policy.later', { name: 'x', policy: '{}' }, { role: true, id: true }),
        change('aws_iam_role_policy.nowhere', { name: 'y', role: 'ops', policy: '{}' }, { id: true }),
      ],
    };
    const { principals, skipped } = principalsFromPlan(p);
    expect(principals).toEqual([]);
    expect(skipped).toEqual([
      { address: 'aws_iam_role_policy.later', reason: 'its role is known only after apply' },
      {
        address: 'aws_iam_role_policy.nowhere',
        reason:
          'the plan gives no ARN for the role ops (no prior state with the account); map it with usage.principals',
      },
    ]);
  });

  it('groups every resource of one principal, and never throws on a plan of another shape', () => {
    const p = plan('usage') as {
      resource_changes: Array<{ address: string; change: { actions: string[] } }>;
    };
    p.resource_changes.find((r) => r.address === 'aws_iam_role.lambda_role')!.change.actions = ['update'];
    const lambda = principalsFromPlan(p).principals[0]!;
    expect(lambda.addresses).toEqual(['aws_iam_role.lambda_role', 'aws_iam_role_policy.lambda_role_policy']);
    for (const odd of [
      null,
      42,
      'plan',
      [],
      { resource_changes: 'x' },
      { resource_changes: [null, { type: 1 }] },
    ]) {
      expect(principalsFromPlan(odd)).toEqual({ principals: [], skipped: [] });
    }
  });
});
