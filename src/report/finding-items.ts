// How findings read in the sticky comment and the job summary (issue 15): one list item per finding, readable
// in full at GitHub's comment width (about 780 px), where a five-column table pushed the message off screen.
// The severity and code on one line, the message beneath, then where: a link to the line on the PR head and,
// for Terraform, the resource address and attribute. Findings are shown per file, the files with blocking
// findings first and open, the others collapsed. Every untrusted string goes through markdown.ts.
import type { Finding } from '../core/types';
import { blobUrl, safeDocsUrl } from './links';
import { details, escapeMarkdown, hardLines, inlineCode, link, truncate } from './markdown';
import { groupSummary, type MarkdownView, MESSAGE_MAX } from './sections';
import { countBySeverity, severityCounts, severityIcon } from './severity';
import { groupByFile, type Locatable, placeOf, placeText, warningsOverLimit } from './view';

const REASON_MAX = 200;

/** A list item's continuation lines are indented under its text. */
const INDENT = '  ';

/**
 * No item of a finding list is shorter than this (the bullet, the severity in bold, the code and a line
 * break): a list of n findings takes at least n times this, so a renderer with a size limit can tell that a
 * list cannot fit without rendering every item of it (300,000 findings, say).
 */
export const MIN_FINDING_ITEM_CHARS = 16;

/** Whether `items` finding items certainly exceed `max` characters. */
export function itemsCannotFit(items: number, max: number): boolean {
  return items * MIN_FINDING_ITEM_CHARS > max;
}

/** `🔴 **ERROR** <code>INVALID_ACTION</code>`, and a note such as `not blocking`. */
function headline(f: Finding, note?: string): string {
  const text = `${severityIcon(f.severity)} **${escapeMarkdown(f.severity)}** ${inlineCode(f.code)}`;
  return note ? `${text} · ${note}` : text;
}

/** The message, shortened, and a docs link when it points at AWS's documentation. */
function messageLine(f: Finding): string {
  const docs = safeDocsUrl(f.learnMoreLink);
  const message = escapeMarkdown(truncate(f.message, MESSAGE_MAX));
  return docs ? `${message} ${link('docs', docs)}` : message;
}

/** `file:line` linked to the line on the PR head, then the resource, the attribute and the JSON path. */
export function whereLine(v: MarkdownView, f: Locatable): string {
  const place = placeOf(f, v.targets);
  const text = inlineCode(placeText(place, f.target));
  const url =
    place.file && place.startLine !== undefined
      ? blobUrl(v.ctx, place.file, place.startLine, place.endLine ?? place.startLine)
      : undefined;
  const parts = [url ? link(text, url) : text];
  if (place.address) parts.push(`resource ${inlineCode(place.address)}`);
  if (place.attribute) parts.push(`attribute ${inlineCode(place.attribute)}`);
  if (place.path) parts.push(`at ${inlineCode(place.path)}`);
  return parts.join(' · ');
}

/**
 * One list item, its lines joined by backslash hard line breaks. github.com renders them: the GitHub Flavored
 * Markdown spec (0.29-gfm), section 6.12 "Hard line breaks" (section 6.7 in CommonMark 0.31, which GFM
 * numbers differently for its extensions), "a backslash before the line ending may be used instead of two
 * or more spaces". Unlike trailing spaces, an editor or a trimmed line cannot drop it. The spec's limits hold
 * here: the last line takes none (a backslash ending a block is literal), and a backslash the message itself
 * ends with was escaped (escapeMarkdown), so it does not combine with the break.
 */
function item(lines: readonly string[]): string {
  return `- ${hardLines(lines, INDENT)}`;
}

/** Items of a loose list: a blank line between findings, so each stands apart. */
function list(items: readonly string[]): string {
  return items.join('\n\n');
}

/**
 * The items already written for a view, by kind of list (and note) and finding: the job summary renders
 * again with fewer findings when it is over its size limit (twice more for a report of 10,000 findings), and
 * a finding's item is the same text each time.
 */
const itemsWritten = new WeakMap<MarkdownView, Map<string, Map<Finding, string>>>();

function itemOf(v: MarkdownView, kind: string, f: Finding, write: () => string): string {
  let kinds = itemsWritten.get(v);
  if (kinds === undefined) {
    kinds = new Map();
    itemsWritten.set(v, kinds);
  }
  let items = kinds.get(kind);
  if (items === undefined) {
    items = new Map();
    kinds.set(kind, items);
  }
  let text = items.get(f);
  if (text === undefined) {
    text = write();
    items.set(f, text);
  }
  return text;
}

/** One item per finding: headline, message, where. */
export function findingList(v: MarkdownView, findings: readonly Finding[], note?: string): string {
  return list(
    findings.map((f) =>
      itemOf(v, `finding ${note ?? ''}`, f, () => item([headline(f, note), messageLine(f), whereLine(v, f)])),
    ),
  );
}

/** Suppressed findings with the ignore rule's reason in place of the message. */
export function suppressedList(v: MarkdownView, findings: readonly Finding[]): string {
  return list(
    findings.map((f) =>
      itemOf(v, 'suppressed', f, () => {
        const reason = escapeMarkdown(truncate(f.suppressed?.reason ?? '', REASON_MAX));
        const rule = f.suppressed?.rule
          ? ` (rule ${inlineCode(truncate(f.suppressed.rule, REASON_MAX))})`
          : '';
        return item([headline(f), `Suppressed: ${reason}${rule}`, whereLine(v, f)]);
      }),
    ),
  );
}

interface FileFindings {
  file: string;
  blocking: Finding[];
  other: Finding[];
}

/** The findings of each file, split into blocking and not; the files with most blocking findings first. */
function byFile(v: MarkdownView, findings: readonly Finding[]): FileFindings[] {
  return groupByFile(findings, v.targets)
    .map(({ file, findings: all }) => {
      const group: FileFindings = { file, blocking: [], other: [] };
      for (const f of all) (v.isBlocking(f) ? group.blocking : group.other).push(f);
      return group;
    })
    .sort(
      (a, b) =>
        b.blocking.length - a.blocking.length || a.file.localeCompare(b.file, 'en', { numeric: true }),
    );
}

/**
 * A `<details>` per file, summary `<code>file</code> · 1 blocking: 1 error · 2 not blocking: …`: open when it
 * holds a blocking finding (those files first), collapsed when it holds none.
 */
export function fileSections(v: MarkdownView, findings: readonly Finding[]): string {
  // Over max-warnings, the warnings are what fails the gate: their files are open (and first) too.
  const warningsFail = warningsOverLimit(v.report, v.groups) !== undefined;
  const opens = ({ blocking, other }: FileFindings) =>
    blocking.length > 0 || (warningsFail && other.some((f) => f.severity === 'WARNING'));
  return byFile(v, findings)
    .sort((a, b) => Number(opens(b)) - Number(opens(a)))
    .map((group) => {
      const { file, blocking, other } = group;
      const counts = [
        blocking.length > 0 ? groupSummary('blocking', blocking) : '',
        other.length > 0 ? groupSummary('not blocking', other) : '',
      ].filter((c) => c !== '');
      const body = [
        blocking.length > 0 ? findingList(v, blocking) : '',
        // In a file that also blocks, say which of its findings do not.
        other.length > 0 ? findingList(v, other, blocking.length > 0 ? 'not blocking' : undefined) : '',
      ].filter((b) => b !== '');
      return details(`${inlineCode(file)} · ${counts.join(' · ')}`, list(body), opens(group));
    })
    .join('\n\n');
}

/** One line of counts per file (blocking first), for the shortest form of a report. */
export function perFileLines(v: MarkdownView): string[] {
  return byFile(v, v.report.findings).map(({ file, blocking, other }) => {
    const unsuppressed = countBySeverity(other.filter((f) => !f.suppressed).concat(blocking));
    const suppressed = other.filter((f) => f.suppressed).length;
    const parts = [`${blocking.length} blocking`, severityCounts(unsuppressed)];
    if (suppressed > 0) parts.push(`${suppressed} suppressed`);
    return `- ${inlineCode(file)}: ${parts.filter((p) => p !== '').join(' · ')}`;
  });
}
