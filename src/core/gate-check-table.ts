// The gate's own checks (README "Gate checks"): least-privilege risks IAM Access Analyzer does not report,
// run on the policy text whatever analyzer ran, so a pull request gets the same verdict on AWS and offline.
// One row per code: the default severity, the policy types it reads, what it flags, why it is a risk and
// what to do. The messages, the README table and the config's `rules:` keys all come from this table.
import { type PolicyType, SEVERITIES, type Severity } from './types';

export const GATE_CHECK_CODES = [
  'FULL_ADMIN_ACCESS',
  'PRIVILEGE_ESCALATION_ACTIONS',
  'SERVICE_WIDE_WILDCARD',
  'ALLOW_WITH_NOT_ACTION',
  'ALLOW_WITH_NOT_RESOURCE',
  'PUBLIC_PRINCIPAL_WITHOUT_CONDITION',
  'GITHUB_OIDC_TRUST_WITHOUT_SUBJECT',
] as const;
export type GateCheckCode = (typeof GATE_CHECK_CODES)[number];

/** What `rules:` may set a gate check to: off (the check does not run) or a severity. */
export const GATE_RULE_VALUES = ['off', ...SEVERITIES] as const;
export type GateRule = (typeof GATE_RULE_VALUES)[number];
export type GateRules = Readonly<Partial<Record<GateCheckCode, GateRule>>>;

export interface GateCheck {
  code: GateCheckCode;
  /** The default severity (SERVICE_WIDE_WILDCARD raises it for the services in ACCESS_CONTROL_SERVICES). */
  severity: Severity;
  /** What the default severity is, in words, for README. */
  severityText: string;
  policyTypes: readonly PolicyType[];
  /** What the check flags. */
  what: string;
  /** One line: why it is a risk (and so why its default blocks, or does not). */
  why: string;
  /** What to do about it. */
  fix: string;
}

/**
 * Services whose wildcard on every resource controls who may do what in the account (identities and
 * permissions, role sessions, encryption keys, the organization and its SCPs, IAM Identity Center, stored
 * credentials): `svc:*` on them is a blocking SECURITY_WARNING; other services' `svc:*` is a WARNING.
 */
export const ACCESS_CONTROL_SERVICES: ReadonlySet<string> = new Set([
  'iam',
  'sts',
  'kms',
  'organizations',
  'sso',
  'secretsmanager',
]);

const IDENTITY: readonly PolicyType[] = ['IDENTITY_POLICY'];
const GRANTS: readonly PolicyType[] = ['IDENTITY_POLICY', 'RESOURCE_POLICY'];

export const GATE_CHECKS: readonly GateCheck[] = [
  {
    code: 'FULL_ADMIN_ACCESS',
    severity: 'SECURITY_WARNING',
    severityText: 'SECURITY_WARNING',
    policyTypes: IDENTITY,
    what: 'An Allow statement with Action "*" (or "*:*") on Resource "*", with or without a condition.',
    why: 'Full administrator access: whoever holds it can do anything in the account, including grant itself more.',
    fix: 'Grant only the actions and resources the workload needs.',
  },
  {
    code: 'PRIVILEGE_ESCALATION_ACTIONS',
    severity: 'SECURITY_WARNING',
    severityText: 'SECURITY_WARNING',
    policyTypes: IDENTITY,
    what:
      'Allow statements on Resource "*" (or NotResource) that together grant a known privilege-escalation method ' +
      "(Rhino Security Labs' list); iam:PassRole counts only where iam:PassedToService lets the role go to the " +
      "method's service (a ...IfExists or ForAllValues operator, or a condition on another key, does not limit it).",
    why: 'These actions let a principal raise its own privileges up to administrator.',
    fix: 'Scope the actions to named resources (e.g. the roles it may pass), limit iam:PassedToService, or remove them.',
  },
  {
    code: 'SERVICE_WIDE_WILDCARD',
    severity: 'WARNING',
    severityText:
      'SECURITY_WARNING for iam, sts, kms, organizations, sso, secretsmanager; WARNING for other services',
    policyTypes: IDENTITY,
    what:
      'An Allow statement with a whole-service action wildcard ("s3:*", "iam:*"; or a wildcard in the service ' +
      'prefix, "*:Get*") on Resource "*" (or NotResource).',
    why:
      'It grants every action of the service on every resource, including actions AWS adds later; on the ' +
      'access-control services that is control over identities, keys or credentials.',
    fix: 'List the actions the workload calls, or name the resources.',
  },
  {
    code: 'ALLOW_WITH_NOT_ACTION',
    severity: 'SECURITY_WARNING',
    severityText: 'SECURITY_WARNING',
    policyTypes: GRANTS,
    what: 'An Allow statement with NotAction. Conditions on the statement are not weighed.',
    why: 'It allows every other action of every service, including actions AWS adds later.',
    fix: 'List the allowed actions in Action.',
  },
  {
    code: 'ALLOW_WITH_NOT_RESOURCE',
    severity: 'SECURITY_WARNING',
    severityText: 'SECURITY_WARNING',
    policyTypes: GRANTS,
    what: 'An Allow statement with NotResource. Conditions on the statement are not weighed.',
    why: 'It allows the actions on every other resource, including resources created later.',
    fix: 'List the resources in Resource.',
  },
  {
    code: 'PUBLIC_PRINCIPAL_WITHOUT_CONDITION',
    severity: 'SECURITY_WARNING',
    severityText: 'SECURITY_WARNING',
    policyTypes: ['RESOURCE_POLICY'],
    what:
      'A resource policy statement that allows Principal "*" (or {"AWS": "*"}) without any Condition. Any ' +
      'condition counts as restricting but one that only says how the request is made ' +
      '(lambda:FunctionUrlAuthType, aws:SecureTransport); whether it truly does is what ' +
      'checks.no-public-access asks AWS. Not ' +
      'raised when a Deny to everyone covers its actions and resources under a perimeter condition (only ' +
      'negated tests of aws:SourceVpce, aws:SourceIp, aws:PrincipalOrgID and the like): a private API, a ' +
      'bucket open to one VPC endpoint. Not raised on VPC endpoint policies, which grant no one anything, ' +
      'nor on an OpenSearch domain in a VPC (VPCOptions, vpc_options), reached only from inside it, nor on ' +
      "EFS's NFS client actions (elasticfilesystem:Client...), taken only through a mount target.",
    why: 'It allows anyone, in any AWS account or anonymous.',
    fix: 'Name the principals, or restrict with a condition such as aws:PrincipalOrgID or aws:SourceArn.',
  },
  {
    code: 'GITHUB_OIDC_TRUST_WITHOUT_SUBJECT',
    severity: 'SECURITY_WARNING',
    severityText: 'SECURITY_WARNING',
    policyTypes: ['RESOURCE_POLICY'],
    what:
      "A role trust policy that allows sts:AssumeRoleWithWebIdentity to GitHub Actions' OIDC provider " +
      '(token.actions.githubusercontent.com) with no StringEquals/StringLike on token.actions.githubusercontent.com:sub, ' +
      'or only with subjects any repository matches ("*", "repo:*...") or whose owner is a prefix ("repo:acme*").',
    why: 'Every workflow of every GitHub repository can get a token from that provider, so any of them can assume the role.',
    fix: 'Test the subject: StringLike token.actions.githubusercontent.com:sub "repo:<owner>/<repo>:*" (or a branch, tag or environment).',
  },
];

const BY_CODE = new Map<string, GateCheck>(GATE_CHECKS.map((c) => [c.code, c]));

export function gateCheck(code: GateCheckCode): GateCheck {
  const check = BY_CODE.get(code);
  if (check === undefined) throw new Error(`gate checks: unknown code ${code}`);
  return check;
}

/** The help text of a gate check's code (SARIF rules), undefined for any other code. */
export function gateCheckHelp(code: string): string | undefined {
  const check = BY_CODE.get(code);
  return check ? `${check.why} ${check.fix}` : undefined;
}
