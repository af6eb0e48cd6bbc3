// Whether a statement's Action (or NotAction) list matches an action depends on the list's patterns alone,
// and the lists repeat: a plan's 16k policies write a few hundred distinct lists, each met with the same
// actions (the simulate lists, the escalation sets). The answers are kept per list of pattern strings, in a
// trie keyed by the strings themselves (no key is built per statement), and found once per model's list.
//
// Bounded for hostile input: at most MAX_NODES lists' worth of trie nodes, MAX_KEY_CHARS characters of
// patterns, MAX_ANSWERS answers and MAX_ROW_BYTES of rows in all; past any of them the memo starts again
// empty.
import type { Str } from './model';

interface TrieNode {
  /** The lists that continue this one, by their next pattern. */
  next: Map<string, TrieNode> | undefined;
  /** Whether the list ending here matches an action, by the action as asked. */
  answers: Map<string, boolean>;
  /**
   * The same for every action of an array of actions met again and again (the simulate lists, the
   * escalation sets): 1 or 0, by index. At most ROWS_PER_LIST arrays, the oldest dropped first.
   */
  rows: Array<{ actions: readonly string[]; row: Uint8Array }> | undefined;
  /** Other results that depend on the list's patterns alone, by the slot their caller names (listMemo). */
  slots: Map<object, unknown> | undefined;
}

export const MAX_NODES = 50_000;
export const MAX_KEY_CHARS = 4_000_000;
export const MAX_ANSWERS = 1_000_000;
export const MAX_ROW_BYTES = 16 * 1024 * 1024;
/** Arrays of actions a list keeps rows for (a run meets two: the simulate lists and the escalation sets). */
const ROWS_PER_LIST = 4;

let root: TrieNode = { next: undefined, answers: new Map(), rows: undefined, slots: undefined };
let nodes = 0;
let keyChars = 0;
let answers = 0;
let rowBytes = 0;

/** What the memo holds (for tests of its bounds). */
export function actionListMemoSize(): { nodes: number; keyChars: number; answers: number; rowBytes: number } {
  return { nodes, keyChars, answers, rowBytes };
}

function reset(): void {
  root = { next: undefined, answers: new Map(), rows: undefined, slots: undefined };
  nodes = 0;
  keyChars = 0;
  answers = 0;
  rowBytes = 0;
}

// The lists asked about last (the arrays themselves): a check asks about each statement's list several times
// in a row, and a WeakMap entry per list of every model would cost the collector more than walking the trie
// again. Holds at most RECENT lists (and so the trees of a few recent policies).
const RECENT = 16;
const recentLists: Array<readonly Str[] | undefined> = new Array(RECENT).fill(undefined);
const recentNodes: Array<TrieNode | undefined> = new Array(RECENT).fill(undefined);
let nextRecent = 0;

function nodeOf(patterns: readonly Str[]): TrieNode {
  for (let i = 0; i < RECENT; i++) if (recentLists[i] === patterns) return recentNodes[i]!;
  let chars = 0;
  for (const p of patterns) chars += p.value.length;
  if (nodes + patterns.length > MAX_NODES || keyChars + chars > MAX_KEY_CHARS) reset();
  let node = root;
  for (const p of patterns) {
    node.next ??= new Map();
    let child = node.next.get(p.value);
    if (child === undefined) {
      child = { next: undefined, answers: new Map(), rows: undefined, slots: undefined };
      node.next.set(p.value, child);
      nodes += 1;
      keyChars += p.value.length;
    }
    node = child;
  }
  recentLists[nextRecent] = patterns;
  recentNodes[nextRecent] = node;
  nextRecent = (nextRecent + 1) % RECENT;
  return node;
}

/** The answers kept for the list's patterns: whether it matches an action, by the action as asked. */
export function listAnswers(patterns: readonly Str[]): Map<string, boolean> {
  return nodeOf(patterns).answers;
}

/** Keeps an answer found for a list (in the map listAnswers gave). */
export function keepAnswer(kept: Map<string, boolean>, action: string, answer: boolean): void {
  if (answers >= MAX_ANSWERS) reset(); // `kept` is then detached: it serves its model's list alone
  kept.set(action, answer);
  answers += 1;
}

/**
 * Whether the list matches each of `actions` (1 or 0, by index): the row kept for its patterns and that
 * array, or `matches`'s answers, then kept. For a caller that meets every policy with one array of actions.
 */
export function listRow(
  patterns: readonly Str[],
  actions: readonly string[],
  matches: (action: string) => boolean,
): Uint8Array {
  const node = nodeOf(patterns);
  node.rows ??= [];
  const rows = node.rows;
  for (const kept of rows) if (kept.actions === actions) return kept.row;
  const row = new Uint8Array(actions.length);
  for (let i = 0; i < actions.length; i++) row[i] = matches(actions[i]!) ? 1 : 0;
  if (rowBytes + row.length > MAX_ROW_BYTES) reset(); // `node` is then detached: it serves its model's list alone
  if (rows.length >= ROWS_PER_LIST) rows.shift();
  rows.push({ actions, row });
  rowBytes += row.length;
  return row;
}

/**
 * A result that depends on the list's patterns alone (in the order written), kept under `slot` (an object
 * of the caller's, one per kind of result), or `compute()`'s, then kept.
 */
export function listMemo<T>(patterns: readonly Str[], slot: object, compute: () => T): T {
  const node = nodeOf(patterns);
  if (node.slots?.has(slot)) return node.slots.get(slot) as T;
  const result = compute();
  if (answers >= MAX_ANSWERS) reset(); // `node` is then detached: it serves its model's list alone
  node.slots ??= new Map();
  node.slots.set(slot, result);
  answers += 1;
  return result;
}
