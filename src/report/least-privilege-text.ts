// The "Least privilege" block of the CLI's text report (docs/architecture.md section 6): the figures of the
// Markdown section (least-privilege-view.ts), plain and indented under one heading, lists capped. Untrusted
// text goes through oneLine; the CLI's output edge keeps a line from being a workflow command.
import type { GateReport, LeastPrivilegeEntry } from '../core/types';
import * as view from './least-privilege-view';
import { plural } from './markdown';
import type { Palette } from './palette';
import { oneLine } from './sanitize';
import { type TargetIndex, terminalPlaceText } from './view';

const MAX = { from: 5, services: 15, statements: 20, actions: 20 };
const PRINCIPALS_MAX = 100;

const plain = (s: string) => oneLine(s);

function entryLines(e: LeastPrivilegeEntry, targets: TargetIndex, p: Palette): string[] {
  const from = e.from.length > 0 ? `, changed by ${view.cappedList(e.from, MAX.from, plain)}` : '';
  const head = `  ${p.bold(oneLine(e.arn))} (${view.kindText(e.kind)})${from}`;
  if (e.status !== 'available')
    return [head, `    ${view.NO_USAGE_DATA}: ${oneLine(e.reason ?? 'not given')}`];
  const within = `within ${plural(e.days, 'day')}`;
  const lines = [head, `    ${view.figuresText(e, p.bold)}`];
  if (e.servicesNeverUsed.length > 0) {
    lines.push(
      `    services not used ${within} (${e.servicesNeverUsed.length}): ${view.cappedList(e.servicesNeverUsed, MAX.services, plain)}`,
    );
  }
  if (e.serviceLevel.length > 0) {
    lines.push(
      `    judged per service only (${e.serviceLevel.length}): ${view.cappedList(e.serviceLevel, MAX.services, plain)}: ${view.SERVICE_LEVEL_FACT}`,
    );
  }
  if (e.addedUnused.length > 0) {
    lines.push(`    ${p.severity.WARNING(`added by this change and not used ${within}:`)}`);
    for (const s of e.addedUnused.slice(0, MAX.statements)) {
      const where = oneLine(terminalPlaceText(s, targets));
      lines.push(
        `      ${where} statement ${oneLine(s.statement)}: ${view.cappedList(s.actions, MAX.actions, plain)}`,
      );
    }
    const more = e.addedUnused.length - MAX.statements;
    if (more > 0) lines.push(`      … and ${plural(more, 'more statement')}`);
  }
  if (e.notCounted > 0) lines.push(`    ${view.notCountedText(e.notCounted)}`);
  if (e.suggested) {
    lines.push(`    suggested policy (in --format json): ${oneLine(e.suggested.derivation)}`);
  }
  return lines;
}

/** The block, or '' when the report has no least-privilege entries. */
export function leastPrivilegeText(report: GateReport, targets: TargetIndex, p: Palette): string {
  const entries = view.orderEntries(report.leastPrivilege ?? []);
  if (entries.length === 0) return '';
  const asOf = view.dataAsOfText(entries);
  const lines = [
    p.bold('Least privilege'),
    ...(asOf ? [`  IAM's last-accessed data as of ${asOf}. ${view.IAM_FACTS}`] : []),
  ];
  for (const e of entries.slice(0, PRINCIPALS_MAX)) lines.push(...entryLines(e, targets, p));
  if (entries.length > PRINCIPALS_MAX) {
    lines.push(`  … and ${plural(entries.length - PRINCIPALS_MAX, 'more principal')} (in --format json)`);
  }
  return lines.join('\n');
}
