import { createHash } from 'node:crypto';

/**
 * Groups items whose key parts are identical (e.g. document, policy type, resource type), so that each
 * distinct document is analysed once. Groups keep the input order of their first member.
 */
export function groupByDocument<T>(items: readonly T[], keyParts: (item: T) => readonly string[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = createHash('sha256')
      .update(JSON.stringify(keyParts(item)))
      .digest('hex');
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()];
}
