// Identical documents are analysed once (groupByDocument). Issue 14: the 16k documents of a 100 MiB plan
// were each serialised and hashed (sha256) by every stage that groups them; they are now grouped by the
// strings themselves, with the same groups in the same order.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ createHash: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return {
    ...original,
    createHash: (...args: Parameters<typeof original.createHash>) => {
      calls.createHash += 1;
      return original.createHash(...args);
    },
  };
});

import { groupByDocument } from '../../src/analyze/dedupe';

interface Item {
  name: string;
  document: string;
  type: string;
}

const item = (name: string, document: string, type = 'IDENTITY_POLICY'): Item => ({ name, document, type });

beforeEach(() => {
  calls.createHash = 0;
});

describe('groupByDocument', () => {
  it('groups items with identical key parts, in the order of their first member', () => {
    const items = [
      item('a', '{"x":1}'),
      item('b', '{"y":2}'),
      item('c', '{"x":1}'),
      item('d', '{"x":1}', 'RESOURCE_POLICY'),
      item('e', '{"y":2}'),
      item('f', '{"x":1}'),
    ];
    const names = (groups: Item[][]) => groups.map((g) => g.map((i) => i.name).join(''));
    expect(names(groupByDocument(items, (i) => [i.document, i.type]))).toEqual(['acf', 'be', 'd']);
    expect(names(groupByDocument(items, (i) => [i.document]))).toEqual(['acdf', 'be']);
    expect(names(groupByDocument(items, () => []))).toEqual(['abcdef']);
    expect(groupByDocument([], (i: Item) => [i.document])).toEqual([]);
  });

  it('tells key parts apart however their text could run together', () => {
    const items = [
      item('a', 'x","y', ''),
      item('b', 'x', '","y'),
      item('c', 'x","y', ''),
      item('d', '', 'x","y'),
    ];
    const groups = groupByDocument(items, (i) => [i.document, i.type]).map((g) => g.map((i) => i.name));
    expect(groups).toEqual([['a', 'c'], ['b'], ['d']]);
  });

  it('neither serialises nor hashes the documents', () => {
    const items = Array.from({ length: 1000 }, (_, i) => item(String(i), `{"Sid":"${i % 10}"}`));
    expect(groupByDocument(items, (i) => [i.document, i.type])).toHaveLength(10);
    expect(calls.createHash).toBe(0);
  });
});
