// The sticky PR comment (docs/architecture.md section 6): the verdict and what to do first, then the findings
// per file (finding-items.ts: files with blocking findings open, the others collapsed), then the suppressed
// and the already-existing ones collapsed. Rendered against a budget: all findings -> blocking only -> counts
// per file, always pointing to the job summary when something was left out. The least-privilege section
// (least-privilege.ts) follows the findings and shrinks first. The marker is the last line.
import type { GateReport } from '../core/types';
import { DEFAULT_COMMENT_MAX_CHARS, type RenderContext } from './context';
import { fileSections, findingList, itemsCannotFit, perFileLines, suppressedList } from './finding-items';
import { LEAST_PRIVILEGE_LEVELS, type LeastPrivilegeLevel, leastPrivilegeSection } from './least-privilege';
import { details, plural } from './markdown';
import {
  groupSummary,
  heading,
  headParts,
  type MarkdownView,
  markdownView,
  summaryPointer,
} from './sections';

const MAX_NOTICES = 10;

function join(parts: readonly string[]): string {
  return parts.filter((p) => p !== '').join('\n\n');
}

function fullBody(v: MarkdownView): string[] {
  const { blocking, nonBlocking, suppressed, existing } = v.groups;
  const parts = [fileSections(v, [...blocking, ...nonBlocking])];
  if (suppressed.length > 0) {
    parts.push(details(groupSummary('suppressed', suppressed), suppressedList(v, suppressed)));
  }
  if (existing.length > 0) {
    const body = `These findings are unchanged from the base branch, so they do not block (new-only).\n\n${findingList(v, existing)}`;
    parts.push(details(groupSummary('already on the base branch', existing), body));
  }
  if (v.report.findings.length > 0 && v.ctx.runUrl) {
    parts.push(`Every finding and the files scanned are in the ${summaryPointer(v.ctx)}.`);
  }
  return parts;
}

function blockingOnlyBody(v: MarkdownView): string[] {
  const { blocking, nonBlocking, suppressed, existing } = v.groups;
  const left: string[] = [];
  if (nonBlocking.length > 0) left.push(groupSummary('not blocking', nonBlocking));
  if (suppressed.length > 0) left.push(`${suppressed.length} suppressed`);
  if (existing.length > 0) left.push(`${existing.length} already on the base branch`);
  const note =
    `⚠️ Shortened to stay under GitHub's size limit; not listed here: ${left.join('; ')}. ` +
    `Every finding is in the ${summaryPointer(v.ctx)}.`;
  return [fileSections(v, blocking), left.length > 0 ? note : ''];
}

/** The counts per file, as many files as fit in `budget` characters. */
function perFileBody(v: MarkdownView, budget: number): string[] {
  const note =
    `⚠️ Too many findings to list here (GitHub's size limit): counts per file below. ` +
    `Every finding is in the ${summaryPointer(v.ctx)}.`;
  const lines = perFileLines(v);
  let size = note.length + 200; // the blank lines and the "more" line
  let shown = 0;
  for (const line of lines) {
    if (size + line.length + 1 > budget) break;
    size += line.length + 1;
    shown += 1;
  }
  const more = lines.length > shown ? `… and ${plural(lines.length - shown, 'more file')}.` : '';
  return [note, lines.slice(0, shown).join('\n'), more];
}

/** The sticky comment's body, at most `ctx.maxChars` (default 60,000) characters. */
export function renderComment(report: GateReport, ctx: RenderContext): string {
  const max = ctx.maxChars ?? DEFAULT_COMMENT_MAX_CHARS;
  const v = markdownView(report, ctx);
  const head = headParts(v, MAX_NOTICES);
  const withMarker = (parts: readonly string[]) => `${join([...head, ...parts])}\n\n${ctx.marker}`;
  const where = { rest: `the ${summaryPointer(ctx)} and the JSON report (\`report-json\` output)` };
  const leastPrivilege = (level: LeastPrivilegeLevel) => leastPrivilegeSection(v, level, where);
  // The least-privilege section is advisory: it shrinks to a pointer before any finding is left out.
  const levels = report.leastPrivilege?.length ? LEAST_PRIVILEGE_LEVELS : (['full'] as const);

  const { blocking, nonBlocking, suppressed, existing } = v.groups;
  const bodies = [
    {
      body: fullBody,
      items: blocking.length + nonBlocking.length + suppressed.length + existing.length,
      levels,
    },
    { body: blockingOnlyBody, items: blocking.length, levels: levels.slice(-2) },
  ];
  for (const { body, items, levels: tried } of bodies) {
    if (itemsCannotFit(items, max)) continue;
    const parts = body(v);
    for (const level of tried) {
      const text = withMarker([...parts, leastPrivilege(level)]);
      if (text.length <= max) return text;
    }
  }
  const pointer = leastPrivilege('pointer');
  const fixed = withMarker([pointer]).length;
  const text = withMarker([...perFileBody(v, max - fixed), pointer]);
  if (text.length <= max) return text;
  // Last resort (a tiny budget): the verdict, the pointer and the marker.
  return `${heading(v)}\n\nThe report is in the ${summaryPointer(ctx)}.\n\n${ctx.marker}`;
}
