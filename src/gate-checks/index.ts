// The gate-checks stage (README "Gate checks"): the gate's own least-privilege checks on the policy text of
// every target, whichever analyzer ran, so that AWS and the local analyzer lead to the same verdict. A
// policy whose checks cannot finish (past its deadline) fails closed with ANALYSIS_FAILED; a policy that is
// not valid JSON is left to the analyzer, which reports why.

import { analysisFailed } from '../core/analysis-failed';
import { appendAll } from '../core/append';
import { DeadlineExceeded, type DeadlineOptions, startDeadline } from '../core/deadline';
import { errorMessage } from '../core/errors';
import { type GateCheckCode, type GateRules, gateCheck } from '../core/gate-check-table';
import { buildModel, type ModelListener, type ModelResult, type PolicyModel } from '../core/policy/model';
import type { Finding, PolicyTarget } from '../core/types';
import { checkPrivilegeEscalation } from './escalation';
import { checkFullAdmin, fullAdminGrants } from './full-admin';
import { checkGitHubOidcTrust } from './github-oidc';
import { checkNotElements } from './not-elements';
import { checkPublicPrincipal } from './public-principal';
import { GateReporter } from './report';
import { checkServiceWildcards } from './service-wildcard';

export { GATE_CHECK_CODES, GATE_CHECKS, type GateCheckCode, type GateRules } from '../core/gate-check-table';

/**
 * Resource types whose policy grants no one anything: a VPC endpoint policy only limits what the callers
 * that reach the endpoint may do through it, and writes Principal "*" for "whoever uses the endpoint".
 */
const NOT_GRANTING: ReadonlySet<string> = new Set(['AWS::EC2::VPCEndpoint']);

/** The resource type of a resource policy's resource (the extraction's), when known. */
export type ResourceTypeOf = (target: PolicyTarget) => string | undefined;

function checkPolicy(
  target: PolicyTarget,
  model: PolicyModel,
  r: GateReporter,
  resourceTypeOf: ResourceTypeOf,
): void {
  const type = target.policyType;
  const applies = (code: GateCheckCode) => r.enabled(code) && gateCheck(code).policyTypes.includes(type);
  if (applies('ALLOW_WITH_NOT_ACTION') || applies('ALLOW_WITH_NOT_RESOURCE')) checkNotElements(model, r);
  const grants = !NOT_GRANTING.has(resourceTypeOf(target) ?? '') && target.inVpc !== true;
  if (applies('PUBLIC_PRINCIPAL_WITHOUT_CONDITION') && grants) checkPublicPrincipal(model, r);
  if (applies('GITHUB_OIDC_TRUST_WITHOUT_SUBJECT')) checkGitHubOidcTrust(model.statements, r);
  const admin = type === 'IDENTITY_POLICY' ? fullAdminGrants(model) : [];
  if (applies('FULL_ADMIN_ACCESS')) checkFullAdmin(admin, r);
  if (applies('SERVICE_WIDE_WILDCARD')) checkServiceWildcards(model, r);
  // Full admin includes every escalation: that risk is named once, by FULL_ADMIN_ACCESS (on or off).
  if (applies('PRIVILEGE_ESCALATION_ACTIONS') && admin.length === 0) {
    checkPrivilegeEscalation(model, r);
  }
}

/** The gate checks' findings of one target on its model. Never throws for a policy. */
function checkTarget(
  target: PolicyTarget,
  build: () => ModelResult,
  rules: GateRules,
  deadline: DeadlineOptions,
  resourceTypeOf: ResourceTypeOf,
): Finding[] {
  try {
    const built = build();
    if (!built.ok || built.model.root.type !== 'object') return [];
    const r = new GateReporter(target, rules, startDeadline(deadline));
    checkPolicy(target, built.model, r, resourceTypeOf);
    return r.findings;
  } catch (err) {
    const reason = errorMessage(err);
    const why = err instanceof DeadlineExceeded ? reason : `gate checks error: ${reason}`;
    return [analysisFailed(target, `the gate checks did not finish: ${why}`)];
  }
}

/**
 * The gate checks of a run. `see` checks a target on the model another pass has built (the local
 * analyzer's), keeping only its findings; `findings` checks the targets not seen, parsing them itself, and
 * lists every target's findings in the targets' order, as runGateChecks does.
 */
export interface GateChecks {
  see: ModelListener;
  findings(targets: readonly PolicyTarget[]): Finding[];
}

export function createGateChecks(
  rules: GateRules = {},
  deadline: DeadlineOptions = {},
  resourceTypeOf: ResourceTypeOf = () => undefined,
): GateChecks {
  const seen = new Map<PolicyTarget, Finding[]>();
  let done = false; // a model seen after the findings were listed is of no use: nothing keeps it
  return {
    see(target, built) {
      if (!done && !seen.has(target))
        seen.set(
          target,
          checkTarget(target, () => built, rules, deadline, resourceTypeOf),
        );
    },
    findings(targets) {
      const findings: Finding[] = [];
      for (const target of targets) {
        const found =
          seen.get(target) ??
          checkTarget(target, () => buildModel(target.document), rules, deadline, resourceTypeOf);
        appendAll(findings, found);
      }
      done = true;
      seen.clear();
      return findings;
    },
  };
}

/** The gate checks' findings for every target, at the severities `rules:` sets. Never throws for a policy. */
export function runGateChecks(
  targets: readonly PolicyTarget[],
  rules: GateRules = {},
  deadline: DeadlineOptions = {},
  resourceTypeOf: ResourceTypeOf = () => undefined,
): Finding[] {
  return createGateChecks(rules, deadline, resourceTypeOf).findings(targets);
}
