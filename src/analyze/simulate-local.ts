// The simulate lists evaluated without AWS (the local analyzer's answer to SimulateCustomPolicy), with the
// same finding codes as simulate.ts and analyzer 'local'. Identity policies only, identical documents once;
// one SIMULATE_DENY_ALLOWED per statement, naming every deny-listed action it allows (simulate-findings.ts).
//
// How it differs from AWS's simulator: AWS evaluates each action for the resource `*` with no context
// values, and a condition whose key has no value does not match (it lists the key in MissingContextValues),
// so AWS reports an allow that rests on a Condition, or on a statement limited to specific resources, as
// implicitDeny. evaluateActions calls such an allow "conditional" instead. Locally:
// - a deny-listed action with a conditional allow is still SIMULATE_DENY_ALLOWED, worded "may allow ...",
//   because the condition may well hold for a real caller (AWS would stay silent);
// - an allow-listed action with a conditional allow is not SIMULATE_ALLOW_DENIED: the policy does grant it
//   where its conditions hold (AWS would report it denied, naming the missing context keys);
// - a Deny under a condition does not make an action denied locally; AWS ignores it as well.

import { analysisFailed } from '../core/analysis-failed';
import { appendAll } from '../core/append';
import { type DeadlineOptions, startDeadline } from '../core/deadline';
import { errorMessage } from '../core/errors';
import type { Finding, PolicyTarget } from '../core/types';
import { groupByDocument } from './dedupe';
import { type ActionEvaluation, evaluateActions } from './local';
import {
  allowDeniedFindings,
  denyAllowedFindings,
  type ExpandedLists,
  evaluatedLocation,
  expandLists,
  type SimulateLists,
  type SimulationHit,
} from './simulate-findings';

/** The findings of one policy: one per statement that allows deny-listed actions, and the allow list's misses. */
function toFindings(target: PolicyTarget, lists: ExpandedLists, evaluations: ActionEvaluation[]): Finding[] {
  const allowed: SimulationHit[] = [];
  const denied: SimulationHit[] = [];
  for (const e of evaluations) {
    const key = e.action.toLowerCase();
    const location = evaluatedLocation(target, e);
    if (e.decision === 'allowed') {
      if (lists.deny.has(key)) allowed.push({ action: e.action, location, conditional: e.conditional });
    } else if (lists.allow.has(key)) {
      denied.push({ action: e.action, location, explicit: e.decision === 'explicitDeny' });
    }
  }
  return [
    ...denyAllowedFindings(target, lists, allowed, 'local'),
    ...allowDeniedFindings(target, lists, denied, 'local'),
  ];
}

/**
 * Evaluates both lists against every identity policy, offline. Invalid JSON yields nothing (reported
 * elsewhere); a policy past its deadline is ANALYSIS_FAILED.
 */
export function simulateLocally(
  targets: readonly PolicyTarget[],
  lists: SimulateLists,
  deadline: DeadlineOptions = {},
): Finding[] {
  const identity = targets.filter((t) => t.policyType === 'IDENTITY_POLICY');
  const expanded = expandLists(lists);
  if (identity.length === 0 || expanded.actions.length === 0) return [];
  const findings: Finding[] = [];
  for (const group of groupByDocument(identity, (t) => [t.document])) {
    const document = group[0]!.document;
    try {
      JSON.parse(document);
    } catch {
      continue; // the analyzer reports the syntax
    }
    try {
      const evaluations = evaluateActions(document, expanded.actions, startDeadline(deadline));
      for (const target of group) appendAll(findings, toFindings(target, expanded, evaluations));
    } catch (err) {
      // One policy the evaluator cannot take never costs the others their results: it fails closed.
      const reason = `local simulation: ${errorMessage(err)}`;
      for (const target of group) findings.push(analysisFailed(target, reason));
    }
  }
  return findings;
}
