// The pull request the browser test renders: several files, Terraform and JSON findings, long messages, long
// paths, long unbreakable tokens (ARNs) and a hostile file name, in every group the comment shows (blocking,
// not blocking, suppressed, already on the base branch).
import type { Finding, GateReport, LeastPrivilegeEntry } from '../../src/core/types';
import { roleEntry, userEntry } from '../report/least-privilege-sample';
import { makeReport, target } from '../report/sample-report';

const DOCS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html';

const TF_FILE =
  'infrastructure/terraform/modules/platform-shared-services/identity-and-access-management/deployment-roles/main.tf';
const TF_ADDRESS =
  'module.platform_shared_services.module.identity_and_access.aws_iam_role.deployment_pipeline_cross_account_access';
const BUCKET_FILE =
  'policies/storage/s3/analytics-data-lake/raw-ingestion/analytics-data-lake-raw-ingestion-bucket-policy.json';
const READONLY_FILE = 'iam/readonly.json';
const HOSTILE_FILE = 'iam/<img src=x onerror=alert(1)>[x](y)`|*_.json';

const LONG_ARN =
  'arn:aws:iam::123456789012:role/service-role/AnalyticsDataLakeRawIngestionCrossAccountReplicationRole-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const tfTarget = (attribute: string, line: number) =>
  target(`plan.json#${TF_ADDRESS}.${attribute}`, {
    source: { file: TF_FILE, line, address: TF_ADDRESS, attribute },
  });

const TARGETS = [
  tfTarget('inline_policy[1].policy', 42),
  tfTarget('assume_role_policy', 17),
  target(BUCKET_FILE, { policyType: 'RESOURCE_POLICY', resourceType: 'AWS::S3::Bucket' }),
  target(READONLY_FILE),
  target(HOSTILE_FILE),
];

function finding(f: Omit<Finding, 'analyzer'> & Partial<Pick<Finding, 'analyzer'>>): Finding {
  return { analyzer: 'access-analyzer', learnMoreLink: DOCS, ...f };
}

export const FINDINGS: readonly Finding[] = [
  finding({
    target: `plan.json#${TF_ADDRESS}.inline_policy[1].policy`,
    severity: 'ERROR',
    code: 'INVALID_ACTION',
    message:
      'The action s3:GetObjectVersionAttributez does not exist in the service prefix s3. Did you mean s3:GetObjectVersionAttributes? Check the spelling of the action and the list of actions that Amazon S3 defines in the Service Authorization Reference.',
  }),
  finding({
    target: `plan.json#${TF_ADDRESS}.assume_role_policy`,
    severity: 'SECURITY_WARNING',
    code: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
    message: `Using the iam:PassRole action with wildcards in the resource can be overly permissive because it allows iam:PassRole permissions on multiple resources, including ${LONG_ARN}.`,
  }),
  finding({
    target: BUCKET_FILE,
    severity: 'SECURITY_WARNING',
    code: 'EXTERNAL_PRINCIPAL',
    message: `The resource policy grants access to the external principal ${LONG_ARN} from account 123456789012, which is outside of your zone of trust; restrict the principal.`,
    location: { file: BUCKET_FILE, startLine: 12, endLine: 19, path: 'Statement[1].Principal.AWS' },
  }),
  finding({
    target: BUCKET_FILE,
    severity: 'WARNING',
    code: 'MISSING_ARN_REGION',
    message: `The resource ARN ${LONG_ARN.replace('iam', 's3')} has no Region; add one, or use a wildcard if the bucket may be in any Region.`,
    location: { file: BUCKET_FILE, startLine: 24, endLine: 24 },
  }),
  finding({
    target: HOSTILE_FILE,
    severity: 'ERROR',
    code: 'JSON_SYNTAX_ERROR',
    message:
      'Unexpected token `}` **here** <b>bold</b> | not a cell | at line 3, column 5: remove the trailing comma.',
    analyzer: 'gate',
    location: { file: HOSTILE_FILE, startLine: 3, endLine: 3 },
  }),
  finding({
    target: READONLY_FILE,
    severity: 'WARNING',
    code: 'MISSING_VERSION',
    message:
      'We recommend that you specify the Version element to help you with debugging permission issues; without it the policy uses the 2008-10-17 policy language, which does not support policy variables.',
    location: { file: READONLY_FILE, startLine: 1, endLine: 4 },
  }),
  finding({
    target: READONLY_FILE,
    severity: 'SUGGESTION',
    code: 'REDUNDANT_ACTION',
    message: 'The s3:GetObject action is redundant because s3:Get* also grants it.',
    location: { file: READONLY_FILE, startLine: 8, endLine: 8 },
  }),
  finding({
    target: READONLY_FILE,
    severity: 'SECURITY_WARNING',
    code: 'PASS_ROLE_WITH_STAR_IN_ACTION',
    message: `Already on the base branch: iam:Pass* covers iam:PassRole for ${LONG_ARN}.`,
    location: { file: READONLY_FILE, startLine: 10, endLine: 12 },
    isNew: false,
  }),
  finding({
    target: BUCKET_FILE,
    severity: 'SECURITY_WARNING',
    code: 'EXTERNAL_PRINCIPAL',
    message: 'The resource policy grants access to the log delivery account.',
    location: { file: BUCKET_FILE, startLine: 30, endLine: 34 },
    suppressed: {
      reason: `Log delivery account ${LONG_ARN} is ours (security review 2026).`,
      rule: 'ignore[0]',
    },
  }),
];

/** The fixture pull request's report: it fails on four blocking findings in three files. */
export function fixturePrReport(): GateReport {
  return makeReport({ targets: TARGETS, findings: [...FINDINGS] });
}

const SUGGESTED_DOCUMENT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'UsedWithin90Days',
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:Query', 'sqs:SendMessage'],
      Resource: '*',
    },
    { Sid: 'AddedByThisChange', Effect: 'Allow', Action: 's3:*', Resource: '*' },
  ],
});

/**
 * The least-privilege section of the same pull request: the deployment role (long ARN, long address) gains
 * s3:* it never used, a user has no usage data, and a hostile principal name.
 */
export const LEAST_PRIVILEGE: readonly LeastPrivilegeEntry[] = [
  roleEntry({
    arn: LONG_ARN,
    from: [TF_ADDRESS, `${TF_ADDRESS.replace('aws_iam_role.', 'aws_iam_role_policy.')}_inline_s3_access`],
    granted: 214,
    used: [
      { action: 'dynamodb:GetItem', lastAccessed: '2026-11-30T10:00:00Z' },
      { action: 'dynamodb:Query', lastAccessed: '2026-11-28T10:00:00Z' },
      { action: 'sqs:SendMessage', lastAccessed: '2026-10-02T10:00:00Z' },
    ],
    servicesNeverUsed: ['cloudwatch', 'kms', 'lambda', 'logs', 'secretsmanager', 'sns', 'ssm'],
    serviceLevel: ['execute-api'],
    addedUnused: [
      {
        target: `plan.json#${TF_ADDRESS}.inline_policy[1].policy`,
        location: { file: TF_FILE, startLine: 42, endLine: 58 },
        statement: 'AllowAnalyticsDataLakeRawIngestionBucketReplicationAndLifecycleManagement',
        actions: [
          's3:AbortMultipartUpload',
          's3:BypassGovernanceRetention',
          's3:DeleteBucketOwnershipControls',
          's3:DeleteObjectVersionTagging',
          's3:GetBucketObjectLockConfiguration',
          's3:GetIntelligentTieringConfiguration',
          's3:PutBucketPublicAccessBlock',
          's3:PutReplicationConfiguration',
          ...Array.from({ length: 140 }, (_, i) => `s3:PutObjectVersionAcl${i}`),
        ],
      },
    ],
    notCounted: 1,
    suggested: {
      document: SUGGESTED_DOCUMENT,
      derivation:
        'The 3 actions the role used within 90 days, plus the statements this change adds as written (s3:*); only the policies in this change are counted.',
    },
  }),
  {
    ...userEntry(),
    arn: 'arn:aws:iam::123456789012:user/ci-<img src=x>[x](y)`|*_',
    from: [HOSTILE_FILE],
    reason:
      'iam:GenerateServiceLastAccessedDetails was denied (AccessDenied): add it to the role the gate runs with, or turn usage off.',
  },
];

/** The fixture pull request's report with usage data (usage.enabled). */
export function fixturePrReportWithUsage(): GateReport {
  return { ...fixturePrReport(), leastPrivilege: [...LEAST_PRIVILEGE] };
}
