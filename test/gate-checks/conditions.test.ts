// Condition-aware privilege escalation: iam:PassedToService limited to services off the escalation path
// removes the path; ...IfExists, ForAllValues and conditions on unrelated keys do not.
import { describe, expect, it } from 'vitest';
import { codesOf, gate, managedPolicies, managedPolicy } from './helpers';

const escalations = (policy: unknown) =>
  gate(policy).filter((f) => f.code === 'PRIVILEGE_ESCALATION_ACTIONS');

/** Data Pipeline's actions on "*" and iam:PassRole on "*" under `condition`. */
function dataPipeline(condition?: Record<string, unknown>) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition', 'ec2:RunInstances'],
        Resource: '*',
      },
      {
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: '*',
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  };
}

const toAutoscalingAndDax = [
  'application-autoscaling.amazonaws.com',
  'application-autoscaling.amazonaws.com.cn',
  'dax.amazonaws.com',
];

describe('iam:PassedToService', () => {
  it('without a condition, PassRole completes the EC2 and Data Pipeline paths', () => {
    const [f, ...more] = escalations(dataPipeline());
    expect(more).toEqual([]);
    expect(f?.message).toContain('iam:PassRole + ec2:RunInstances (pass a role to a new EC2 instance)');
    expect(f?.message).toContain('(pass a role to a Data Pipeline)');
  });

  it('limited to services off every path (AmazonDynamoDBFullAccess, v1) removes them', () => {
    expect(escalations(dataPipeline({ StringLike: { 'iam:PassedToService': toAutoscalingAndDax } }))).toEqual(
      [],
    );
    expect(
      escalations(dataPipeline({ StringEquals: { 'iam:PassedToService': 'dax.amazonaws.com' } })),
    ).toEqual([]);
    expect(
      escalations(dataPipeline({ StringEqualsIgnoreCase: { 'iam:passedtoservice': ['DAX.amazonaws.com'] } })),
    ).toEqual([]);
  });

  it('keeps the paths of the services it allows, in any partition', () => {
    const toEc2 = escalations(
      dataPipeline({ StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com.cn' } }),
    );
    expect(toEc2).toHaveLength(1);
    expect(toEc2[0]?.message).toContain('(pass a role to a new EC2 instance)');
    const toDataPipeline = escalations(
      dataPipeline({ StringLike: { 'iam:PassedToService': 'datapipeline.*' } }),
    );
    expect(toDataPipeline[0]?.message).toContain('(pass a role to a Data Pipeline)');
    expect(toDataPipeline[0]?.message).not.toContain('EC2 instance');
  });

  it('a negated operator removes only the services it names', () => {
    const found = escalations(
      dataPipeline({
        StringNotEquals: {
          'iam:PassedToService': [
            'ec2.amazonaws.com',
            'ec2.amazonaws.com.cn',
            'datapipeline.amazonaws.com',
            'datapipeline.amazonaws.com.cn',
          ],
        },
      }),
    );
    expect(found).toEqual([]);
    expect(escalations(dataPipeline({ StringNotLike: { 'iam:PassedToService': 'lambda.*' } }))).toHaveLength(
      1,
    );
  });

  it.each([
    ['StringEqualsIfExists', { StringEqualsIfExists: { 'iam:PassedToService': 'dax.amazonaws.com' } }],
    ['StringLikeIfExists', { StringLikeIfExists: { 'iam:PassedToService': 'dax.*' } }],
    [
      'ForAllValues:StringEquals',
      { 'ForAllValues:StringEquals': { 'iam:PassedToService': 'dax.amazonaws.com' } },
    ],
    ['an unrelated key', { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } }],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
    ['a policy variable', { StringEquals: { 'iam:PassedToService': '${aws:PrincipalTag/service}' } }],
    ['another operator', { Null: { 'iam:PassedToService': 'false' } }],
  ])('%s does not limit where the role goes: the paths stay', (_name, condition) => {
    const found = escalations(dataPipeline(condition));
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('(pass a role to a new EC2 instance)');
    expect(found[0]?.message).toContain('(pass a role to a Data Pipeline)');
  });

  it('conditions combine: one limiting block is enough', () => {
    const found = escalations(
      dataPipeline({
        StringEqualsIfExists: { 'iam:PassedToService': 'ec2.amazonaws.com' },
        StringEquals: { 'iam:PassedToService': 'dax.amazonaws.com', 'aws:RequestedRegion': 'eu-west-1' },
      }),
    );
    expect(found).toEqual([]);
  });
});

describe('AWS managed policies (../shared/corpora/aws-managed-policies)', () => {
  const dynamo = managedPolicy('AmazonDynamoDBFullAccess_v2');
  it.skipIf(dynamo === undefined)('AmazonDynamoDBFullAccess_v2 gives no blocking gate finding', () => {
    const found = gate(dynamo);
    expect(codesOf(found).filter((c) => c === 'PRIVILEGE_ESCALATION_ACTIONS')).toEqual([]);
    // dynamodb:* and dax:* on "*" are service-wide wildcards, but not on an access-control service.
    expect(found.map((f) => [f.code, f.severity])).toEqual([
      ['SERVICE_WIDE_WILDCARD', 'WARNING'],
      ['SERVICE_WIDE_WILDCARD', 'WARNING'],
    ]);
  });

  const withPipeline = managedPolicy('AmazonDynamoDBFullAccesswithDataPipeline');
  it.skipIf(withPipeline === undefined)(
    'AmazonDynamoDBFullAccesswithDataPipeline (PassRole on "*") does escalate',
    () => {
      const found = escalations(withPipeline);
      expect(found.some((f) => f.message.includes('(pass a role to a Data Pipeline)'))).toBe(true);
    },
  );
});

describe('the defaults on the 728 AWS managed policies', () => {
  const corpus = managedPolicies();
  it.skipIf(corpus.length === 0)('block only the administrator-like ones (README says 23)', () => {
    const blocked = corpus
      .filter((c) =>
        gate(c.document).some((f) => f.severity === 'SECURITY_WARNING' || f.severity === 'ERROR'),
      )
      .map((c) => c.name);
    expect(blocked.length).toBeLessThanOrEqual(23);
    for (const name of [
      'AdministratorAccess',
      'IAMFullAccess',
      'AWSLambda_FullAccess',
      'SecretsManagerReadWrite',
    ]) {
      expect(blocked).toContain(name);
    }
    expect(blocked).not.toContain('AmazonDynamoDBFullAccess_v2');
    expect(blocked).not.toContain('AmazonS3FullAccess');
  });
});
