// The report seen by a reader: findings split into the groups every renderer shows, and where each one is.
import { compareText } from '../core/compare-text';
import { type Finding, type GateReport, type PolicyTarget, SEVERITIES } from '../core/types';

export interface FindingGroups {
  /** Unsuppressed findings at a fail-on severity (report.verdict.blocking). */
  blocking: readonly Finding[];
  /** Unsuppressed, new, not blocking (warnings, suggestions, severities outside fail-on). */
  nonBlocking: readonly Finding[];
  /** Matched by an ignore rule; shown with the reason. */
  suppressed: readonly Finding[];
  /** Unsuppressed and already on the base branch (isNew === false). */
  existing: readonly Finding[];
}

/** Identity of a finding that survives copies of the objects (e.g. a report read back from JSON). */
export function findingKey(f: Finding): string {
  const l = f.location;
  const where = l ? `${l.file}:${l.startLine}:${l.startColumn ?? ''}-${l.endLine}:${l.endColumn ?? ''}` : '';
  return [f.target, f.severity, f.code, where, f.message].join('\u0000');
}

/** Most severe first, then by file and line (stable for equal keys). */
export function sortForReport(findings: readonly Finding[]): Finding[] {
  const file = (f: Finding) => f.location?.file ?? f.target;
  return [...findings].sort(
    (a, b) =>
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      compareText(file(a), file(b)) ||
      (a.location?.startLine ?? 0) - (b.location?.startLine ?? 0),
  );
}

/**
 * Whether a finding of the report blocks: whether findingKey sees it among the verdict's blocking findings,
 * so that a copy of one blocks too (a report read back from JSON). The verdict's own objects are known by
 * identity, and a key is built only for a finding whose target and code some blocking finding has: on a
 * report of 300,000 findings, building every finding's key was the largest cost of every renderer.
 */
export function blockingTest(report: GateReport): (f: Finding) => boolean {
  const own = new Set<Finding>(report.verdict.blocking);
  const byTargetAndCode = new Map<string, Map<string, Finding[]>>();
  for (const b of report.verdict.blocking) {
    let codes = byTargetAndCode.get(b.target);
    if (codes === undefined) {
      codes = new Map();
      byTargetAndCode.set(b.target, codes);
    }
    const same = codes.get(b.code);
    if (same) same.push(b);
    else codes.set(b.code, [b]);
  }
  const keysOf = new Map<readonly Finding[], ReadonlySet<string>>();
  return (f) => {
    if (own.has(f)) return true;
    const same = byTargetAndCode.get(f.target)?.get(f.code);
    if (same === undefined) return false;
    let keys = keysOf.get(same);
    if (keys === undefined) {
      keys = new Set(same.map(findingKey));
      keysOf.set(same, keys);
    }
    return keys.has(findingKey(f));
  };
}

export function groupFindings(
  report: GateReport,
  isBlocking: (f: Finding) => boolean = blockingTest(report),
): FindingGroups {
  const nonBlocking: Finding[] = [];
  const suppressed: Finding[] = [];
  const existing: Finding[] = [];
  for (const f of report.findings) {
    if (f.suppressed) suppressed.push(f);
    else if (isBlocking(f)) continue;
    else if (f.isNew === false) existing.push(f);
    else nonBlocking.push(f);
  }
  return {
    blocking: sortForReport(report.verdict.blocking),
    nonBlocking: sortForReport(nonBlocking),
    suppressed: sortForReport(suppressed),
    existing: sortForReport(existing),
  };
}

/** Where a finding is, for humans: its location, else its policy's source. */
export interface Place {
  /** The file, when known. */
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
  /** Terraform resource address, when the policy came from a plan. */
  address?: string;
  /** The resource's attribute holding the policy (`assume_role_policy`, `inline_policy[1].policy`). */
  attribute?: string;
  /** JSON path inside the policy, e.g. Statement[0].Resource. */
  path?: string;
}

export type TargetIndex = ReadonlyMap<string, PolicyTarget>;

export function indexTargets(report: GateReport): TargetIndex {
  return new Map(report.targets.map((t) => [t.id, t]));
}

const isPositive = (n: number | undefined): n is number => Number.isSafeInteger(n) && (n ?? 0) >= 1;

/** What a place is worked out from: the policy (target id) and, when known, the location in it. */
export type Locatable = Pick<Finding, 'target' | 'location'>;

export function placeOf(f: Locatable, targets: TargetIndex): Place {
  const target = targets.get(f.target);
  const place: Place = {};
  if (target?.source.address) place.address = target.source.address;
  if (target?.source.attribute) place.attribute = target.source.attribute;
  const l = f.location;
  if (l) {
    // Locations are clamped where they enter (analyzers, cache); a line that is still no positive integer
    // is left out rather than written into SARIF or an annotation.
    place.file = l.file;
    if (isPositive(l.startLine)) {
      place.startLine = l.startLine;
      place.endLine = isPositive(l.endLine) ? Math.max(l.endLine, l.startLine) : l.startLine;
      if (isPositive(l.startColumn)) place.startColumn = l.startColumn;
      if (isPositive(l.endColumn)) place.endColumn = l.endColumn;
    }
    if (l.path) place.path = l.path;
  } else if (target) {
    place.file = target.source.file;
    if (target.source.line !== undefined) {
      place.startLine = target.source.line;
      place.endLine = target.source.line;
    }
  }
  return place;
}

/** The file a finding is grouped under: its place's file, else the target id. */
export function fileOf(f: Finding, targets: TargetIndex): string {
  return placeOf(f, targets).file ?? f.target;
}

/** Findings by the file they are grouped under, files in order of their first finding, order kept inside. */
export function groupByFile(
  findings: readonly Finding[],
  targets: TargetIndex,
): { file: string; findings: Finding[] }[] {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const file = fileOf(f, targets);
    const list = byFile.get(file);
    if (list) list.push(f);
    else byFile.set(file, [f]);
  }
  return [...byFile].map(([file, list]) => ({ file, findings: list }));
}

/**
 * `file:6-9` (style 'range', for Markdown) or `file:6:18` (style 'column', for terminals: column when known),
 * `file` without a line, or the fallback (the target id) when no file is known.
 */
export function placeText(place: Place, fallback: string, style: 'range' | 'column' = 'range'): string {
  if (!place.file) return fallback;
  if (place.startLine === undefined) return place.file;
  if (style === 'column') {
    return `${place.file}:${place.startLine}${place.startColumn !== undefined ? `:${place.startColumn}` : ''}`;
  }
  const end = place.endLine !== undefined && place.endLine > place.startLine ? `-${place.endLine}` : '';
  return `${place.file}:${place.startLine}${end}`;
}

/** `file:6:18 (module.app.aws_iam_policy.reader)`: where, for a terminal (untrusted: pass it through oneLine). */
export function terminalPlaceText(f: Locatable, targets: TargetIndex): string {
  const place = placeOf(f, targets);
  return placeText(place, f.target, 'column') + (place.address ? ` (${place.address})` : '');
}

/** The warnings max-warnings counts (unsuppressed, new), with the limit, when they exceed it. */
export function warningsOverLimit(report: GateReport, groups: FindingGroups): number | undefined {
  const max = report.thresholds.maxWarnings;
  if (max === undefined) return undefined;
  const n = [...groups.blocking, ...groups.nonBlocking].filter((f) => f.severity === 'WARNING').length;
  return n > max ? n : undefined;
}

/** How many distinct policies (targets) a list of findings touches. */
export function distinctTargets(findings: readonly Finding[]): number {
  return new Set(findings.map((f) => f.target)).size;
}
