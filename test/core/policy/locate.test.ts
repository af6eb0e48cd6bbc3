// nodePath names an array element by its index: found by a binary search on the offsets, so locating every
// element of a long array stays near-linear. Bounded by the elements read, not by the wall clock.
import { type Node, parseTree } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { nodePath } from '../../../src/core/policy/locate';

describe('nodePath', () => {
  it('names the path of a value node', () => {
    const root = parseTree('{"Statement":[{"Action":["a","b"]}]}') as Node;
    const action = root.children?.[0]?.children?.[1]?.children?.[0]?.children?.[0]?.children?.[1];
    expect(nodePath(action?.children?.[1])).toBe('Statement[0].Action[1]');
  });

  it('reads about log2(n) elements of an n-element array to find the index of one', () => {
    const n = 100_000;
    const root = parseTree(JSON.stringify(Array.from({ length: n }, (_, i) => i))) as Node;
    const elements = root.children ?? [];
    let reads = 0;
    // Counts the reads of the array's elements (indexOf, a linear search, would read up to n of them).
    (root as { children?: Node[] }).children = new Proxy(elements, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    for (const at of [0, 1, n / 2, n - 1]) {
      reads = 0;
      expect(nodePath(elements[at])).toBe(`[${at}]`);
      expect(reads).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(n)));
    }
  });
});
