// Safe Markdown building blocks for untrusted text. File names, policy text and AWS messages come from a
// pull request's author: they must not inject links, images, HTML, mentions, issue references, math or
// table breaks into a comment the gate posts with its own token.

import { oneLine } from './sanitize';

const ZWSP = '\u200B';

/**
 * One line of plain text that GitHub's renderer cannot turn into anything active: controls dropped,
 * line breaks folded into spaces, and a zero-width space after `@` (no mention of a user or `@org/team`, no
 * e-mail autolink, no `owner/repo@sha` link), inside `://` and after `www` (no URL autolink), after `#`
 * before a digit (no `#12` or `owner/repo#12` reference) and after `GH-` before a digit, in any case (no
 * `GH-12` reference). References notify people or put a cross-link into another issue's timeline. A bare
 * commit SHA is left alone: it only links to a commit of this repository, notifies no one, and breaking
 * every hex run would break account ids and key ids copied from the comment.
 */
function neutralize(text: string): string {
  return oneLine(text)
    .replace(/@/g, `@${ZWSP}`)
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZWSP}.`)
    .replace(/#(?=\d)/g, `#${ZWSP}`)
    .replace(/(?<![A-Za-z0-9_])(gh-)(?=\d)/gi, `$1${ZWSP}`);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/**
 * Untrusted text for prose and table cells. HTML and the table's `|` become entities; Markdown's active
 * punctuation is backslash-escaped (`_` only where it could start or end emphasis, so CODES stay readable);
 * a leading list or heading marker is escaped. Truncate before escaping, never after.
 */
export function escapeMarkdown(text: string): string {
  return neutralize(text)
    .replace(/[&<>"]/g, (c) => HTML_ENTITIES[c] ?? c)
    .replace(/\|/g, '&#124;')
    .replace(/[\\`*[\]()!~${}]/g, '\\$&')
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_')
    .replace(/^(\s*)([-+=#]|\d+(?=[.)]))/, '$1\\$2');
}

/**
 * Untrusted text as inline code that cannot be broken out of: `<code>` with every character that HTML,
 * Markdown or a table could act on written as an entity (backtick fences break inside table cells).
 */
export function inlineCode(text: string): string {
  const body = neutralize(text)
    .replace(/[&<>"|\\`*[\]!~$]/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '&#95;');
  return `<code>${body}</code>`;
}

/** At most `max` characters (UTF-16 units), cut on a code point boundary, with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1; // do not split a surrogate pair
  return `${text.slice(0, end)}…`;
}

/** A Markdown link from already escaped text and a URL that came through `links.ts`. */
export function link(escapedText: string, safeUrl: string): string {
  return `[${escapedText}](${safeUrl})`;
}

/** A GFM table; cells must already be escaped. Empty string for no rows. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * A collapsible section, collapsed unless `open`. The summary is HTML (escape it with `inlineCode` or keep it
 * to trusted text: Markdown is not parsed there); the body is Markdown (blank lines around it so it renders).
 */
export function details(summary: string, body: string, open = false): string {
  return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

/** Lines of one paragraph or list item, each on its own line (CommonMark's backslash hard line break). */
export function hardLines(lines: readonly string[], indent = ''): string {
  return lines.join(`\\\n${indent}`);
}

/** The longest run of backticks in a line: the fence must be longer, so no line of the block can close it. */
function longestBacktickRun(line: string): number {
  let longest = 0;
  for (const run of line.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}

/**
 * A fenced code block (CommonMark 0.31, section 4.5) around `lines`: the fence is one backtick longer than
 * the longest run in any line (at least three), so no line can close it early.
 */
export function fencedBlock(info: string, lines: readonly string[]): string {
  const fence = '`'.repeat(Math.max(3, ...lines.map((l) => longestBacktickRun(l) + 1)));
  return [`${fence}${info}`, ...lines, fence].join('\n');
}

/** The reports' count in words lives in core, for the log lines too. */
export { plural } from '../core/plural';
