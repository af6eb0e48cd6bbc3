// A Terraform plan with a sensitive policy full of distinctive values, for the tests that search every output.

/** Distinctive values that must never be printed: an account, a Sid, an action, a condition key and value. */
export const CANARIES = [
  '987654321098',
  'CanarySid7731',
  'canarysvc',
  'CanaryAct',
  'CanaryTagKey',
  'canary-tag-v',
];

export const SENSITIVE_POLICY = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'CanarySid7731',
        Effect: 'Allow',
        Action: ['canarysvc:CanaryAction', 'iam:PassRole', 's3:GetObjekt'],
        Resource: ['arn:aws:iam::987654321098:role/CanaryRole', '*'],
        Condition: {
          StringEquals: { 'aws:PrincipalTag/CanaryTagKey': 'canary-tag-value' },
          StringEqualz: { 'aws:SourceAccount': '987654321098' },
        },
      },
      { Sid: 'CanarySid7731', Effect: 'Allow', NotAction: 'canarysvc:*', Resource: '*' },
    ],
  },
  null,
  2,
);

/** A plan with the policy twice: marked sensitive as a whole, and only in part (one nested block). */
export function sensitivePlan(policy: string, marked = true): string {
  const change = (name: string, after: object, afterSensitive: object) => ({
    address: `aws_iam_role.${name}`,
    mode: 'managed',
    type: 'aws_iam_role',
    name,
    change: {
      actions: ['create'],
      before: null,
      after,
      after_unknown: {},
      after_sensitive: marked ? afterSensitive : {},
    },
  });
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  });
  return JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.9.0',
    resource_changes: [
      change(
        'whole',
        { name: 'whole', assume_role_policy: policy, inline_policy: [] },
        { assume_role_policy: true, inline_policy: [] },
      ),
      change(
        'nested',
        { name: 'nested', assume_role_policy: trust, inline_policy: [{ name: 'p', policy }] },
        { inline_policy: [{ policy: true }] },
      ),
    ],
  });
}
