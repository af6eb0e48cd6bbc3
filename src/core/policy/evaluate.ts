// Local evaluation of the simulate lists (docs/architecture.md section 4) without AWS: which concrete actions a
// policy allows or denies, as SimulateCustomPolicy would answer for the resource "*". Conditions and
// statements limited to specific resources are "may apply": they make the answer conditional.

import type { Deadline } from '../deadline';
import { lineColumnAt } from '../json-position';
import type { FindingLocation } from '../types';
import { keepAnswer, listAnswers, listRow } from './action-list-answers';
import { actionsMatching, getCatalog } from './catalog';
import { nodePath } from './locate';
import { buildModel, type PolicyModel, type StatementModel, type Str } from './model';
import { hasWildcard, matchesWildcard, type WildcardMatcher, wildcardMatcher } from './wildcard';

export type Decision = 'allowed' | 'explicitDeny' | 'implicitDeny';

export interface ActionEvaluation {
  action: string;
  decision: Decision;
  /** true when the decision rests on a statement that may not apply (a Condition, specific resources). */
  conditional: boolean;
  /** The statement that decided it; its location is in the document (1-based), without a file. */
  statement?: { index: number; sid?: string; location: Omit<FindingLocation, 'file'> };
}

// A statement's Action (or NotAction) list meets every action of the simulate lists and of the escalation
// sets (dozens per policy): what each pattern is (literal or wildcard, compiled) is decided once per list.
const listMatchers = new WeakMap<readonly Str[], readonly WildcardMatcher[]>();

function matchersOf(patterns: readonly Str[]): readonly WildcardMatcher[] {
  let matchers = listMatchers.get(patterns);
  if (matchers === undefined) {
    matchers = patterns.map((p) => wildcardMatcher(p.value));
    listMatchers.set(patterns, matchers);
  }
  return matchers;
}

/** Whether some pattern of the list matches the action (the answer kept for the list's patterns, if any). */
function listMatches(patterns: readonly Str[], action: string, deadline?: Deadline): boolean {
  deadline?.tick(patterns.length);
  const answers = listAnswers(patterns);
  let matched = answers.get(action);
  if (matched === undefined) {
    matched = matchersOf(patterns).some((matches) => matches(action, deadline));
    keepAnswer(answers, action, matched);
  }
  return matched;
}

/** The Action pattern that matches an action, or for NotAction whether none does. */
export function statementMatchesAction(s: StatementModel, action: string, deadline?: Deadline): boolean {
  const patterns = s.action ?? s.notAction;
  if (patterns === undefined) return false;
  const matched = listMatches(patterns, action, deadline);
  return s.action !== undefined ? matched : !matched;
}

const NO_ACTION = new Uint8Array(0);

/**
 * statementMatchesAction for each of `actions` (1 or 0, by index; a statement without Action or NotAction
 * matches none): one row per distinct list and array of actions, not one question per action and policy.
 * For callers that meet every policy with the same array of actions.
 */
export function statementMatchesEach(
  s: StatementModel,
  actions: readonly string[],
  deadline?: Deadline,
): Uint8Array {
  const patterns = s.action ?? s.notAction;
  if (patterns === undefined) return NO_ACTION;
  deadline?.tick(patterns.length);
  const row = listRow(patterns, actions, (action) => listMatches(patterns, action, deadline));
  if (s.action !== undefined) return row;
  return row.map((m) => 1 - m);
}

/** How much of "every resource" a statement covers: all, some, or none. */
export function resourceScope(s: StatementModel): 'all' | 'some' | 'none' {
  if (s.resource !== undefined) return s.resource.some((r) => r.value === '*') ? 'all' : 'some';
  if (s.notResource !== undefined) return s.notResource.some((r) => r.value === '*') ? 'none' : 'some';
  return 'all';
}

export function hasCondition(s: StatementModel): boolean {
  return s.condition !== undefined && (s.condition.children ?? []).length > 0;
}

function statementRef(text: string, s: StatementModel): NonNullable<ActionEvaluation['statement']> {
  const from = lineColumnAt(text, s.node.offset);
  const to = lineColumnAt(text, s.node.offset + s.node.length);
  const path = nodePath(s.node);
  const location = {
    startLine: from.line,
    endLine: to.line,
    startColumn: from.column,
    endColumn: Math.max(1, to.column - 1),
    ...(path ? { path } : {}),
  };
  return { index: s.index ?? 0, ...(s.sid !== undefined ? { sid: s.sid } : {}), location };
}

/**
 * Evaluates concrete actions (no wildcards; expand them with expandActions) against one policy, as for
 * the resource "*": an explicit Deny that surely applies wins, then an Allow; otherwise implicitly denied.
 * A policy that is not valid JSON allows nothing (every action implicitDeny): the analyzer reports why.
 */
export function evaluateActions(
  document: string,
  actions: readonly string[],
  deadline?: Deadline,
): ActionEvaluation[] {
  const parsed = buildModel(document);
  return parsed.ok
    ? evaluateModel(parsed.model, actions, deadline)
    : actions.map((action) => ({ action, decision: 'implicitDeny', conditional: false }));
}

/**
 * evaluateActions on a model already built (the caller parsed the document once for every use). With
 * `keep`, only the evaluations it keeps are listed (no statement location is worked out for the others).
 */
export function evaluateModel(
  model: PolicyModel,
  actions: readonly string[],
  deadline?: Deadline,
  keep?: (action: string, decision: Decision) => boolean,
): ActionEvaluation[] {
  const { statements, text: document } = model;
  // Many actions are decided by the same statement: its location is worked out once, and what it covers
  // (sure: no condition and every resource; applies: some resource) once per evaluation of the policy.
  const refs = new Map<StatementModel, NonNullable<ActionEvaluation['statement']>>();
  const decided = (action: string, decision: Decision, conditional: boolean, s: StatementModel) => {
    let statement = refs.get(s);
    if (statement === undefined) {
      statement = statementRef(document, s);
      refs.set(s, statement);
    }
    return { action, decision, conditional, statement };
  };
  const rows = statements.map((s) => statementMatchesEach(s, actions, deadline));
  const sure = statements.map((s) => !hasCondition(s) && resourceScope(s) === 'all');
  const applies = statements.map((s) => resourceScope(s) !== 'none');
  const out: ActionEvaluation[] = [];
  for (let a = 0; a < actions.length; a++) {
    const action = actions[a]!;
    // The first matching Deny that surely applies, whether any Deny applies, the first Allow that surely
    // applies and the first that applies at all, in the statements' order.
    let sureDeny: StatementModel | undefined;
    let anyDeny = false;
    let sureAllow: StatementModel | undefined;
    let firstAllow: StatementModel | undefined;
    for (let i = 0; i < statements.length; i++) {
      const s = statements[i]!;
      if (rows[i]![a] !== 1 || !applies[i]) continue;
      if (s.effect === 'Deny') {
        anyDeny = true;
        if (sure[i]) sureDeny ??= s;
      } else if (s.effect === 'Allow') {
        firstAllow ??= s;
        if (sure[i]) sureAllow ??= s;
      }
    }
    const decision: Decision = sureDeny ? 'explicitDeny' : firstAllow ? 'allowed' : 'implicitDeny';
    if (keep !== undefined && !keep(action, decision)) continue;
    if (sureDeny) out.push(decided(action, decision, false, sureDeny));
    else if (firstAllow) {
      const allow = sureAllow ?? firstAllow;
      out.push(decided(action, decision, sureAllow === undefined || anyDeny, allow));
    } else out.push({ action, decision, conditional: false });
  }
  return out;
}

/**
 * Expands action patterns (`iam:*`, `s3:Get*`, `*`) to the catalogue's concrete actions, in IAM's case
 * (`iam:CreateUser`), matching case-insensitively. A concrete action the catalogue lacks is kept as
 * written (it may be newer than the catalogue); a wildcard that matches nothing expands to nothing.
 */
export function expandActions(patterns: readonly string[], deadline?: Deadline): string[] {
  const catalog = getCatalog();
  const out = new Set<string>();
  for (const pattern of patterns) {
    const found = actionsMatching(catalog, pattern.trim(), deadline);
    for (const a of found) out.add(`${a.service}:${a.name}`);
    if (found.length === 0 && !hasWildcard(pattern)) out.add(pattern.trim());
  }
  return [...out];
}

/** The action strings of a statement that match a concrete action (for pointing at them). */
export function matchingActionNodes(s: StatementModel, action: string): Str[] {
  return (s.action ?? []).filter((p) => matchesWildcard(p.value, action));
}
