// IAM wildcard matching: `*` (any run of characters) and `?` (one character), case-insensitive as IAM
// matches action names; and whether two patterns can match a common string (resource ARNs against the
// catalogue's ARN templates).
//
// Policy text is hostile input, so nothing here builds a regular expression from it (a backtracking
// engine takes exponential time on `s3:************Q`). Matching is a two-pointer scan that backtracks
// only to the last `*`, O(pattern x value) at worst after runs of `*` are collapsed; intersection is a
// row-by-row walk of the product automaton, O(a x b) time and O(b) memory. Both tick an optional
// Deadline so that even a single huge pattern stays within the policy's time budget.
import { BoundedCache } from '../bounded-cache';
import type { Deadline } from '../deadline';

/** One element of a pattern: a literal code unit (folded when matching ignores case), any one, or any run. */
export type Token = { kind: 'char'; code: number } | { kind: 'one' } | { kind: 'many' };

/** A pattern ready to match: its tokens (no two `many` in a row) and how many characters it needs at least. */
export interface CompiledPattern {
  tokens: readonly Token[];
  /** The number of `char` and `one` tokens: a shorter value cannot match. */
  minLength: number;
  foldCase: boolean;
}

/** Steps of a scan between two ticks of the deadline. */
const STEPS_PER_TICK = 4096;

export function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}

/** A code unit in lower case (when that is one code unit), as IAM compares names. */
export function fold(code: number): number {
  if (code >= 65 && code <= 90) return code + 32;
  if (code < 128) return code;
  const lower = String.fromCharCode(code).toLowerCase();
  return lower.length === 1 ? lower.charCodeAt(0) : code;
}

/** Drops a `many` that follows another: `**` matches what `*` does. */
function collapse(tokens: Token[]): Token[] {
  return tokens.filter((t, i) => !(t.kind === 'many' && tokens[i - 1]?.kind === 'many'));
}

function compile(tokens: Token[], foldCase: boolean): CompiledPattern {
  const collapsed = collapse(tokens);
  return { tokens: collapsed, minLength: collapsed.filter((t) => t.kind !== 'many').length, foldCase };
}

function literal(ch: string, foldCase: boolean): Token {
  const code = ch.charCodeAt(0);
  return { kind: 'char', code: foldCase ? fold(code) : code };
}

/** `*` and `?` as wildcards, everything else literal. */
function globTokens(pattern: string, foldCase: boolean): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    out.push(ch === '*' ? { kind: 'many' } : ch === '?' ? { kind: 'one' } : literal(ch, foldCase));
  }
  return out;
}

const cache = new BoundedCache<CompiledPattern>(5000, Number.POSITIVE_INFINITY);

/** A glob pattern compiled once (patterns repeat: one action pattern meets every action of a service). */
export function compileWildcard(pattern: string, opts: { caseSensitive?: boolean } = {}): CompiledPattern {
  const foldCase = opts.caseSensitive !== true;
  const key = `${foldCase ? 'i' : 's'}${pattern}`;
  return cache.get(key, () => compile(globTokens(pattern, foldCase), foldCase));
}

/**
 * Whether the whole of `value` matches the pattern: a two-pointer scan that, on a mismatch, retries from
 * the last `*` one character further on (earlier stars never need revisiting).
 */
export function matchCompiled(pattern: CompiledPattern, value: string, deadline?: Deadline): boolean {
  const { tokens, foldCase } = pattern;
  if (pattern.minLength > value.length) return false;
  let t = 0;
  let v = 0;
  let star = -1;
  let mark = 0;
  let steps = 0;
  while (v < value.length) {
    if (deadline !== undefined && ++steps === STEPS_PER_TICK) {
      deadline.tick(steps);
      steps = 0;
    }
    const token = tokens[t];
    if (token?.kind === 'many') {
      star = t++;
      mark = v;
      continue;
    }
    if (token !== undefined) {
      const code = value.charCodeAt(v);
      if (token.kind === 'one' || token.code === (foldCase ? fold(code) : code)) {
        t++;
        v++;
        continue;
      }
    }
    if (star < 0) return false;
    t = star + 1;
    v = ++mark;
  }
  while (tokens[t]?.kind === 'many') t++;
  return t === tokens.length;
}

/** Whether two strings are equal ignoring case, as matching folds it. */
function equalIgnoringCase(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y && fold(x) !== fold(y)) return false;
  }
  return true;
}

/** Whether an IAM wildcard pattern matches the whole value, ignoring case. */
export function matchesWildcard(pattern: string, value: string, deadline?: Deadline): boolean {
  // Most patterns in a policy name one action: compare them without compiling (or caching) anything.
  if (!hasWildcard(pattern)) return equalIgnoringCase(pattern, value);
  return matchCompiled(compileWildcard(pattern), value, deadline);
}

/** matchesWildcard for one pattern met with many values: what the pattern is, decided once. */
export type WildcardMatcher = (value: string, deadline?: Deadline) => boolean;

export function wildcardMatcher(pattern: string): WildcardMatcher {
  if (!hasWildcard(pattern)) return (value) => equalIgnoringCase(pattern, value);
  const compiled = compileWildcard(pattern);
  return (value, deadline) => matchCompiled(compiled, value, deadline);
}

/**
 * Tokens of a user-written pattern: `*` and `?` are wildcards and a policy variable `${...}` stands for
 * any value (at least one character).
 */
export function userPatternTokens(pattern: string): Token[] {
  return collapse(tokens(pattern, true));
}

/** Tokens of a catalogue ARN template: `${Placeholder}` matches at least one character. */
export function templateTokens(template: string): Token[] {
  return collapse(tokens(template, false));
}

function tokens(s: string, wildcards: boolean): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < s.length; i++) {
    const ch = s.charAt(i);
    if (ch === '$' && s.charAt(i + 1) === '{') {
      const end = s.indexOf('}', i + 2);
      if (end !== -1) {
        out.push({ kind: 'one' }, { kind: 'many' });
        i = end;
        continue;
      }
    }
    if (wildcards && ch === '*') out.push({ kind: 'many' });
    else if (wildcards && ch === '?') out.push({ kind: 'one' });
    else out.push(literal(ch, true));
  }
  return out;
}

/**
 * Whether some string matches both token patterns. States (i, j) of the product automaton only move
 * forward in i and j, so it is walked one row i at a time, keeping the reachable j of the current and
 * the next row.
 */
export function tokensIntersect(a: readonly Token[], b: readonly Token[], deadline?: Deadline): boolean {
  const width = b.length + 1;
  // Most ARNs differ from most templates of their service in the first character: the first row of the
  // walk below then reaches nothing. Said without allocating the rows (tens of thousands of ARNs, each
  // against every template of its service).
  const a0 = a[0];
  const b0 = b[0];
  if (a0?.kind === 'char' && b0?.kind === 'char' && a0.code !== b0.code) {
    deadline?.tick(width);
    return false;
  }
  let row = new Uint8Array(width);
  let next = new Uint8Array(width);
  row[0] = 1;
  for (let i = 0; ; i++) {
    deadline?.tick(width);
    const ta = a[i];
    // Moves within the row, from j to j + 1: a run in b matching nothing more, or a run in a absorbing b[j].
    for (let j = 0; j < b.length; j++) {
      if (row[j] && (b[j]!.kind === 'many' || ta?.kind === 'many')) row[j + 1] = 1;
    }
    if (ta === undefined) return row[b.length] === 1;
    next.fill(0);
    let any = false;
    for (let j = 0; j <= b.length; j++) {
      if (!row[j]) continue;
      // A run in a may match nothing more.
      if (ta.kind === 'many') {
        next[j] = 1;
        any = true;
        continue;
      }
      const tb = b[j];
      if (tb === undefined) continue;
      // Both consume one character.
      if (ta.kind === 'char' && tb.kind === 'char' && ta.code !== tb.code) continue;
      next[tb.kind === 'many' ? j : j + 1] = 1;
      any = true;
    }
    if (!any) return false;
    [row, next] = [next, row];
  }
}

/** Whether a user pattern (with wildcards and variables) and a catalogue template can match a common string. */
export function patternMatchesTemplate(pattern: string, template: string, deadline?: Deadline): boolean {
  return tokensIntersect(userPatternTokens(pattern), templateTokens(template), deadline);
}

/** A catalogue ARN template (templateTokens) compiled for matching, ignoring case. */
export function compileTemplate(template: string): CompiledPattern {
  return compile(templateTokens(template), true);
}

/** Whether a user-written field has no wildcard and no policy variable: it stands for itself alone. */
export function isLiteralPattern(pattern: string): boolean {
  return !hasWildcard(pattern) && !pattern.includes('${');
}

/**
 * A user pattern, split once, for meeting many catalogue templates: most ARN fields in policies are literal
 * (`app-1-0`, an account ID, a Region), and a literal meets a template exactly when the template matches it,
 * which matchCompiled says in one scan without building the product automaton of tokensIntersect.
 */
export interface UserPattern {
  /** The pattern as written, when it is literal. */
  literal?: string;
  /** Its tokens otherwise (userPatternTokens). */
  tokens?: readonly Token[];
}

export function userPattern(pattern: string): UserPattern {
  return isLiteralPattern(pattern) ? { literal: pattern } : { tokens: userPatternTokens(pattern) };
}

/** Whether some string matches both the user pattern and the compiled template (tokensIntersect's answer). */
export function userPatternMeets(
  pattern: UserPattern,
  template: CompiledPattern,
  deadline?: Deadline,
): boolean {
  if (pattern.literal !== undefined) {
    deadline?.tick();
    return matchCompiled(template, pattern.literal, deadline);
  }
  return tokensIntersect(pattern.tokens ?? [], template.tokens, deadline);
}

/**
 * A catalogue condition-key template compiled for matching a key written in a policy: `${TagKey}`,
 * `<key>` and a final `/tag-key` stand for at least one character; the rest is literal, ignoring case.
 */
export function conditionKeyTemplate(template: string): CompiledPattern {
  const out: Token[] = [];
  const variable = (): void => {
    out.push({ kind: 'one' }, { kind: 'many' });
  };
  for (let i = 0; i < template.length; i++) {
    const ch = template.charAt(i);
    const close = ch === '$' && template.charAt(i + 1) === '{' ? '}' : ch === '<' ? '>' : undefined;
    const end = close !== undefined ? template.indexOf(close, i + 1) : -1;
    if (end !== -1) {
      variable();
      i = end;
    } else if (ch === '/' && template.slice(i) === '/tag-key') {
      out.push(literal('/', true));
      variable();
      break;
    } else {
      out.push(literal(ch, true));
    }
  }
  return compile(out, true);
}

/**
 * Whether every string that `inner` matches is matched by `outer` too (both IAM globs: `*` and `?`), so
 * that `inner` adds nothing beside `outer`. The wildcards of `inner` are read as symbols that only a wider
 * wildcard of `outer` absorbs: a run of `outer` takes any symbols, a `?` of `outer` any one symbol but a run,
 * a literal only itself. This can miss an inclusion (`*?` does cover `?*`) but never claims a false one.
 * A row-by-row walk over the tokens of `outer`, O(outer x inner) time and O(inner) memory.
 */
export function patternCovers(
  outer: string,
  inner: string,
  opts: { caseSensitive?: boolean } = {},
  deadline?: Deadline,
): boolean {
  const foldCase = opts.caseSensitive !== true;
  const a = compileWildcard(outer, opts).tokens;
  const b = collapse(globTokens(inner, foldCase));
  let row = new Uint8Array(b.length + 1);
  let next = new Uint8Array(b.length + 1);
  row[0] = 1;
  for (const ta of a) {
    deadline?.tick(b.length + 1);
    next.fill(0);
    if (ta.kind === 'many') {
      next[0] = row[0]!;
      for (let j = 1; j <= b.length; j++) next[j] = row[j] || next[j - 1] ? 1 : 0;
    } else {
      for (let j = 1; j <= b.length; j++) {
        const tb = b[j - 1]!;
        const absorbs = ta.kind === 'one' ? tb.kind !== 'many' : tb.kind === 'char' && tb.code === ta.code;
        next[j] = row[j - 1] && absorbs ? 1 : 0;
      }
    }
    [row, next] = [next, row];
  }
  return row[b.length] === 1;
}
