// Data of the fake Access Analyzer's rule engine: the checks it implements (issue code, finding type and
// learnMoreLink as published in the IAM User Guide's policy check reference) and a small action catalogue.

export type FindingType = 'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION';

const DOCS =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-';

/** Issue code -> finding type and the anchor of its section in the policy check reference. */
export const CHECKS = {
  JSON_SYNTAX_ERROR: { type: 'ERROR', anchor: 'error-json-syntax-error' },
  DATA_TYPE_MISMATCH: { type: 'ERROR', anchor: 'error-data-type-mismatch' },
  MISSING_VERSION: { type: 'WARNING', anchor: 'general-warning-missing-version' },
  INVALID_VERSION: { type: 'ERROR', anchor: 'error-invalid-version' },
  MISSING_STATEMENT: { type: 'ERROR', anchor: 'error-missing-statement' },
  MISSING_EFFECT: { type: 'ERROR', anchor: 'error-missing-effect' },
  INVALID_EFFECT: { type: 'ERROR', anchor: 'error-invalid-effect' },
  MISSING_ACTION: { type: 'ERROR', anchor: 'error-missing-action' },
  MISSING_RESOURCE: { type: 'ERROR', anchor: 'error-missing-resource' },
  MISSING_PRINCIPAL: { type: 'ERROR', anchor: 'error-missing-principal' },
  INVALID_SERVICE_IN_ACTION: { type: 'ERROR', anchor: 'error-invalid-service-in-action' },
  INVALID_ACTION: { type: 'ERROR', anchor: 'error-invalid-action' },
  PASS_ROLE_WITH_STAR_IN_RESOURCE: {
    type: 'SECURITY_WARNING',
    anchor: 'security-warning-pass-role-with-star-in-resource',
  },
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE: {
    type: 'SECURITY_WARNING',
    anchor: 'security-warning-pass-role-with-star-in-action-and-resource',
  },
  ALLOW_WITH_NOT_PRINCIPAL: { type: 'SECURITY_WARNING', anchor: 'security-warning-allow-with-not-principal' },
  EMPTY_ARRAY_ACTION: { type: 'SUGGESTION', anchor: 'suggestion-empty-array-action' },
  EMPTY_ARRAY_RESOURCE: { type: 'SUGGESTION', anchor: 'suggestion-empty-array-resource' },
  REDUNDANT_ACTION: { type: 'SUGGESTION', anchor: 'suggestion-redundant-action' },
} as const satisfies Record<string, { type: FindingType; anchor: string }>;

export type IssueCode = keyof typeof CHECKS;

export function learnMoreLink(code: IssueCode): string {
  return DOCS + CHECKS[code].anchor;
}

const words = (text: string): string[] => text.split(' ');

/** Service prefixes the fake knows; an action with any other prefix is INVALID_SERVICE_IN_ACTION. */
export const KNOWN_SERVICES = new Set(
  words(
    'access-analyzer acm apigateway athena autoscaling backup cloudformation cloudfront cloudtrail ' +
      'cloudwatch codeartifact codebuild codecommit codepipeline cognito-idp dynamodb ec2 ecr ecs eks ' +
      'elasticache elasticfilesystem elasticloadbalancing es events execute-api firehose glacier glue ' +
      'iam kinesis kms lambda logs organizations rds route53 s3 s3-object-lambda secretsmanager sns ' +
      'sqs ssm sso states sts tag xray',
  ),
);

/**
 * Action names of a few services (the fake checks INVALID_ACTION only for these; any action name of another known
 * service is accepted). Lists are partial for s3 and iam: common actions only.
 */
export const KNOWN_ACTIONS: Record<string, readonly string[]> = {
  s3: words(
    'AbortMultipartUpload CreateAccessPoint CreateBucket DeleteBucket DeleteBucketPolicy ' +
      'DeleteObject DeleteObjectTagging DeleteObjectVersion GetAccessPoint GetBucketAcl ' +
      'GetBucketLocation GetBucketPolicy GetBucketPolicyStatus GetBucketPublicAccessBlock ' +
      'GetBucketTagging GetBucketVersioning GetEncryptionConfiguration GetLifecycleConfiguration ' +
      'GetObject GetObjectAcl GetObjectAttributes GetObjectTagging GetObjectVersion ListAllMyBuckets ' +
      'ListBucket ListBucketMultipartUploads ListBucketVersions ListMultipartUploadParts PutBucketAcl ' +
      'PutBucketPolicy PutBucketPublicAccessBlock PutBucketTagging PutBucketVersioning ' +
      'PutEncryptionConfiguration PutLifecycleConfiguration PutObject PutObjectAcl PutObjectTagging ' +
      'RestoreObject',
  ),
  iam: words(
    'AddRoleToInstanceProfile AttachGroupPolicy AttachRolePolicy AttachUserPolicy CreateAccessKey ' +
      'CreateGroup CreateInstanceProfile CreateLoginProfile CreatePolicy CreatePolicyVersion ' +
      'CreateRole CreateServiceLinkedRole CreateUser DeleteAccessKey DeleteGroup DeletePolicy ' +
      'DeletePolicyVersion DeleteRole DeleteRolePolicy DeleteUser DeleteUserPolicy DetachGroupPolicy ' +
      'DetachRolePolicy DetachUserPolicy GenerateCredentialReport GetAccountSummary ' +
      'GetCredentialReport GetGroup GetInstanceProfile GetPolicy GetPolicyVersion GetRole ' +
      'GetRolePolicy GetUser GetUserPolicy ListAccessKeys ListAttachedRolePolicies ' +
      'ListAttachedUserPolicies ListGroups ListInstanceProfiles ListPolicies ListPolicyVersions ' +
      'ListRolePolicies ListRoles ListUsers PassRole PutGroupPolicy PutRolePolicy PutUserPolicy ' +
      'SetDefaultPolicyVersion SimulateCustomPolicy SimulatePrincipalPolicy TagRole TagUser UntagRole ' +
      'UpdateAssumeRolePolicy UpdateLoginProfile UpdateRole',
  ),
  sts: words(
    'AssumeRole AssumeRoleWithSAML AssumeRoleWithWebIdentity AssumeRoot DecodeAuthorizationMessage ' +
      'GetAccessKeyInfo GetCallerIdentity GetFederationToken GetServiceBearerToken GetSessionToken ' +
      'SetContext SetSourceIdentity TagSession',
  ),
};

export const hasWildcard = (s: string): boolean => /[*?]/.test(s);

export function globMatches(pattern: string, value: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i').test(value);
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}

export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

export const MESSAGES = {
  MISSING_VERSION:
    'We recommend that you specify the Version element to help you with debugging permission issues.',
  MISSING_STATEMENT: 'Add a Statement element to the policy.',
  MISSING_EFFECT: 'Add an Effect element to the policy statement with a value of Allow or Deny.',
  MISSING_ACTION: 'Add an Action or NotAction element to the policy statement.',
  MISSING_RESOURCE: 'Add a Resource or NotResource element to the policy statement.',
  MISSING_PRINCIPAL:
    'Add a Principal element to the policy statement. Resource-based policies require a principal.',
  ALLOW_WITH_NOT_PRINCIPAL:
    'Using Allow with NotPrincipal can be overly permissive. We recommend that you use Principal instead.',
  EMPTY_ARRAY_ACTION: 'This statement includes no actions and does not affect the policy. Specify actions.',
  EMPTY_ARRAY_RESOURCE:
    'This statement includes no resources and does not affect the policy. Specify resources.',
  PASS_ROLE_WITH_STAR_IN_RESOURCE:
    'Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive because it allows ' +
    'iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs or add the ' +
    'iam:PassedToService condition key to your statement.',
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE:
    'Using wildcards (*) in the action and the resource can allow iam:PassRole permissions on all resources. ' +
    'We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.',
} as const;
