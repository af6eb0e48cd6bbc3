// Role trust policies: the federated sign-in actions need a principal of their kind. AssumeRoleWithSAML
// is only ever called for a SAML provider, AssumeRoleWithWebIdentity for an OIDC provider; a statement
// pairing either with another principal allows nothing it seems to.

import { type PolicyModel, principalValues, type StatementModel } from '../../core/policy/model';
import type { PolicyTarget } from '../../core/types';
import type { Reporter } from './reporter';

const SAML_PROVIDER = /^arn:[^:]+:iam::[^:]*:saml-provider\//i;

const FEDERATED_ACTIONS: ReadonlyArray<{
  action: string;
  kind: string;
  fits: (key: string | undefined, value: string) => boolean;
}> = [
  {
    action: 'sts:AssumeRoleWithSAML',
    kind: 'a SAML provider',
    fits: (key, value) => key === 'Federated' && SAML_PROVIDER.test(value),
  },
  {
    action: 'sts:AssumeRoleWithWebIdentity',
    kind: 'an OIDC provider',
    fits: (key, value) => key === 'Federated' && !SAML_PROVIDER.test(value),
  },
];

export function checkTrust(target: PolicyTarget, model: PolicyModel, r: Reporter): void {
  if (target.policyType !== 'RESOURCE_POLICY' || target.resourceType !== 'AWS::IAM::AssumeRolePolicyDocument')
    return;
  for (const s of model.statements) mismatchedActions(s, r);
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
