// What the simulate lists mean and what their findings say, shared by the AWS simulation (simulate.ts) and
// the local one (simulate-local.ts): wildcard expansion, the two finding codes, statement locations.
import { type Node, parseTree } from 'jsonc-parser';
import { clampSpan, lineColumnAt } from '../extract/json-position';
import type { Finding, FindingLocation, PolicyTarget, Severity } from '../types';
import { expandActions } from './local';
import { escalationReason } from './privilege-escalation';

export const SIMULATE_DENY_ALLOWED = 'SIMULATE_DENY_ALLOWED';
export const SIMULATE_ALLOW_DENIED = 'SIMULATE_ALLOW_DENIED';

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

/** "(iam:*)" when the action came from a wildcard pattern, else "". */
function via(pattern: string | undefined, action: string): string {
  return pattern && pattern.toLowerCase() !== action.toLowerCase() ? ` (${pattern})` : '';
}

export function denyAllowedFinding(
  target: PolicyTarget,
  lists: ExpandedLists,
  action: string,
  analyzer: 'simulate' | 'local',
  location: FindingLocation,
  note = '',
): Finding {
  const reason = escalationReason(action);
  const why = reason ? `; privilege escalation: ${reason}` : '';
  const verb = note ? 'May allow' : 'Allows';
  return {
    target: target.id,
    severity: lists.denySeverity,
    code: SIMULATE_DENY_ALLOWED,
    message: `${verb} ${action}, which simulate.deny forbids${via(lists.deny.get(action.toLowerCase()), action)}${why}.${note}`,
    analyzer,
    location,
  };
}

export function allowDeniedFinding(
  target: PolicyTarget,
  lists: ExpandedLists,
  action: string,
  analyzer: 'simulate' | 'local',
  location: FindingLocation,
  explicit: boolean,
  note = '',
): Finding {
  const how = explicit ? 'explicitly denies' : 'does not allow';
  return {
    target: target.id,
    severity: lists.allowSeverity,
    code: SIMULATE_ALLOW_DENIED,
    message: `The policy ${how} ${action}, which simulate.allow requires${via(lists.allow.get(action.toLowerCase()), action)}.${note}`,
    analyzer,
    location,
  };
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

/**
 * Maps a matched statement's StartPosition/EndPosition into the file. AWS's positions are 1-based and
 * point just past the brace that opens and the brace that closes the statement object (the AWS CLI's
 * documented example: a statement whose `{` is in column 37 and `}` in column 166 comes back as 38 and
 * 167), so the statement spans columns `Start.Column - 1` to `End.Column - 1`, both inclusive. An embedded
 * document (a Terraform attribute, `source.line` set) points at its source line.
 */
export function statementLocation(
  target: PolicyTarget,
  start: AwsPosition | undefined,
  end: AwsPosition | undefined,
): FindingLocation {
  const whole = (n: number | undefined): n is number => Number.isSafeInteger(n);
  if (target.source.line !== undefined || !whole(start?.Line) || !whole(start?.Column)) {
    return targetLocation(target);
  }
  const startLine = Math.max(1, start.Line);
  const startColumn = Math.max(1, start.Column - 1);
  const endLine = Math.max(startLine, whole(end?.Line) ? end.Line : startLine);
  const endColumn = Math.max(1, (whole(end?.Column) ? end.Column : start.Column) - 1);
  // IAM's numbers are not the file's: the span is kept inside the document.
  const span = clampSpan(target.document, { startLine, endLine, startColumn, endColumn });
  const path = statementPathAt(target.document, span.startLine, span.startColumn ?? 1);
  return { file: target.source.file, ...span, ...(path ? { path } : {}) };
}
