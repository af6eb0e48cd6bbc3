// json-tree.ts builds jsonc-parser's tree of plain strict JSON in one pass (issue 14: parseTree was the
// local analyzer's biggest cost on a 100 MiB plan). The tree must be parseTree's, node for node (type,
// offset, length, value, colon offset, parent, children, in parseTree's field order), and it must take no
// text that parseTree would find fault with or JSON.parse would refuse: compared on every JSON fixture,
// on hand-picked corners and on seeded mutations of policies.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ parseTree: 0 }));
vi.mock('jsonc-parser', async (importOriginal) => {
  const original = await importOriginal<typeof import('jsonc-parser')>();
  return {
    ...original,
    parseTree: (...args: Parameters<typeof original.parseTree>) => {
      calls.parseTree += 1;
      return original.parseTree(...args);
    },
  };
});

import { type Node, type ParseError, parseTree } from 'jsonc-parser';
import { nestingBeyond } from '../../src/core/json-position';
import { isPlainJsonWithin, MAX_TREE_DEPTH, strictJsonTree } from '../../src/core/policy/json-tree';
import { buildModel } from '../../src/core/policy/model';
import { mutateJson, Rng } from '../fuzz/mutate';

/** A node and its subtree as plain data: every field in its order, the parent as the parent's offset and type. */
function flat(node: Node | undefined): unknown {
  if (node === undefined) return undefined;
  return Object.entries(node).map(([key, value]) => {
    if (key === 'parent') return [key, value === undefined ? 'none' : `${value.type}@${value.offset}`];
    if (key === 'children') return [key, (value as Node[]).map(flat)];
    return [key, Object.is(value, -0) ? '-0' : value];
  });
}

/** Every parent link points at the node whose children hold the child. */
function parentsHold(node: Node): boolean {
  return (node.children ?? []).every((c) => c.parent === node && parentsHold(c));
}

/** isPlainJsonWithin is true exactly when JSON.parse takes the text and it nests no deeper than `depth`. */
function comparePlain(text: string, valid: boolean): void {
  for (const depth of [1, 3, 32]) {
    const within = valid && nestingBeyond(text, depth) === undefined;
    expect({ text, depth, plain: isPlainJsonWithin(text, depth) }).toEqual({ text, depth, plain: within });
  }
}

/** What flat() compares, node for node, without building it: every field in its order, Object.is values. */
function sameTree(a: Node, b: Node): boolean {
  const keys = Object.keys(a);
  const other = Object.keys(b);
  if (keys.length !== other.length || keys.some((k, i) => k !== other[i])) return false;
  for (const key of keys) {
    const x = (a as unknown as Record<string, unknown>)[key];
    const y = (b as unknown as Record<string, unknown>)[key];
    if (key === 'parent') {
      const [p, q] = [x as Node | undefined, y as Node | undefined];
      if (p?.type !== q?.type || p?.offset !== q?.offset) return false;
    } else if (key === 'children') {
      const [xs, ys] = [x as Node[], y as Node[]];
      if (xs.length !== ys.length || xs.some((c, i) => !sameTree(c, ys[i] as Node))) return false;
    } else if (!Object.is(x, y)) return false;
  }
  return true;
}

/**
 * The two trees are the same, as flat() writes them. Vitest's deep equality of flat() took most of this
 * file's time on the mutated policies, so the trees are compared node for node, and deeply (for the diff)
 * only when they differ.
 */
function expectSameTree(text: string, tree: Node, reference: Node | undefined): void {
  if (reference === undefined || !sameTree(tree, reference)) {
    expect({ text, tree: flat(tree) }).toEqual({ text, tree: flat(reference) });
  }
  expect(reference !== undefined && sameTree(tree, reference)).toBe(true);
}

function compare(text: string): void {
  const errors: ParseError[] = [];
  const reference = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const tree = strictJsonTree(text);
  let valid = true;
  try {
    JSON.parse(text);
  } catch {
    valid = false;
  }
  comparePlain(text, valid);
  if (tree === undefined) return; // jsonc-parser's path: the old behaviour, whatever it is
  expect({ text, errors, valid }).toEqual({ text, errors: [], valid: true });
  expectSameTree(text, tree, reference);
  expect('parent' in tree).toBe(false);
  expect(parentsHold(tree)).toBe(true);
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) return jsonFiles(file);
    return name.endsWith('.json') ? [file] : [];
  });
}

const FIXTURES = jsonFiles(join(__dirname, '../fixtures'));

beforeEach(() => {
  calls.parseTree = 0;
});

describe('strictJsonTree', () => {
  it('builds the model of a valid policy without jsonc-parser', () => {
    const built = buildModel(
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
    );
    expect(built.ok && built.model.statements.map((s) => s.action?.map((a) => a.value))).toEqual([
      ['s3:GetObject'],
    ]);
    expect(calls.parseTree).toBe(0);
    // Not JSON: jsonc-parser's path, which says where.
    const bad = buildModel('{"Version": "2012-10-17",}');
    expect(bad.ok).toBe(false);
    expect(calls.parseTree).toBe(1);
  });

  it('is parseTree on every JSON fixture', () => {
    expect(FIXTURES.length).toBeGreaterThan(50);
    let built = 0;
    for (const file of FIXTURES) {
      const text = readFileSync(file, 'utf8');
      compare(text);
      if (strictJsonTree(text) !== undefined) built += 1;
    }
    expect(built).toBeGreaterThan(50);
  });

  it.each([
    ['{}'],
    ['[]'],
    [' { "a" : [ 1 , -0 , 2.5e-3 , 1E400 , true , false , null , "" ] } \r\n'],
    ['"x"'],
    ['5'],
    ['null'],
    ['{"a": "\\u00e9\\n\\"\\\\ \\ud800", "\\u0041": {"b": []}}'],
    ['{"a": 1, "a": 2}'],
    ['{"__proto__": {"x": 1}}'],
    ['{"a": "\u2028\u00e9\ud83d\ude00"}'],
    ['{"a": "x\ty"}'],
    ['{"a": 01}'],
    ['{"a": 1.}'],
    ['{"a": .5}'],
    ['{"a": -}'],
    ['{"a": 1e}'],
    ['\ufeff{}'],
    ['{"a": 1}\u00a0'],
    ['{"a": 1}\u000b'],
    ['{"a": "\\x"}'],
    ['{"a": "\\u12"}'],
    ['{"a": "unterminated}'],
    ['{"a" 1}'],
    ['{a: 1}'],
    ['{} {}'],
    ['{"a": 1,}'],
    ['[1,]'],
    ['{"a": 1} // x'],
    ['{"a": NaN}'],
    ['{"a": tru}'],
    ['{"a": nul}'],
    [''],
    ['  '],
  ])('is parseTree, or leaves the text to it: %j', (text) => {
    compare(text);
  });

  it('builds nothing past its depth, leaving deep texts to the caller', () => {
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(strictJsonTree(deep(MAX_TREE_DEPTH))).toBeDefined();
    compare(deep(MAX_TREE_DEPTH));
    expect(strictJsonTree(deep(MAX_TREE_DEPTH + 1))).toBeUndefined();
    expect(strictJsonTree('['.repeat(100_000))).toBeUndefined();
  });

  it('is parseTree on 600 mutated policies', () => {
    const dirs = [join(__dirname, '../fixtures/policies'), join(__dirname, '../fixtures/local/valid')];
    const policies = dirs
      .flatMap(jsonFiles)
      .map((f) => readFileSync(f, 'utf8'))
      .filter((t) => {
        try {
          JSON.parse(t);
          return true;
        } catch {
          return false;
        }
      });
    expect(policies.length).toBeGreaterThan(10);
    const rng = new Rng(1414);
    for (let i = 0; i < 600; i++) compare(mutateJson(rng, rng.pick(policies)));
  });
});
