// Redundant entries of one statement's Action / NotAction and Resource / NotResource list, as Access
// Analyzer's REDUNDANT_ACTION and REDUNDANT_RESOURCE suggestions: an entry that another entry of the same
// list already matches (a duplicate, or a name under a wildcard: `ecs:DescribeClusters` beside
// `ecs:Describe*`, `arn:aws:s3:::b-*/*` beside `arn:aws:s3:::b-*`). Entries linked by such coverage form
// one group, and each group is one finding, as AWS reports it.
import type { Deadline } from '../../core/deadline';
import { listMemo } from '../../core/policy/action-list-answers';
import type { PolicyModel, Str } from '../../core/policy/model';
import { hasWildcard, patternCovers } from '../../core/policy/wildcard';
import type { Reporter } from './reporter';

export function checkRedundancy(model: PolicyModel, r: Reporter): void {
  for (const s of model.statements) {
    // Action names are case-insensitive; resource ARNs are not.
    for (const list of [s.action, s.notAction]) {
      for (const group of redundantActionGroups(list ?? [], r.deadline)) {
        const { named, listed } = describe(group);
        r.add(
          'REDUNDANT_ACTION',
          named.node,
          `The ${group.entries.length} actions ${listed} are redundant because they allow the same permissions: remove the redundant action "${named.value}".`,
        );
      }
    }
    for (const list of [s.resource, s.notResource]) {
      for (const group of redundantGroups(list ?? [], true, r.deadline)) {
        const { named, listed } = describe(group);
        r.add(
          'REDUNDANT_RESOURCE',
          named.node,
          `The ${group.entries.length} resource ARNs ${listed} are redundant because they reference the same resources: review the use of wildcards (*), or remove the resource "${named.value}".`,
        );
      }
    }
  }
}

interface Group {
  entries: Str[];
  /** The entries some other entry of the group matches: the ones that can go. */
  covered: Str[];
}

/** The longest covered entry (the most specific, as AWS names it) and the first few entries, quoted. */
function describe(group: Group): { named: Str; listed: string } {
  const named = group.covered.reduce((best, e) => (e.value.length > best.value.length ? e : best));
  const shown = group.entries.slice(0, 5).map((e) => `"${e.value}"`);
  return { named, listed: shown.join(', ') + (group.entries.length > 5 ? ', ...' : '') };
}

/** A group as positions in its list: what redundantGroups says of any list with the same values. */
interface IndexGroup {
  entries: readonly number[];
  covered: readonly number[];
}

// Action lists repeat from policy to policy (a plan's 16k policies write a few hundred): their groups are
// worked out once per list of names (core/policy/action-list-answers), then given the entries of each.
const ACTION_GROUPS = {};

function redundantActionGroups(list: readonly Str[], deadline: Deadline): Group[] {
  if (list.length < 2) return [];
  const groups = listMemo(list, ACTION_GROUPS, (): readonly IndexGroup[] => {
    const at = new Map(list.map((e, i) => [e, i]));
    return redundantGroups(list, false, deadline).map((g) => ({
      entries: g.entries.map((e) => at.get(e)!),
      covered: g.covered.map((e) => at.get(e)!),
    }));
  });
  return groups.map((g) => ({
    entries: g.entries.map((i) => list[i]!),
    covered: g.covered.map((i) => list[i]!),
  }));
}

/** The literal text before the first wildcard: an entry that a pattern covers starts with it. */
function literalPrefix(pattern: string): string {
  const i = pattern.search(/[*?]/);
  return i === -1 ? pattern : pattern.slice(0, i);
}

/**
 * Groups of entries linked by coverage, in document order. Entries are sorted so that the candidates a
 * pattern may cover (those starting with its literal prefix) are one range found by binary search: a long
 * list of names is not compared pairwise.
 */
export function redundantGroups(
  entries: readonly Str[],
  caseSensitive: boolean,
  deadline: Deadline,
): Group[] {
  if (entries.length < 2) return [];
  const norm = (s: string) => (caseSensitive ? s : s.toLowerCase());
  const keys = entries.map((e) => norm(e.value));
  // Names without wildcards cover only their duplicates: a list of distinct plain names has no group.
  if (!keys.some(hasWildcard) && new Set(keys).size === keys.length) return [];
  const order = keys
    .map((_, i) => i)
    .sort((x, y) => (keys[x]! < keys[y]! ? -1 : keys[x]! > keys[y]! ? 1 : x - y));
  const parent = entries.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const covered = new Set<number>();
  for (let i = 0; i < entries.length; i++) {
    const outer = keys[i]!;
    // A name without wildcards covers only its duplicates, which sort next to it.
    const wild = hasWildcard(outer);
    const prefix = literalPrefix(outer);
    const mayCover = quickFilter(outer);
    for (let k = lowerBound(order, keys, prefix); k < order.length; k++) {
      const j = order[k]!;
      deadline.tick();
      if (wild ? !keys[j]!.startsWith(prefix) : keys[j] !== outer) break;
      if (j === i) continue;
      const covers =
        !wild || (mayCover(keys[j]!) && patternCovers(outer, keys[j]!, { caseSensitive: true }, deadline));
      if (!covers) continue;
      covered.add(j);
      parent[root(i)] = root(j);
    }
  }
  const groups = new Map<number, Group>();
  entries.forEach((e, i) => {
    const g = groups.get(root(i)) ?? { entries: [], covered: [] };
    g.entries.push(e);
    if (covered.has(i)) g.covered.push(e);
    groups.set(root(i), g);
  });
  return [...groups.values()].filter((g) => g.covered.length > 0);
}

/**
 * A necessary condition for `pattern` to cover an entry, cheap enough to try on every candidate first: the
 * pattern's literal runs match only the same literal characters, so each occurs in the entry, and a
 * pattern that does not end in a wildcard needs the entry to end with its last run.
 */
function quickFilter(pattern: string): (entry: string) => boolean {
  const runs = pattern.split(/[*?]+/).filter((run) => run !== '');
  const suffix = /[*?]$/.test(pattern) ? '' : (runs[runs.length - 1] ?? '');
  return (entry) => entry.endsWith(suffix) && runs.every((run) => entry.includes(run));
}

/** The first position in `order` whose key is not less than `prefix`. */
function lowerBound(order: readonly number[], keys: readonly string[], prefix: string): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[order[mid]!]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
