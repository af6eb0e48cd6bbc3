/** One level of the grouping trie: the next key part, or at the last part the group. */
interface GroupNode<T> {
  next?: Map<string, GroupNode<T>>;
  group?: T[];
}

/**
 * Groups items whose key parts are identical (e.g. document, policy type, resource type), so that each
 * distinct document is analysed once. Groups keep the input order of their first member.
 *
 * The parts are looked up one after the other in nested maps keyed by the strings themselves: the
 * documents are in memory already, so this copies, serialises and hashes none of them (a 100 MiB plan
 * holds 16k documents, grouped by several stages).
 */
export function groupByDocument<T>(items: readonly T[], keyParts: (item: T) => readonly string[]): T[][] {
  const root: GroupNode<T> = {};
  const groups: T[][] = [];
  for (const item of items) {
    let node = root;
    for (const part of keyParts(item)) {
      node.next ??= new Map();
      let child = node.next.get(part);
      if (child === undefined) {
        child = {};
        node.next.set(part, child);
      }
      node = child;
    }
    if (node.group) node.group.push(item);
    else {
      node.group = [item];
      groups.push(node.group);
    }
  }
  return groups;
}
