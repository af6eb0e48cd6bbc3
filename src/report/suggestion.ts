// Suggested changes (GitHub's ```suggestion blocks in a review comment) for the findings whose fix is certain:
// - INVALID_ACTION of the local analyzer with a single "Did you mean" action: the quoted action on its line
//   replaced, everything else on the line byte-identical;
// - MISSING_VERSION: `"Version": "2012-10-17",` after the line that opens the document, when that line holds
//   the `{` alone and a member follows on a later line (its indentation is the new line's);
// - EMPTY_SID_VALUE: the line `"Sid": "",` removed, when it holds that member alone, comma included.
// Only in a JSON policy file the pull request author wrote (never a Terraform plan, never a policy Terraform
// renders: there the exact source text is not known), only on a line the pull request adds, and only when
// that line in the patch is exactly the text the gate analysed. Applying the suggestion must leave valid
// JSON; otherwise there is none. Pure.
import { parseJsonStrict } from '../core/json-position';
import type { Finding, PolicyTarget } from '../core/types';
import { fencedBlock } from './markdown';

export interface Suggestion {
  /** The one head line the suggestion replaces (every fix here touches one line). */
  line: number;
  /** What replaces it: no line (the line is deleted), the changed line, or the line and a new one. */
  replacement: string[];
}

/** A suggestion longer than this is no one-glance fix (and a minified policy's line can be megabytes). */
const MAX_SUGGESTION_CHARS = 2000;
const DID_YOU_MEAN =
  /^The action "([^"\\\n]{1,256})" does not exist\. Did you mean "([A-Za-z0-9-]{1,64}:[A-Za-z0-9]{1,128})"\?$/;
const EMPTY_SID_LINE = /^[ \t]*"Sid"[ \t]*:[ \t]*""[ \t]*,[ \t]*$/;

type Fix = (f: Finding, document: string, lines: readonly string[]) => Suggestion | undefined;

/** The line of a one-line location, 1-based, when the document has it. */
function singleLine(f: Finding, lines: readonly string[]): number | undefined {
  const l = f.location;
  if (!l || l.startLine !== l.endLine || l.startLine < 1 || l.startLine > lines.length) return undefined;
  return l.startLine;
}

function occurrences(text: string, part: string): number[] {
  const at: number[] = [];
  for (let i = text.indexOf(part); i !== -1; i = text.indexOf(part, i + 1)) at.push(i);
  return at;
}

const replaceDidYouMeanAction: Fix = (f, _document, lines) => {
  // The message shape is the local analyzer's (catalog-checks.ts); Access Analyzer words its own.
  const m = f.analyzer === 'local' ? DID_YOU_MEAN.exec(f.message) : null;
  const line = singleLine(f, lines);
  if (!m?.[1] || !m[2] || line === undefined) return undefined;
  const text = lines[line - 1] ?? '';
  const from = JSON.stringify(m[1]);
  const at = occurrences(text, from);
  // Exactly one quoted occurrence, and not the tail of a longer string (`"a\"s3:GetObjekt"`).
  if (at.length !== 1 || at[0] === undefined || text[at[0] - 1] === '\\') return undefined;
  const fixed = `${text.slice(0, at[0])}${JSON.stringify(m[2])}${text.slice(at[0] + from.length)}`;
  return { line, replacement: [fixed] };
};

const addVersion: Fix = (_f, document, lines) => {
  const open = document.search(/\S/);
  if (open === -1 || document[open] !== '{') return undefined;
  const parsed = parseJsonStrict(document);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return undefined;
  if (Object.hasOwn(parsed.value, 'Version')) return undefined;
  const first = document.slice(open + 1).search(/\S/) + open + 1;
  if (first === open || document[first] === '}') return undefined; // no member: a comma would dangle
  const lineOf = (offset: number) => document.slice(0, offset).split('\n').length;
  const line = lineOf(open);
  const text = lines[line - 1] ?? '';
  if (text.trim() !== '{' || lineOf(first) === line) return undefined;
  const indent = /^[ \t]*/.exec(lines[lineOf(first) - 1] ?? '')?.[0] ?? '';
  return { line, replacement: [text, `${indent}"Version": "2012-10-17",`] };
};

const removeEmptySid: Fix = (_f, _document, lines) => {
  const line = singleLine(_f, lines);
  if (line === undefined || !EMPTY_SID_LINE.test(lines[line - 1] ?? '')) return undefined;
  return { line, replacement: [] };
};

const FIXES: Readonly<Record<string, Fix>> = {
  INVALID_ACTION: replaceDidYouMeanAction,
  MISSING_VERSION: addVersion,
  EMPTY_SID_VALUE: removeEmptySid,
};

/** The document with the suggestion applied, as GitHub applies it to the file. */
export function applySuggestion(text: string, s: Suggestion): string {
  const lines = text.split('\n');
  lines.splice(s.line - 1, 1, ...s.replacement);
  return lines.join('\n');
}

/** Each suggestion costs a parse of its whole document; no review posts more comments than this anyway. */
export const MAX_SUGGESTIONS = 100;

/**
 * The suggestion for a finding, or undefined when its fix is not certain. `target` is the finding's policy;
 * `policyFile` says its file is a policy file (not a Terraform plan); `addedText` holds the head text of the
 * lines the pull request adds in that file (diff-lines.ts).
 */
export type Suggester = (
  f: Finding,
  target: PolicyTarget | undefined,
  policyFile: boolean,
  addedText: ReadonlyMap<number, string>,
) => Suggestion | undefined;

/**
 * A suggester for one review: it splits each document into lines once, and checks at most MAX_SUGGESTIONS
 * candidate fixes (a file with 100,000 empty Sids costs 100 parses, not 100,000).
 */
export function createSuggester(): Suggester {
  const linesOf = new Map<PolicyTarget, string[]>();
  let checked = 0;
  return (f, target, policyFile, addedText) => {
    const fix = FIXES[f.code];
    if (!fix || !target || !policyFile || f.suppressed || checked >= MAX_SUGGESTIONS) return undefined;
    const { source } = target;
    // A policy Terraform renders (address) or one embedded at a line of another file: not the file's text.
    if (source.address !== undefined || source.line !== undefined || target.id !== source.file) {
      return undefined;
    }
    if (f.location && f.location.file !== source.file) return undefined;
    let lines = linesOf.get(target);
    if (!lines) {
      lines = target.document.split('\n');
      linesOf.set(target, lines);
    }
    const s = fix(f, target.document, lines);
    if (!s || addedText.get(s.line) !== lines[s.line - 1]) return undefined;
    const size = s.replacement.reduce((n, l) => n + l.length + 1, 0);
    // The block is quoted in a comment whose last line is the gate's hidden marker: no other marker in it.
    if (size > MAX_SUGGESTION_CHARS || s.replacement.some((l) => l.includes('<!--'))) return undefined;
    checked += 1;
    return parseJsonStrict(applySuggestion(target.document, s)).ok ? s : undefined;
  };
}

/** GitHub's suggestion block: "```suggestion", the replacement lines, the closing fence. */
export function renderSuggestionBlock(s: Suggestion): string {
  return fencedBlock('suggestion', s.replacement);
}

/** A comment body without its suggestion block (a resolved comment suggests nothing). */
export function withoutSuggestionBlock(body: string): string {
  const lines = body.split('\n');
  const start = lines.findIndex((l) => /^`{3,}suggestion$/.test(l));
  if (start === -1) return body;
  const fence = (lines[start] ?? '').slice(0, -'suggestion'.length);
  const end = lines.findIndex((l, i) => i > start && l === fence);
  if (end === -1) return body;
  return [...lines.slice(0, start), ...lines.slice(end + 1)].join('\n');
}
