// IAM wildcard matching: `*` (any run of characters) and `?` (one character), case-insensitive as IAM
// matches action names; and whether two patterns can match a common string (resource ARNs against the
// catalogue's ARN templates).

const cache = new Map<string, RegExp>();

export function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}

/** A case-insensitive, anchored RegExp for an IAM wildcard pattern. */
export function wildcardRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re === undefined) {
    const source = pattern
      .split('')
      .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${source}$`, 'is');
    if (cache.size > 5000) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}

export function matchesWildcard(pattern: string, value: string): boolean {
  return wildcardRegExp(pattern).test(value);
}

/** One element of a pattern: a literal character, any one character, or any run (of at least `min`). */
type Token = { kind: 'char'; ch: string } | { kind: 'one' } | { kind: 'many' };

/**
 * Tokens of a user-written pattern: `*` and `?` are wildcards and a policy variable `${...}` stands for
 * any value (at least one character).
 */
export function userPatternTokens(pattern: string): Token[] {
  return tokens(pattern, true);
}

/** Tokens of a catalogue ARN template: `${Placeholder}` matches at least one character. */
export function templateTokens(template: string): Token[] {
  return tokens(template, false);
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
    else out.push({ kind: 'char', ch: ch.toLowerCase() });
  }
  return out;
}

/** Whether some string matches both token patterns (a search over the product of the two automata). */
export function tokensIntersect(a: readonly Token[], b: readonly Token[]): boolean {
  const width = b.length + 1;
  const seen = new Uint8Array((a.length + 1) * width);
  const stack: Array<[number, number]> = [[0, 0]];
  while (stack.length > 0) {
    const [i, j] = stack.pop()!;
    const id = i * width + j;
    if (seen[id]) continue;
    seen[id] = 1;
    if (i === a.length && j === b.length) return true;
    const ta = a[i];
    const tb = b[j];
    // A run may match nothing more.
    if (ta?.kind === 'many') stack.push([i + 1, j]);
    if (tb?.kind === 'many') stack.push([i, j + 1]);
    if (ta === undefined || tb === undefined) continue;
    // Both consume one character.
    if (ta.kind === 'char' && tb.kind === 'char' && ta.ch !== tb.ch) continue;
    stack.push([ta.kind === 'many' ? i : i + 1, tb.kind === 'many' ? j : j + 1]);
  }
  return false;
}

/** Whether a user pattern (with wildcards and variables) and a catalogue template can match a common string. */
export function patternMatchesTemplate(pattern: string, template: string): boolean {
  return tokensIntersect(userPatternTokens(pattern), templateTokens(template));
}
