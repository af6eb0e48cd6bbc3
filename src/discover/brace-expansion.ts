// Brace expansion of globs, bounded. fast-glob expands `{a,b}` itself (micromatch.braces, with the options
// below), so a pattern is only safe when every expansion is; and a pattern like `{a,b}{a,b}{a,b}...` doubles
// with every group, so it is refused, from the parsed pattern, before anything expands it.
import braces from 'braces';
import { ConfigurationError, errorMessage } from '../core/errors';

/** The most expansions one pattern may have. Real patterns have a handful (`{iam,policies}/**\/*.json`). */
export const MAX_BRACE_EXPANSIONS = 1000;

/** The options fast-glob passes to micromatch.braces (fast-glob/out/utils/pattern.js), so we see what it walks. */
const FAST_GLOB_BRACE_OPTIONS = { expand: true, nodupes: true, keepEscaping: true } as const;

/** The part of braces' syntax tree (braces.parse) the count reads. */
interface BraceNode {
  type: string;
  value?: string;
  commas?: number;
  ranges?: number;
  invalid?: boolean;
  dollar?: boolean;
  nodes?: BraceNode[];
}

// braces.parse is public API (README "braces.parse") but missing from @types/braces.
const parseBraces = (braces as unknown as { parse(pattern: string): BraceNode }).parse;

/** An upper bound on the length of the range `{a..b..step}`, as fill-range builds it (numbers or characters). */
function rangeSize(args: readonly string[]): number {
  const [a = '', b = '', step] = args;
  const stride =
    step !== undefined && /^-?\d+$/.test(step) && Number(step) !== 0 ? Math.abs(Number(step)) : 1;
  if (/^-?\d+$/.test(a) && /^-?\d+$/.test(b)) return Math.floor(Math.abs(Number(b) - Number(a)) / stride) + 1;
  if (a !== '' && b !== '') return Math.floor(Math.abs(a.charCodeAt(0) - b.charCodeAt(0)) / stride) + 1;
  return 1;
}

/**
 * An upper bound on the number of expansions of a node, capped at `cap` so that it stays a small number: a
 * sequence multiplies its groups, a group adds its comma-separated alternatives, a range counts its items.
 */
function expansions(node: BraceNode, cap: number): number {
  const children = node.nodes ?? [];
  const product = (nodes: readonly BraceNode[]) =>
    nodes.reduce((n, child) => Math.min(cap, n * (child.type === 'brace' ? expansions(child, cap) : 1)), 1);
  if (node.type !== 'brace') return product(children);
  // What braces leaves as it is: `${a,b}`, an unbalanced brace, `{}`.
  if (node.invalid || node.dollar || children.length === 2) return 1;
  if ((node.ranges ?? 0) > 0) {
    return Math.min(cap, rangeSize(children.filter((c) => c.type === 'text').map((c) => c.value ?? '')));
  }
  const inner = children.filter((c) => c.type !== 'open' && c.type !== 'close');
  let total = 0;
  let alternative: BraceNode[] = [];
  for (const child of [...inner, { type: 'comma' }]) {
    if (child.type === 'comma') {
      total = Math.min(cap, total + product(alternative));
      alternative = [];
    } else alternative.push(child);
  }
  return total;
}

/**
 * Every pattern fast-glob would walk for `pattern` (`{a,b}/x` -> `a/x`, `b/x`). Throws a ConfigurationError
 * naming the pattern when it has more than MAX_BRACE_EXPANSIONS expansions or braces cannot read it.
 */
export function expandBraces(pattern: string, source: string): string[] {
  const refuse = (why: string) =>
    new ConfigurationError(`${source}: pattern "${pattern}" ${why}; list the paths in separate patterns.`);
  let expanded: string[];
  try {
    if (expansions(parseBraces(pattern), MAX_BRACE_EXPANSIONS + 1) > MAX_BRACE_EXPANSIONS) {
      throw refuse(`expands to more than ${MAX_BRACE_EXPANSIONS} patterns (braces)`);
    }
    expanded = braces(pattern, FAST_GLOB_BRACE_OPTIONS);
  } catch (err) {
    if (err instanceof ConfigurationError) throw err;
    throw refuse(`cannot be expanded (${errorMessage(err)})`);
  }
  // micromatch can return '' (`{a,}`); fast-glob drops it.
  return expanded.filter((p) => p !== '');
}
