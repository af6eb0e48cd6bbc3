// What the simulate lists mean and what their findings say, shared by the AWS simulation (simulate.ts) and
// the local one (simulate-local.ts): wildcard expansion, the two finding codes, statement locations.
import { type Node, parseTree } from 'jsonc-parser';
import { clampSpan, lineColumnAt } from '../core/json-position';
import { listed } from '../core/list-text';
import {
  denyAllowedMessage,
  MAX_LISTED_ACTIONS,
  SIMULATE_ALLOW_DENIED,
  SIMULATE_DENY_ALLOWED,
  via,
} from '../core/simulation-message';
import type { Finding, FindingLocation, PolicyTarget, Severity, SimulatedAction } from '../core/types';
import { type ActionEvaluation, expandActions } from './local';

/** The config's simulate lists (action patterns, wildcards allowed) and the severities of their findings. */
export interface SimulateLists {
  deny: readonly string[];
  allow: readonly string[];
  /** Config `simulate.severity`, default WARNING. */
  denySeverity: Severity;
  /** Default ERROR. */
  allowSeverity?: Severity;
}

/** The lists with every pattern expanded to concrete actions, and the pattern each action came from. */
export interface ExpandedLists {
  /** Lower-case action -> the first pattern of simulate.deny that names it. */
  deny: ReadonlyMap<string, string>;
  allow: ReadonlyMap<string, string>;
  /** Every concrete action to evaluate (deny and allow, without duplicates), in IAM's case. */
  actions: readonly string[];
  /** Patterns that matched no action of the catalogue (a typo, or a service newer than the catalogue). */
  unmatched: readonly string[];
  denySeverity: Severity;
  allowSeverity: Severity;
}

/** Expands both lists once per run with IAM's action catalogue (SimulateCustomPolicy takes no wildcards). */
export function expandLists(lists: SimulateLists): ExpandedLists {
  const actions = new Map<string, string>();
  const unmatched: string[] = [];
  const expand = (patterns: readonly string[]) => {
    const out = new Map<string, string>();
    for (const pattern of patterns) {
      const found = expandActions([pattern]);
      if (found.length === 0) unmatched.push(pattern);
      for (const action of found) {
        const key = action.toLowerCase();
        if (!out.has(key)) out.set(key, pattern.trim());
        if (!actions.has(key)) actions.set(key, action);
      }
    }
    return out;
  };
  const deny = expand(lists.deny);
  const allow = expand(lists.allow);
  return {
    deny,
    allow,
    actions: [...actions.values()],
    unmatched,
    denySeverity: lists.denySeverity,
    allowSeverity: lists.allowSeverity ?? 'ERROR',
  };
}

/** One deny-listed action a statement allows, or one allow-listed action a policy denies, and where. */
export interface SimulationHit {
  action: string;
  location: FindingLocation;
  /** Deny list: allowed only under conditions (local evaluation). Allow list: denied by a Deny statement. */
  conditional?: boolean;
  explicit?: boolean;
  /** Allow list (AWS): context keys the simulation had no value for. */
  missingContext?: readonly string[];
}

function simulated(
  action: string,
  patterns: ReadonlyMap<string, string>,
  conditional = false,
): SimulatedAction {
  const pattern = patterns.get(action.toLowerCase());
  return {
    action,
    ...(pattern && pattern.toLowerCase() !== action.toLowerCase() ? { pattern } : {}),
    ...(conditional ? { conditional } : {}),
  };
}

/** Hits grouped by where they are (one statement, or the policy as a whole), in the order they came. */
function byLocation<T extends SimulationHit>(hits: readonly T[], key: (h: T) => string = () => ''): T[][] {
  const groups = new Map<string, T[]>();
  for (const hit of hits) {
    const k = JSON.stringify([hit.location, key(hit)]);
    const group = groups.get(k);
    if (group) group.push(hit);
    else groups.set(k, [hit]);
  }
  return [...groups.values()];
}

/** One SIMULATE_DENY_ALLOWED per statement, naming every deny-listed action it allows. */
export function denyAllowedFindings(
  target: PolicyTarget,
  lists: ExpandedLists,
  hits: readonly SimulationHit[],
  analyzer: 'simulate' | 'local',
): Finding[] {
  return byLocation(hits).map((group) => {
    const actions = group.map((h) => simulated(h.action, lists.deny, h.conditional));
    return {
      target: target.id,
      severity: lists.denySeverity,
      code: SIMULATE_DENY_ALLOWED,
      message: denyAllowedMessage(actions),
      analyzer,
      location: group[0]!.location,
      simulated: actions,
    };
  });
}

/**
 * One SIMULATE_ALLOW_DENIED per place (the Deny statement that denies them, or the policy when nothing
 * allows them), naming every allow-listed action denied there.
 */
export function allowDeniedFindings(
  target: PolicyTarget,
  lists: ExpandedLists,
  hits: readonly SimulationHit[],
  analyzer: 'simulate' | 'local',
): Finding[] {
  return byLocation(hits, (h) => String(h.explicit === true)).map((group) => {
    const actions = group.map((h) => simulated(h.action, lists.allow));
    const how = group[0]!.explicit ? 'explicitly denies' : 'does not allow';
    const missing = [...new Set(group.flatMap((h) => h.missingContext ?? []))];
    const note =
      missing.length > 0
        ? ` The simulation had no value for ${missing.join(', ')}; statements whose conditions use them did not apply.`
        : '';
    const names = listed(
      actions.map((a) => a.action),
      MAX_LISTED_ACTIONS,
    );
    return {
      target: target.id,
      severity: lists.allowSeverity,
      code: SIMULATE_ALLOW_DENIED,
      message: `The policy ${how} ${names}, which simulate.allow requires${via(actions)}.${note}`,
      analyzer,
      location: group[0]!.location,
      simulated: actions,
    };
  });
}

/** The target's own line: its source line (an embedded document), else line 1 of its file. */
export function targetLocation(target: PolicyTarget): FindingLocation {
  const line = target.source.line ?? 1;
  return { file: target.source.file, startLine: line, endLine: line };
}

// One-entry cache: the findings of one document are built in a row.
let cached: { document: string; starts: ReadonlyMap<string, string> } | undefined;

/** `Statement[i]` (or `Statement`, a single statement object) of the statement whose `{` is at line:column. */
function statementPathAt(document: string, line: number, column: number): string | undefined {
  if (cached?.document !== document) {
    const starts = new Map<string, string>();
    const root = parseTree(document);
    const statement = root?.children?.find((p) => p.children?.[0]?.value === 'Statement')?.children?.[1];
    const nodes: Array<[Node, string]> =
      statement?.type === 'array'
        ? (statement.children ?? []).map((n, i) => [n, `Statement[${i}]`])
        : statement
          ? [[statement, 'Statement']]
          : [];
    for (const [node, path] of nodes) {
      const at = lineColumnAt(document, node.offset);
      starts.set(`${at.line}:${at.column}`, path);
    }
    cached = { document, starts };
  }
  return cached.starts.get(`${line}:${column}`);
}

/** A position of AWS's MatchedStatements: 1-based, pointing just after the statement's `{` (or `}`). */
export interface AwsPosition {
  Line?: number | undefined;
  Column?: number | undefined;
}

/** Whether AWS gave the statement's position (a MatchedStatements entry may come without one). */
export function hasPosition(start: AwsPosition | undefined): boolean {
  return Number.isSafeInteger(start?.Line) && Number.isSafeInteger(start?.Column);
}

/**
 * Maps a matched statement's StartPosition/EndPosition into the file. AWS's positions are 1-based and
 * point just past the brace that opens and the brace that closes the statement object (the AWS CLI's
 * documented example: a statement whose `{` is in column 37 and `}` in column 166 comes back as 38 and
 * 167), so the statement spans columns `Start.Column - 1` to `End.Column - 1`, both inclusive. An embedded
 * document (a Terraform attribute, `source.line` set) points at its source line, with the statement's path.
 * Without a position, the target's own line (callers that can locate the statement otherwise check
 * hasPosition first).
 */
export function statementLocation(
  target: PolicyTarget,
  start: AwsPosition | undefined,
  end: AwsPosition | undefined,
): FindingLocation {
  const whole = (n: number | undefined): n is number => Number.isSafeInteger(n);
  if (!whole(start?.Line) || !whole(start?.Column)) return targetLocation(target);
  const startLine = Math.max(1, start.Line);
  const startColumn = Math.max(1, start.Column - 1);
  const endLine = Math.max(startLine, whole(end?.Line) ? end.Line : startLine);
  const endColumn = Math.max(1, (whole(end?.Column) ? end.Column : start.Column) - 1);
  // IAM's numbers are not the file's: the span is kept inside the document.
  const span = clampSpan(target.document, { startLine, endLine, startColumn, endColumn });
  const path = statementPathAt(target.document, span.startLine, span.startColumn ?? 1);
  const where =
    target.source.line !== undefined ? targetLocation(target) : { file: target.source.file, ...span };
  return { ...where, ...(path ? { path } : {}) };
}

/**
 * The location of the statement the local evaluation found deciding an action: in the file, or for an
 * embedded document its source line with the statement's path; the target's line when no statement decided.
 */
export function evaluatedLocation(target: PolicyTarget, evaluation: ActionEvaluation): FindingLocation {
  const statement = evaluation.statement;
  if (!statement) return targetLocation(target);
  if (target.source.line === undefined) return { file: target.source.file, ...statement.location };
  const path = statement.location.path;
  return { ...targetLocation(target), ...(path ? { path } : {}) };
}
