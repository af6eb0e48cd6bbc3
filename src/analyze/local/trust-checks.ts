// Role trust policies: the federated sign-in actions need a principal of their kind (AssumeRoleWithSAML
// is only ever called for a SAML provider, AssumeRoleWithWebIdentity for an OIDC provider; a statement
// pairing either with another principal allows nothing it seems to); no NotPrincipal and no bare
// `"Principal": "*"`; and IAM Roles Anywhere needs all three of the actions it calls.

import { statementMatchesAction } from '../../core/policy/evaluate';
import { isSamlProviderArn } from '../../core/policy/federated';
import { type PolicyModel, principalValues, type StatementModel } from '../../core/policy/model';
import type { PolicyTarget } from '../../core/types';
import type { Reporter } from './reporter';

const FEDERATED_ACTIONS: ReadonlyArray<{
  action: string;
  kind: string;
  fits: (key: string | undefined, value: string) => boolean;
}> = [
  {
    action: 'sts:AssumeRoleWithSAML',
    kind: 'a SAML provider',
    fits: (key, value) => key === 'Federated' && isSamlProviderArn(value),
  },
  {
    action: 'sts:AssumeRoleWithWebIdentity',
    kind: 'an OIDC provider',
    fits: (key, value) => key === 'Federated' && !isSamlProviderArn(value),
  },
];

/** A resource policy typed as a role trust policy (an untyped one is validated as a generic resource policy). */
export function isTypedTrustPolicy(target: PolicyTarget): boolean {
  return (
    target.policyType === 'RESOURCE_POLICY' && target.resourceType === 'AWS::IAM::AssumeRolePolicyDocument'
  );
}

export function checkTrust(target: PolicyTarget, model: PolicyModel, r: Reporter): void {
  if (!isTypedTrustPolicy(target)) return;
  for (const s of model.statements) {
    mismatchedActions(s, r);
    notPrincipal(s, r);
    wildcardPrincipal(s, r);
  }
  rolesAnywhereActions(model, r);
}

/** NotPrincipal, whatever the effect (an Allow with it is also ALLOW_WITH_NOT_PRINCIPAL, security-checks.ts). */
function notPrincipal(s: StatementModel, r: Reporter): void {
  const member = s.members.get('NotPrincipal');
  if (member === undefined) return;
  r.add(
    'ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL',
    member.key,
    'Role trust policies do not support NotPrincipal: use a Principal element instead.',
  );
}

/**
 * The bare string `"Principal": "*"`, in Allow and Deny statements alike (AWS's own data-perimeter trust
 * policies deny `{"AWS": "*"}`, the form a trust policy takes for everyone, and is not reported here).
 */
function wildcardPrincipal(s: StatementModel, r: Reporter): void {
  const p = s.principal;
  if (p?.type !== 'string' || p.value !== '*') return;
  r.add(
    'ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL',
    p,
    '"Principal": "*" is not supported in a role trust policy: replace the wildcard with a valid principal value.',
  );
}

const ROLES_ANYWHERE = 'rolesanywhere.amazonaws.com';
const ROLES_ANYWHERE_ACTIONS = ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'];

/** The rolesanywhere.amazonaws.com string of a statement's Service principal, if it names the service. */
function rolesAnywherePrincipal(s: StatementModel) {
  return principalValues(s.principal).find((p) => p.key === 'Service' && p.value === ROLES_ANYWHERE);
}

/**
 * The Allow statements that trust IAM Roles Anywhere must together allow (by name or wildcard) each action
 * it calls to assume the role; reported once, at the first statement's principal.
 */
function rolesAnywhereActions(model: PolicyModel, r: Reporter): void {
  const trusting = model.statements.filter((s) => s.effect === 'Allow' && rolesAnywherePrincipal(s));
  const first = trusting[0];
  if (first === undefined) return;
  const missing = ROLES_ANYWHERE_ACTIONS.filter(
    (action) => !trusting.some((s) => statementMatchesAction(s, action, r.deadline)),
  );
  if (missing.length === 0) return;
  r.add(
    'MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY',
    rolesAnywherePrincipal(first)?.node,
    `The ${ROLES_ANYWHERE} service principal requires the sts:AssumeRole, sts:SetSourceIdentity, and sts:TagSession permissions to assume a role: add ${missing.join(', ')}.`,
  );
}

function mismatchedActions(s: StatementModel, r: Reporter): void {
  // Everyone (`"*"`, or `{"AWS": "*"}`, which IAM reads the same) takes any of these actions: a matter for
  // the public-access checks (and the data-perimeter Deny statements AWS's own examples write).
  const principals = principalValues(s.principal).filter(
    (p) => p.key !== undefined && !(p.key === 'AWS' && p.value === '*'),
  );
  if (principals.length === 0) return;
  for (const a of s.action ?? []) {
    const rule = FEDERATED_ACTIONS.find((f) => f.action.toLowerCase() === a.value.toLowerCase());
    if (rule === undefined) continue;
    const wrong = principals.filter((p) => !rule.fits(p.key, p.value));
    if (wrong.length === 0) continue;
    const names = wrong
      .slice(0, 5)
      .map((p) => `${p.key}: "${p.value}"`)
      .join(', ');
    r.add(
      'MISMATCHED_ACTION_FOR_PRINCIPAL',
      a.node,
      `The ${a.value} action is invalid with the principal(s) ${names}${wrong.length > 5 ? ', ...' : ''}: use ${rule.kind} (Federated) with ${rule.action}.`,
    );
  }
}
