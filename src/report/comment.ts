// The sticky PR comment (docs/architecture.md section 6): verdict first, what to do, the blocking findings, then the
// rest collapsed. Rendered against a budget: all findings -> blocking only -> counts per file, always
// pointing to the job summary when something was left out. The marker is the last line.
import type { GateReport } from '../core/types';
import { DEFAULT_COMMENT_MAX_CHARS, type RenderContext } from './context';
import { details, plural, table } from './markdown';
import {
  countsLine,
  findingsTable,
  groupSummary,
  heading,
  type MarkdownView,
  markdownView,
  noticesBlock,
  PER_FILE_HEADERS,
  perFileRows,
  rowsCannotFit,
  runLine,
  summaryPointer,
  suppressedTable,
  todoLine,
} from './sections';

const MAX_NOTICES = 10;

function join(parts: readonly string[]): string {
  return parts.filter((p) => p !== '').join('\n\n');
}

function head(v: MarkdownView): string[] {
  return [heading(v), runLine(v), countsLine(v), todoLine(v), noticesBlock(v.report.notices, MAX_NOTICES)];
}

function blockingSection(v: MarkdownView): string {
  return v.groups.blocking.length > 0 ? findingsTable(v, v.groups.blocking) : '';
}

function fullBody(v: MarkdownView): string[] {
  const { nonBlocking, suppressed, existing } = v.groups;
  const parts = [blockingSection(v)];
  if (nonBlocking.length > 0) {
    parts.push(details(groupSummary('not blocking', nonBlocking), findingsTable(v, nonBlocking)));
  }
  if (suppressed.length > 0) {
    parts.push(details(groupSummary('suppressed', suppressed), suppressedTable(v, suppressed)));
  }
  if (existing.length > 0) {
    const body = `These findings are unchanged from the base branch, so they do not block (new-only).\n\n${findingsTable(v, existing)}`;
    parts.push(details(groupSummary('already on the base branch', existing), body));
  }
  if (v.report.findings.length > 0 && v.ctx.runUrl) {
    parts.push(`Every finding and the files scanned are in the ${summaryPointer(v.ctx)}.`);
  }
  return parts;
}

function blockingOnlyBody(v: MarkdownView): string[] {
  const { nonBlocking, suppressed, existing } = v.groups;
  const left: string[] = [];
  if (nonBlocking.length > 0) left.push(groupSummary('not blocking', nonBlocking));
  if (suppressed.length > 0) left.push(`${suppressed.length} suppressed`);
  if (existing.length > 0) left.push(`${existing.length} already on the base branch`);
  const note =
    `⚠️ Shortened to stay under GitHub's size limit; not listed here: ${left.join('; ')}. ` +
    `Every finding is in the ${summaryPointer(v.ctx)}.`;
  return [blockingSection(v), left.length > 0 ? note : ''];
}

/** The table of counts per file with as many rows as fit in `budget` characters. */
function perFileBody(v: MarkdownView, budget: number): string[] {
  const note =
    `⚠️ Too many findings to list here (GitHub's size limit): counts per file below. ` +
    `Every finding is in the ${summaryPointer(v.ctx)}.`;
  const rows = perFileRows(v);
  let size = note.length + table(PER_FILE_HEADERS, [[]]).length + 200; // header and the "more" line
  let shown = 0;
  for (const row of rows) {
    const rowSize = row.join(' | ').length + 5;
    if (size + rowSize > budget) break;
    size += rowSize;
    shown += 1;
  }
  const more = rows.length > shown ? `… and ${plural(rows.length - shown, 'more file')}.` : '';
  return [note, table(PER_FILE_HEADERS, rows.slice(0, shown)), more];
}

/** The sticky comment's body, at most `ctx.maxChars` (default 60,000) characters. */
export function renderComment(report: GateReport, ctx: RenderContext): string {
  const max = ctx.maxChars ?? DEFAULT_COMMENT_MAX_CHARS;
  const v = markdownView(report, ctx);
  const headParts = head(v);
  const withMarker = (parts: readonly string[]) => `${join([...headParts, ...parts])}\n\n${ctx.marker}`;

  const { blocking, nonBlocking, suppressed, existing } = v.groups;
  const bodies = [
    { body: fullBody, rows: blocking.length + nonBlocking.length + suppressed.length + existing.length },
    { body: blockingOnlyBody, rows: blocking.length },
  ];
  for (const { body, rows } of bodies) {
    if (rowsCannotFit(rows, max)) continue;
    const text = withMarker(body(v));
    if (text.length <= max) return text;
  }
  const fixed = withMarker([]).length;
  const text = withMarker(perFileBody(v, max - fixed));
  if (text.length <= max) return text;
  // Last resort (a tiny budget): the verdict, the pointer and the marker.
  return `${heading(v)}\n\nThe report is in the ${summaryPointer(ctx)}.\n\n${ctx.marker}`;
}
