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
import { type Decision, evaluateModel } from '../core/policy/evaluate';
import { buildModel, type ModelListener, type ModelResult } from '../core/policy/model';
import type { Finding, PolicyTarget } from '../core/types';
import { groupByDocument } from './dedupe';
import type { ActionEvaluation } from './local';
import {
  allowDeniedFindings,
  denyAllowedFindings,
  type ExpandedLists,
  evaluatedLocation,
  expandLists,
  type SimulateLists,
  type SimulationHit,
} from './simulate-findings';

/** Whether an evaluation can become a finding: an allowed deny-listed action, or an allow-listed one not allowed. */
function mayBeFinding(lists: ExpandedLists, action: string, decision: Decision): boolean {
  const key = action.toLowerCase();
  return decision === 'allowed' ? lists.deny.has(key) : lists.allow.has(key);
}

/**
 * mayBeFinding for the actions the lists expand to (`lists.actions`, in their case), without a lower-case
 * copy of each action of every policy: which of them each list names, decided once per run.
 */
function findingFilter(lists: ExpandedLists): (action: string, decision: Decision) => boolean {
  const denied = new Set(lists.actions.filter((a) => lists.deny.has(a.toLowerCase())));
  const allowed = new Set(lists.actions.filter((a) => lists.allow.has(a.toLowerCase())));
  return (action, decision) => (decision === 'allowed' ? denied.has(action) : allowed.has(action));
}

/** The findings of one policy: one per statement that allows deny-listed actions, and the allow list's misses. */
function toFindings(target: PolicyTarget, lists: ExpandedLists, evaluations: ActionEvaluation[]): Finding[] {
  const allowed: SimulationHit[] = [];
  const denied: SimulationHit[] = [];
  for (const e of evaluations) {
    if (!mayBeFinding(lists, e.action, e.decision)) continue;
    const location = evaluatedLocation(target, e);
    if (e.decision === 'allowed') allowed.push({ action: e.action, location, conditional: e.conditional });
    else denied.push({ action: e.action, location, explicit: e.decision === 'explicitDeny' });
  }
  return [
    ...denyAllowedFindings(target, lists, allowed, 'local'),
    ...allowDeniedFindings(target, lists, denied, 'local'),
  ];
}

/** What the evaluation of one document left for its targets' findings, or why it could not finish. */
type Evaluated = { ok: true; evaluations: ActionEvaluation[] } | { ok: false; reason: string } | 'invalid';

/**
 * The local simulation of a run. `see` takes each identity policy's model while the analyzer has it
 * built, keeping only the evaluations that can become findings (a few per policy, no syntax tree), so a
 * document is parsed once for both; `findings` then evaluates what was not seen and builds the findings in
 * the order of simulateLocally. Invalid JSON yields nothing (reported elsewhere); a policy past its
 * deadline is ANALYSIS_FAILED.
 */
export interface LocalSimulation {
  see: ModelListener;
  findings(targets: readonly PolicyTarget[]): Finding[];
}

export function createLocalSimulation(lists: SimulateLists, deadline: DeadlineOptions = {}): LocalSimulation {
  const expanded = expandLists(lists);
  const keep = findingFilter(expanded);
  const evaluated = new Map<string, Evaluated>();
  let done = false; // a model seen after the findings were built is of no use: nothing keeps it
  const evaluate = (build: () => ModelResult): Evaluated => {
    try {
      const built = build();
      if (!built.ok) return 'invalid'; // the analyzer reports the syntax
      // Only an allowed deny-listed action or a missed allow-listed one becomes a finding (toFindings).
      const evaluations = evaluateModel(built.model, expanded.actions, startDeadline(deadline), keep);
      return { ok: true, evaluations };
    } catch (err) {
      // One policy the evaluator cannot take never costs the others their results: it fails closed.
      return { ok: false, reason: `local simulation: ${errorMessage(err)}` };
    }
  };
  const simulated = (t: PolicyTarget) => t.policyType === 'IDENTITY_POLICY' && expanded.actions.length > 0;
  return {
    see(target, built) {
      if (!done && simulated(target) && !evaluated.has(target.document))
        evaluated.set(
          target.document,
          evaluate(() => built),
        );
    },
    findings(targets) {
      const identity = targets.filter(simulated);
      const findings: Finding[] = [];
      for (const group of groupByDocument(identity, (t) => [t.document])) {
        const document = group[0]!.document;
        const result = evaluated.get(document) ?? evaluate(() => buildModel(document));
        if (result === 'invalid') continue;
        for (const target of group) {
          if (result.ok) appendAll(findings, toFindings(target, expanded, result.evaluations));
          else findings.push(analysisFailed(target, result.reason));
        }
      }
      done = true;
      evaluated.clear();
      return findings;
    },
  };
}

/** Evaluates both lists against every identity policy, offline (createLocalSimulation, nothing seen). */
export function simulateLocally(
  targets: readonly PolicyTarget[],
  lists: SimulateLists,
  deadline: DeadlineOptions = {},
): Finding[] {
  return createLocalSimulation(lists, deadline).findings(targets);
}
