// Local evaluation of the simulate lists (docs/architecture.md section 4) without AWS: which concrete actions a
// policy allows or denies, as SimulateCustomPolicy would answer for the resource "*". Conditions and
// statements limited to specific resources are "may apply": they make the answer conditional.

import type { Deadline } from '../deadline';
import { lineColumnAt } from '../json-position';
import type { FindingLocation } from '../types';
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

/** The Action pattern that matches an action, or for NotAction whether none does. */
export function statementMatchesAction(s: StatementModel, action: string, deadline?: Deadline): boolean {
  const patterns = s.action ?? s.notAction;
  if (patterns === undefined) return false;
  deadline?.tick(patterns.length);
  const matched = matchersOf(patterns).some((matches) => matches(action, deadline));
  return s.action !== undefined ? matched : !matched;
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

/** evaluateActions on a model already built (the caller parsed the document once for every use). */
export function evaluateModel(
  model: PolicyModel,
  actions: readonly string[],
  deadline?: Deadline,
): ActionEvaluation[] {
  const { statements, text: document } = model;
  // Many actions are decided by the same statement: its location is worked out once.
  const refs = new Map<StatementModel, NonNullable<ActionEvaluation['statement']>>();
  const decided = (action: string, decision: Decision, conditional: boolean, s: StatementModel) => {
    let statement = refs.get(s);
    if (statement === undefined) {
      statement = statementRef(document, s);
      refs.set(s, statement);
    }
    return { action, decision, conditional, statement };
  };
  const sure = (s: StatementModel) => !hasCondition(s) && resourceScope(s) === 'all';
  const applies = (s: StatementModel) => resourceScope(s) !== 'none';
  return actions.map((action): ActionEvaluation => {
    const matching = statements.filter((s) => statementMatchesAction(s, action, deadline));
    const denies = matching.filter((s) => s.effect === 'Deny' && applies(s));
    const allows = matching.filter((s) => s.effect === 'Allow' && applies(s));
    const sureDeny = denies.find(sure);
    if (sureDeny) return decided(action, 'explicitDeny', false, sureDeny);
    const allow = allows.find(sure) ?? allows[0];
    if (allow) {
      const conditional = !sure(allow) || denies.length > 0;
      return decided(action, 'allowed', conditional, allow);
    }
    return { action, decision: 'implicitDeny', conditional: false };
  });
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
