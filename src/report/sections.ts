// The Markdown pieces the sticky comment and the job summary share: verdict heading, run line, counts,
// notices and the finding tables. Every untrusted string goes through markdown.ts.
import { POLICY_FILE_KINDS } from '../core/policy-file-kinds';
import { type Finding, type GateReport, SEVERITIES, type Severity } from '../core/types';
import type { RenderContext } from './context';
import { blobUrl, safeDocsUrl, safeHttpsUrl } from './links';
import { escapeMarkdown, inlineCode, link, plural, table, truncate } from './markdown';
import { countBySeverity, severityCounts, severityIcon, severityLabel } from './severity';
import {
  distinctTargets,
  type FindingGroups,
  fileOf,
  findingKey,
  groupFindings,
  indexTargets,
  placeOf,
  placeText,
  type TargetIndex,
  warningsOverLimit,
} from './view';

/** Everything a Markdown renderer needs, computed once. */
export interface MarkdownView {
  report: GateReport;
  ctx: RenderContext;
  groups: FindingGroups;
  targets: TargetIndex;
}

export function markdownView(report: GateReport, ctx: RenderContext): MarkdownView {
  return { report, ctx, groups: groupFindings(report), targets: indexTargets(report) };
}

const MESSAGE_MAX = 300;
const REASON_MAX = 200;

function policiesPhrase(report: GateReport): string {
  return plural(report.targets.length, 'policy', 'policies');
}

/** `### ❌ IAM policy gate failed: 2 blocking findings in 1 of 14 policies` */
export function heading(v: MarkdownView): string {
  const { report, groups } = v;
  if (report.verdict.result === 'fail') {
    const n = groups.blocking.length;
    const affected = distinctTargets(groups.blocking);
    const total = report.targets.length;
    const where =
      affected <= total ? `in ${affected} of ${policiesPhrase(report)}` : `in ${plural(affected, 'file')}`;
    const over = warningsOverLimit(report, groups);
    const maxWarnings = `${plural(over ?? 0, 'warning')} over max-warnings ${report.thresholds.maxWarnings}`;
    const what =
      n > 0
        ? `${plural(n, 'blocking finding')} ${where}`
        : over !== undefined
          ? maxWarnings
          : escapeMarkdown(report.verdict.reasons.join('; ') || 'see the job summary');
    return `### ❌ IAM policy gate failed: ${what}`;
  }
  if (report.findings.length === 0)
    return `### ✅ IAM policy gate passed: no findings in ${policiesPhrase(report)}`;
  return `### ✅ IAM policy gate passed: nothing blocking in ${policiesPhrase(report)}`;
}

function analyzerText(report: GateReport): string {
  const a = report.analyzer;
  const name =
    a.kind === 'aws'
      ? `AWS IAM Access Analyzer${a.region ? ` (${escapeMarkdown(a.region)})` : ''}`
      : 'local analyzer (offline)';
  return a.why ? `${name}, ${escapeMarkdown(truncate(a.why, 200))}` : name;
}

function scannedText(report: GateReport): string {
  const count = (kind: string) => report.files.filter((f) => f.kind === kind).length;
  // The files of the first kind (policy files) are "files"; every other kind is named when it has some.
  const [first, ...others] = POLICY_FILE_KINDS;
  const parts = [policiesPhrase(report), plural(count(first.kind), 'file')];
  for (const kind of others) {
    const n = count(kind.kind);
    if (n > 0) parts.push(plural(n, ...kind.label));
  }
  const unreadable = count('unreadable');
  if (unreadable > 0) parts.push(`${unreadable} unreadable`);
  return parts.join(', ');
}

/** `Analyzer: … · fail-on: ERROR, SECURITY_WARNING · max-warnings: 5 · 14 policies, 3 files` */
export function runLine(v: MarkdownView): string {
  const { thresholds } = v.report;
  const failOn = thresholds.failOn.length > 0 ? thresholds.failOn.join(', ') : 'nothing';
  const parts = [`Analyzer: ${analyzerText(v.report)}`, `fail-on: ${escapeMarkdown(failOn)}`];
  if (thresholds.maxWarnings !== undefined) parts.push(`max-warnings: ${thresholds.maxWarnings}`);
  parts.push(scannedText(v.report));
  return parts.join(' · ');
}

/** `Findings: 🔴 1 error · 🟡 3 warnings · 2 suppressed · 1 already on the base branch`, or '' for none. */
export function countsLine(v: MarkdownView): string {
  const { counts } = v.report.verdict;
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map(
    (s) => `${severityIcon(s)} ${plural(counts[s], severityLabel(s))}`,
  );
  if (counts.suppressed > 0) parts.push(`${counts.suppressed} suppressed`);
  if (counts.existing > 0) parts.push(`${counts.existing} already on the base branch`);
  return parts.length > 0 ? `**Findings:** ${parts.join(' · ')}` : '';
}

/** What the reader should do about a failed gate; '' on a pass. */
export function todoLine(v: MarkdownView): string {
  const { report, groups } = v;
  if (report.verdict.result === 'pass') return '';
  const steps: string[] = [];
  if (groups.blocking.length > 0) {
    steps.push(
      'fix the blocking findings below and push, or, if a finding is accepted, add an `ignore` rule with ' +
        'a `reason` to the gate’s config file (`.github/iam-policy-gate.yml` by default)',
    );
  }
  const over = warningsOverLimit(report, groups);
  if (over !== undefined) {
    steps.push(
      `bring the ${plural(over, 'warning')} down to ${report.thresholds.maxWarnings} (max-warnings)`,
    );
  }
  if (steps.length === 0) return '';
  const text = steps.join('; ');
  return `**To pass:** ${text}.`;
}

/** The run's notices as a GitHub note; at most `max` of them. */
export function noticesBlock(notices: readonly string[], max: number): string {
  if (notices.length === 0) return '';
  const shown = notices.slice(0, max).map((n) => `> - ${escapeMarkdown(truncate(n, MESSAGE_MAX))}`);
  if (notices.length > max) shown.push(`> - … and ${notices.length - max} more (see the job summary)`);
  return ['> [!NOTE]', ...shown].join('\n');
}

/** The "Where" cell: the resource address, then `file:line` linked to the line on the PR head. */
export function whereCell(v: MarkdownView, f: Finding): string {
  const place = placeOf(f, v.targets);
  const parts: string[] = [];
  if (place.address) parts.push(inlineCode(place.address));
  const text = inlineCode(placeText(place, f.target));
  const url =
    place.file && place.startLine !== undefined
      ? blobUrl(v.ctx, place.file, place.startLine, place.endLine ?? place.startLine)
      : undefined;
  parts.push(url ? link(text, url) : text);
  return parts.join(' ');
}

/** The "What" cell: the message, shortened, and a docs link when it points at AWS's documentation. */
export function whatCell(f: Finding): string {
  const docs = safeDocsUrl(f.learnMoreLink);
  const message = escapeMarkdown(truncate(f.message, MESSAGE_MAX));
  return docs ? `${message} ${link('docs', docs)}` : message;
}

/**
 * No row of findingsTable or suppressedTable is shorter than this (its cell separators, the severity name
 * and the line break): a table of n rows takes at least n times this, so a renderer with a size limit can
 * tell that a list cannot fit without rendering every row of it (300,000 findings, say).
 */
export const MIN_FINDING_ROW_CHARS = 16;

/** Whether `rows` rows of a findings table certainly exceed `max` characters. */
export function rowsCannotFit(rows: number, max: number): boolean {
  return rows * MIN_FINDING_ROW_CHARS > max;
}

/** One row per finding: icon, severity, code, where, what. */
export function findingsTable(v: MarkdownView, findings: readonly Finding[]): string {
  return table(
    ['', 'Severity', 'Code', 'Where', 'What'],
    findings.map((f) => [
      severityIcon(f.severity),
      escapeMarkdown(f.severity),
      escapeMarkdown(f.code),
      whereCell(v, f),
      whatCell(f),
    ]),
  );
}

/** Suppressed findings with the ignore rule's reason. */
export function suppressedTable(v: MarkdownView, findings: readonly Finding[]): string {
  return table(
    ['Severity', 'Code', 'Where', 'Reason'],
    findings.map((f) => {
      const reason = escapeMarkdown(truncate(f.suppressed?.reason ?? '', REASON_MAX));
      const rule = f.suppressed?.rule ? ` (rule ${inlineCode(truncate(f.suppressed.rule, REASON_MAX))})` : '';
      return [escapeMarkdown(f.severity), escapeMarkdown(f.code), whereCell(v, f), `${reason}${rule}`];
    }),
  );
}

/** `3 not blocking: 2 warnings, 1 suggestion` */
export function groupSummary(label: string, findings: readonly Finding[]): string {
  const counts = severityCounts(countBySeverity(findings));
  return `${findings.length} ${label}${counts ? `: ${counts}` : ''}`;
}

/** Rows of counts per file (blocking first), for the shortest form of a report. */
export function perFileRows(v: MarkdownView): string[][] {
  const blockingKeys = new Set(v.groups.blocking.map(findingKey));
  const byFile = new Map<string, { blocking: number; suppressed: number } & Record<Severity, number>>();
  for (const f of v.report.findings) {
    const file = fileOf(f, v.targets);
    const row = byFile.get(file) ?? { blocking: 0, suppressed: 0, ...countBySeverity([]) };
    byFile.set(file, row);
    if (f.suppressed) row.suppressed += 1;
    else row[f.severity] += 1;
    if (blockingKeys.has(findingKey(f))) row.blocking += 1;
  }
  return [...byFile.entries()]
    .sort(([a, x], [b, y]) => y.blocking - x.blocking || a.localeCompare(b, 'en', { numeric: true }))
    .map(([file, row]) => [
      inlineCode(file),
      String(row.blocking),
      ...SEVERITIES.map((s) => String(row[s])),
      String(row.suppressed),
    ]);
}

export const PER_FILE_HEADERS: readonly string[] = [
  'File',
  'Blocking',
  ...SEVERITIES.map((s) => escapeMarkdown(s)),
  'Suppressed',
];

/** `the [job summary](url)` when the run is known, else `the job summary of this run`. */
export function summaryPointer(ctx: RenderContext): string {
  const url = safeHttpsUrl(ctx.runUrl);
  return url ? link('job summary', url) : 'job summary of this run';
}
