// The policy type (and resource type) of a policy JSON file: config rules first, then a content heuristic.
import picomatch from 'picomatch';
import { ConfigurationError } from '../core/errors';
import {
  POLICY_TYPES,
  type PolicyType,
  type PolicyTypeRule,
  VALIDATE_POLICY_RESOURCE_TYPES,
} from '../core/types';

export { VALIDATE_POLICY_RESOURCE_TYPES };

export const TRUST_POLICY_RESOURCE_TYPE = 'AWS::IAM::AssumeRolePolicyDocument';

export interface PolicyTypeDecision {
  policyType: PolicyType;
  resourceType?: string;
}

interface CompiledRule {
  rule: PolicyTypeRule;
  matches: (file: string) => boolean;
}

const compiled = new WeakMap<readonly PolicyTypeRule[], CompiledRule[]>();

/**
 * Checks every rule (not only the one that matches a file, so that a mistake shows on the first run) and
 * compiles the globs once per rules array. Throws ConfigurationError naming the rule.
 */
export function compilePolicyTypeRules(rules: readonly PolicyTypeRule[]): CompiledRule[] {
  const cached = compiled.get(rules);
  if (cached !== undefined) return cached;
  const result = rules.map((rule, i): CompiledRule => {
    const where = `policy-types[${i}] (path "${rule.path}")`;
    if (typeof rule.path !== 'string' || rule.path.trim() === '') {
      throw new ConfigurationError(`${where}: path must be a non-empty glob.`);
    }
    if (!(POLICY_TYPES as readonly string[]).includes(rule.type)) {
      throw new ConfigurationError(
        `${where}: type "${String(rule.type)}" is not one of ${POLICY_TYPES.join(', ')}.`,
      );
    }
    if (rule.resourceType !== undefined) {
      if (rule.type !== 'RESOURCE_POLICY') {
        throw new ConfigurationError(
          `${where}: resource-type "${rule.resourceType}" is only allowed with type RESOURCE_POLICY, not ${rule.type}.`,
        );
      }
      if (!(VALIDATE_POLICY_RESOURCE_TYPES as readonly string[]).includes(rule.resourceType)) {
        throw new ConfigurationError(
          `${where}: resource-type "${rule.resourceType}" is not one of ${VALIDATE_POLICY_RESOURCE_TYPES.join(', ')}.`,
        );
      }
    }
    return { rule, matches: picomatch(rule.path, { dot: true }) };
  });
  compiled.set(rules, result);
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The statements of a parsed policy: `Statement` may be one object or an array. */
export function statementsOf(policy: unknown): Record<string, unknown>[] {
  if (!isObject(policy)) return [];
  const statement = policy.Statement;
  const list = Array.isArray(statement) ? statement : [statement];
  return list.filter(isObject);
}

/** Actions that appear in role trust policies (lower case: IAM action names are case-insensitive). */
const TRUST_ACTIONS = new Set([
  'sts:assumerole',
  'sts:assumerolewithsaml',
  'sts:assumerolewithwebidentity',
  'sts:tagsession',
  'sts:setsourceidentity',
  'sts:setcontext',
]);

/**
 * A role trust policy: every statement lists `Action` (not `NotAction`) and every action is one of the
 * STS actions a trust policy grants. This is the only resource type we infer from content: the actions of
 * an S3 bucket policy, say, do not tell a bucket from an access point, and a wrong resource type makes
 * Access Analyzer report false errors. Anything else is a plain RESOURCE_POLICY unless a rule says more.
 */
function isTrustPolicy(statements: readonly Record<string, unknown>[]): boolean {
  if (statements.length === 0) return false;
  return statements.every((s) => {
    const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
    return (
      actions.length > 0 &&
      actions.every((a) => typeof a === 'string' && TRUST_ACTIONS.has(a.trim().toLowerCase()))
    );
  });
}

/**
 * The type of the policy in `file` (workspace-relative, forward slashes). The first matching rule wins,
 * type and resource type together (no guessing on top of a rule). Without a rule: RESOURCE_POLICY when a
 * statement names `Principal` or `NotPrincipal` (with AWS::IAM::AssumeRolePolicyDocument for a trust
 * policy, see isTrustPolicy), else IDENTITY_POLICY.
 */
export function decidePolicyType(
  file: string,
  policy: unknown,
  rules: readonly PolicyTypeRule[],
): PolicyTypeDecision {
  const rule = compilePolicyTypeRules(rules).find((r) => r.matches(file))?.rule;
  if (rule !== undefined) {
    return rule.resourceType === undefined
      ? { policyType: rule.type }
      : { policyType: rule.type, resourceType: rule.resourceType };
  }
  const statements = statementsOf(policy);
  const isResource = statements.some((s) => 'Principal' in s || 'NotPrincipal' in s);
  if (!isResource) return { policyType: 'IDENTITY_POLICY' };
  return isTrustPolicy(statements)
    ? { policyType: 'RESOURCE_POLICY', resourceType: TRUST_POLICY_RESOURCE_TYPE }
    : { policyType: 'RESOURCE_POLICY' };
}
