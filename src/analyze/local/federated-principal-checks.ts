// Federated principals (identity providers): only a role trust policy takes them, written as a domain name or
// a SAML / OIDC provider ARN; an OIDC provider trusted without a condition on its own keys lets in any token
// it issues; and a provider's audience (`aud`) holds one value, so ForAnyValue: on it is misleading.

import { holdsPlaceholder } from '../../core/placeholder-value';
import type { Catalog } from '../../core/policy/catalog';
import { statementMatchesAction } from '../../core/policy/evaluate';
import { isSamlProviderArn, oidcProviderHost } from '../../core/policy/federated';
import { membersOf, type PolicyModel, principalValues, type StatementModel } from '../../core/policy/model';
import { hasWildcard } from '../../core/policy/wildcard';
import type { PolicyTarget } from '../../core/types';
import { keyUses, providerKey } from './condition-usage-checks';
import type { Reporter } from './reporter';
import { isTypedTrustPolicy } from './trust-checks';

export function checkFederatedPrincipals(
  catalog: Catalog,
  target: PolicyTarget,
  model: PolicyModel,
  r: Reporter,
): void {
  if (target.policyType !== 'RESOURCE_POLICY') return;
  const trust = isTypedTrustPolicy(target);
  // An untyped resource policy may be a trust policy (Access Analyzer validates it as a generic one).
  const typedOther = !trust && target.resourceType !== undefined;
  for (const s of model.statements) {
    r.deadline.tick();
    if (typedOther) federatedNotSupported(s, r);
    if (trust) {
      federatedSyntax(s, r);
      oidcWithoutCondition(s, r);
    }
    audienceWithForAnyValue(catalog, s, r);
  }
}

function federatedNotSupported(s: StatementModel, r: Reporter): void {
  const federated = membersOf(s.principal).get('Federated');
  if (federated === undefined) return;
  r.add(
    'FEDERATED_PRINCIPAL_NOT_SUPPORTED',
    federated.key,
    'The policy type does not support a federated identity provider in the principal element: use a supported principal.',
  );
}

/** A domain name: dot-separated labels of letters, digits, `-` and `_` (a trailing dot allowed). */
const DOMAIN_NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+\.?$/;

/**
 * Whether a Federated value has the form IAM expects; wildcards, policy variables and extraction's
 * placeholders (a provider given at deploy time) are left alone.
 */
function isFederatedForm(value: string): boolean {
  if (hasWildcard(value) || value.includes('${') || holdsPlaceholder(value)) return true;
  return DOMAIN_NAME.test(value) || isSamlProviderArn(value) || oidcProviderHost(value) !== undefined;
}

function federatedSyntax(s: StatementModel, r: Reporter): void {
  for (const p of principalValues(s.principal)) {
    if (p.key !== 'Federated' || isFederatedForm(p.value)) continue;
    r.add(
      'INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY',
      p.node,
      `The federated principal "${p.value}" does not match the expected format: use a domain name or a SAML metadata ARN.`,
    );
  }
}

/**
 * An Allow of sts:AssumeRoleWithWebIdentity to an OIDC provider ARN whose Condition tests no key of that
 * provider (`HOST:aud`, `HOST:sub`, ...): any token the provider issues assumes the role. GitHub's provider
 * included (the gate's GITHUB_OIDC_TRUST_WITHOUT_SUBJECT says more; one-per-risk folds the two).
 */
function oidcWithoutCondition(s: StatementModel, r: Reporter): void {
  if (s.effect !== 'Allow') return;
  const providers = principalValues(s.principal).flatMap((p) => {
    const host = p.key === 'Federated' ? oidcProviderHost(p.value) : undefined;
    return host === undefined || hasWildcard(host) || host.includes('${') ? [] : [{ host, node: p.node }];
  });
  if (providers.length === 0 || !statementMatchesAction(s, 'sts:AssumeRoleWithWebIdentity', r.deadline))
    return;
  const keys = keyUses(s).map((u) => u.key.toLowerCase());
  for (const { host, node } of providers) {
    r.deadline.tick(keys.length);
    const prefix = `${host.toLowerCase()}:`;
    if (keys.some((k) => k.startsWith(prefix))) continue;
    r.add(
      'MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL',
      node,
      `Using the OIDC principal "${host}" without a condition can be overly permissive: add condition keys prefixed "${host}:" so that only the intended identities assume the role.`,
    );
  }
}

/**
 * ForAnyValue: on an identity provider's aud key (`accounts.google.com:aud`): the audience holds one value.
 * SAML's saml:aud is not an OIDC claim and is left alone, as are providers the catalogue does not name.
 */
function audienceWithForAnyValue(catalog: Catalog, s: StatementModel, r: Reporter): void {
  if (s.condition?.type !== 'object') return;
  const qualified = [...membersOf(s.condition).keys()].some((op) => /^foranyvalue:/i.test(op));
  if (!qualified) return;
  for (const use of keyUses(s)) {
    if (use.setQualifier?.toLowerCase() !== 'foranyvalue') continue;
    const provider = providerKey(catalog, use.key);
    if (provider === undefined || provider.claim !== 'aud' || provider.provider === 'saml') continue;
    r.add(
      'FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE',
      use.member.key,
      `Using ForAnyValue qualifier with the single-valued condition key ${use.key} can be overly permissive: use ${use.operator.slice('ForAnyValue:'.length)} without ForAnyValue:.`,
    );
  }
}
