// The Markdown pieces the sticky comment and the job summary share: verdict heading, what to do, counts, run
// line and notices (the findings themselves are finding-items.ts). Every untrusted string goes through
// markdown.ts.
import { POLICY_FILE_KINDS } from '../core/policy-file-kinds';
import { type Finding, type GateReport, SEVERITIES } from '../core/types';
import type { RenderContext } from './context';
import { safeHttpsUrl } from './links';
import { escapeMarkdown, link, plural, truncate } from './markdown';
import { countBySeverity, severityCounts, severityIcon, severityLabel } from './severity';
import {
  blockingTest,
  distinctTargets,
  type FindingGroups,
  groupFindings,
  indexTargets,
  type TargetIndex,
  warningsOverLimit,
} from './view';

/** Everything a Markdown renderer needs, computed once. */
export interface MarkdownView {
  report: GateReport;
  ctx: RenderContext;
  groups: FindingGroups;
  targets: TargetIndex;
  /** Whether a finding blocks (blockingTest). */
  isBlocking: (f: Finding) => boolean;
}

export function markdownView(report: GateReport, ctx: RenderContext): MarkdownView {
  const isBlocking = blockingTest(report);
  return {
    report,
    ctx,
    groups: groupFindings(report, isBlocking),
    targets: indexTargets(report),
    isBlocking,
  };
}

/** Untrusted messages and notices are cut to this many characters. */
export const MESSAGE_MAX = 300;

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

/** `3 not blocking: 2 warnings, 1 suggestion` */
export function groupSummary(label: string, findings: readonly Finding[]): string {
  const counts = severityCounts(countBySeverity(findings));
  return `${findings.length} ${label}${counts ? `: ${counts}` : ''}`;
}

/**
 * What leads the comment and the summary: the verdict and what to do about it, then the counts, how the run
 * went and its notices (at most `maxNotices`).
 */
export function headParts(v: MarkdownView, maxNotices: number): string[] {
  return [heading(v), todoLine(v), countsLine(v), runLine(v), noticesBlock(v.report.notices, maxNotices)];
}

/** `the [job summary](url)` when the run is known, else `the job summary of this run`. */
export function summaryPointer(ctx: RenderContext): string {
  const url = safeHttpsUrl(ctx.runUrl);
  return url ? link('job summary', url) : 'job summary of this run';
}
