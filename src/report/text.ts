// The CLI's report, read like a compiler's (docs/architecture.md section 6): one line per finding, grouped by file,
// `file:line:col SEVERITY CODE message`, suppressed findings dimmed with their reason, then the "Least
// privilege" block (least-privilege-text.ts), the notices and a one-line verdict. Colour only when asked;
// untrusted text is stripped of control characters and escape sequences.
import { compareText } from '../core/compare-text';
import { plural } from '../core/plural';
import type { Finding, GateReport } from '../core/types';
import { leastPrivilegeText } from './least-privilege-text';
import { type Palette, palette } from './palette';
import { oneLine } from './sanitize';
import { severityCounts } from './severity';
import {
  blockingTest,
  fileOf,
  groupFindings,
  indexTargets,
  terminalPlaceText,
  warningsOverLimit,
} from './view';

export interface TextOptions {
  color: boolean;
}

function findingLine(f: Finding, where: string, p: Palette, tag: string): string {
  const text = `${where} ${f.severity} ${oneLine(f.code)} ${oneLine(f.message)}`;
  if (f.suppressed) {
    const rule = f.suppressed.rule ? ` [${oneLine(f.suppressed.rule)}]` : '';
    return p.dim(`${text} (suppressed: ${oneLine(f.suppressed.reason)}${rule})`);
  }
  return `${p.bold(where)} ${p.severity[f.severity](f.severity)} ${oneLine(f.code)} ${oneLine(f.message)}${tag}`;
}

/** `✖ gate failed: 1 error, 2 warnings in 4 policies (fail-on: ERROR, SECURITY_WARNING)` */
function verdictLine(report: GateReport, p: Palette, isBlocking: (f: Finding) => boolean): string {
  const { verdict, thresholds } = report;
  const counts = severityCounts(verdict.counts) || 'no findings';
  const extra: string[] = [];
  if (verdict.counts.suppressed > 0) extra.push(`${verdict.counts.suppressed} suppressed`);
  if (verdict.counts.existing > 0) extra.push(`${verdict.counts.existing} already on the base branch`);
  const policies = plural(report.targets.length, 'policy', 'policies');
  const failOn = thresholds.failOn.length > 0 ? thresholds.failOn.join(', ') : 'nothing';
  const limits = [`fail-on: ${failOn}`];
  if (thresholds.maxWarnings !== undefined) limits.push(`max-warnings: ${thresholds.maxWarnings}`);
  const body = `${[counts, ...extra].join(', ')} in ${policies} (${limits.join('; ')})`;
  if (verdict.result === 'pass') return p.green(`✔ gate passed: ${body}`);
  const over =
    thresholds.maxWarnings === undefined
      ? undefined
      : warningsOverLimit(report, groupFindings(report, isBlocking));
  const why =
    over !== undefined ? `; ${plural(over, 'warning')} over max-warnings ${thresholds.maxWarnings}` : '';
  return p.red(p.bold(`✖ gate failed: ${body}${why}`));
}

/** The whole text report, ending in a newline. */
export function renderText(report: GateReport, opts: TextOptions): string {
  const p = palette(opts.color);
  const targets = indexTargets(report);
  const isBlocking = blockingTest(report);
  const byFile = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const file = fileOf(f, targets);
    const list = byFile.get(file);
    if (list) list.push(f);
    else byFile.set(file, [f]);
  }
  const blocks: string[] = [];
  for (const [, findings] of [...byFile.entries()].sort(([a], [b]) => compareText(a, b))) {
    const sorted = [...findings].sort(
      (a, b) =>
        (a.location?.startLine ?? 0) - (b.location?.startLine ?? 0) ||
        (a.location?.startColumn ?? 0) - (b.location?.startColumn ?? 0) ||
        Number(!!a.suppressed) - Number(!!b.suppressed),
    );
    const lines = sorted.map((f) => {
      // In a document embedded in a plan or template, the line may hold several statements: the path tells
      // which (`aws_s3_bucket_policy.x ... at Statement[1]`).
      const path = targets.get(f.target)?.source.address !== undefined ? f.location?.path : undefined;
      const where = oneLine(terminalPlaceText(f, targets));
      const tag = f.isNew === false && !isBlocking(f) ? p.dim(' (already on the base branch)') : '';
      return findingLine(path ? { ...f, message: `${f.message} (at ${path})` } : f, where, p, tag);
    });
    blocks.push(lines.join('\n'));
  }
  const leastPrivilege = leastPrivilegeText(report, targets, p);
  if (leastPrivilege) blocks.push(leastPrivilege);
  for (const notice of report.notices) blocks.push(`${p.bold('note:')} ${oneLine(notice)}`);
  blocks.push(verdictLine(report, p, isBlocking));
  return `${blocks.join('\n\n')}\n`;
}
