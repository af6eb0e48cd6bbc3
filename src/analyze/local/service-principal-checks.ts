// Service principals are DNS-like names in lower case under an AWS suffix (`ec2.amazonaws.com`,
// `states.us-east-1.amazonaws.com`): `EC2.amazonaws.com` or `ec2` names no service and matches no request.
// A placeholder of extraction (a parameter given at deploy time) is not judged: its value is not known.
import { holdsPlaceholder } from '../../core/placeholder-value';
import { type PolicyModel, principalValues, stringsOf } from '../../core/policy/model';
import { hasWildcard } from '../../core/policy/wildcard';
import { type KeyUse, keyUses } from './condition-usage-checks';
import type { Reporter } from './reporter';

/** The endings of service principals: Access Analyzer's three, and those of the isolated partitions. */
const SUFFIXES = ['.amazonaws.com', '.amazon.com', '.amazonaws.com.cn', '.c2s.ic.gov', '.sc2s.sgov.gov'];

export function isServicePrincipalFormat(value: string): boolean {
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(value)) return false;
  return SUFFIXES.some((suffix) => value.endsWith(suffix) && value.length > suffix.length);
}

/** `service.amazonaws.com` with a single label before the suffix, as Access Analyzer's message words it. */
function isSingleLabelServicePrincipal(value: string): boolean {
  return SUFFIXES.some(
    (suffix) => value.endsWith(suffix) && /^[a-z0-9][a-z0-9-]*$/.test(value.slice(0, -suffix.length)),
  );
}

/**
 * Condition keys whose values are service principals (IAM's global condition keys reference and the
 * Service Authorization Reference describe each so; Access Analyzer's check reference names kms:ViaService's
 * form, service.region.amazonaws.com). A value of another form never equals the key's value in a request.
 */
const SERVICE_PRINCIPAL_KEYS: ReadonlySet<string> = new Set([
  'aws:calledvia',
  'aws:calledviafirst',
  'aws:calledvialast',
  'aws:principalservicename',
  'aws:principalservicenameslist',
  'iam:awsservicename',
  'iam:passedtoservice',
  'kms:viaservice',
  'organizations:serviceprincipal',
]);

/**
 * aws:CalledVia lists the services that made requests on the principal's behalf, each by its principal in
 * the form service.amazonaws.com, and Access Analyzer holds its values to that single-label form (it rejects
 * `application-signals.cloudwatch.amazonaws.com` there while accepting it for iam:AWSServiceName). It does
 * not for aws:CalledViaFirst / aws:CalledViaLast, so neither does this.
 */
const SINGLE_LABEL_KEYS: ReadonlySet<string> = new Set(['aws:calledvia']);

/**
 * Only exact, case-sensitive string comparisons write a service principal out: a Like operator's value is a
 * pattern, an IgnoreCase one matches any case, and Null takes true or false.
 */
function comparesExactly(use: KeyUse): boolean {
  const base = use.base.toLowerCase();
  return base.startsWith('string') && !base.includes('like') && !base.includes('ignorecase');
}

/** A value written out: no wildcard, no policy variable, no placeholder for a value given at deploy time. */
function isLiteral(value: string): boolean {
  return !hasWildcard(value) && !value.includes('${') && !holdsPlaceholder(value);
}

export function checkServicePrincipals(model: PolicyModel, r: Reporter): void {
  checkPrincipalElements(model, r);
  checkConditionValues(model, r);
}

function checkPrincipalElements(model: PolicyModel, r: Reporter): void {
  for (const s of model.statements) {
    for (const node of [s.principal, s.notPrincipal]) {
      for (const p of principalValues(node)) {
        if (p.key !== 'Service' || !isLiteral(p.value)) continue;
        if (isServicePrincipalFormat(p.value)) continue;
        r.add(
          'INVALID_SERVICE_PRINCIPAL_FORMAT',
          p.node,
          `The service principal "${p.value}" does not match the expected format: write it in lower case as service.amazonaws.com (or with the suffix .amazon.com, .amazonaws.com.cn).`,
        );
      }
    }
  }
}

function checkConditionValues(model: PolicyModel, r: Reporter): void {
  for (const s of model.statements) {
    if (s.condition?.type !== 'object') continue;
    for (const use of keyUses(s)) {
      const key = use.key.toLowerCase();
      if (!SERVICE_PRINCIPAL_KEYS.has(key) || !comparesExactly(use)) continue;
      const singleLabel = SINGLE_LABEL_KEYS.has(key);
      for (const v of stringsOf(use.member.value) ?? []) {
        r.deadline.tick();
        if (!isLiteral(v.value)) continue;
        const valid = singleLabel
          ? isSingleLabelServicePrincipal(v.value)
          : isServicePrincipalFormat(v.value);
        if (valid) continue;
        r.add(
          'INVALID_SERVICE_PRINCIPAL_FORMAT',
          v.node,
          `The ${use.key} value "${v.value}" is not a service principal in the expected format: write it in lower case as ${singleLabel ? 'service.amazonaws.com, one name before the suffix' : 'service.amazonaws.com'} (or with the suffix .amazon.com, .amazonaws.com.cn).`,
        );
      }
    }
  }
}
