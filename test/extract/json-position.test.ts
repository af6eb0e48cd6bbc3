import { describe, expect, it } from 'vitest';
import {
  lineColumnAt,
  lineIndex,
  lineStarts,
  MAX_DIAGNOSED_DEPTH,
  nestingBeyond,
  parseJsonStrict,
} from '../../src/core/json-position';

describe('lineColumnAt', () => {
  const text = 'ab\ncd\r\nef\rgh';
  it('maps offsets to 1-based lines and columns across \\n, \\r\\n and \\r', () => {
    expect(lineStarts(text)).toEqual([0, 3, 7, 10]);
    expect(lineColumnAt(text, 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumnAt(text, 2)).toEqual({ line: 1, column: 3 });
    expect(lineColumnAt(text, 3)).toEqual({ line: 2, column: 1 });
    expect(lineColumnAt(text, 8)).toEqual({ line: 3, column: 2 });
    expect(lineColumnAt(text, 11)).toEqual({ line: 4, column: 2 });
  });
  it('clamps offsets outside the text', () => {
    expect(lineColumnAt(text, -5)).toEqual({ line: 1, column: 1 });
    expect(lineColumnAt(text, 999)).toEqual({ line: 4, column: 3 });
  });
  it('is fast on a big text (line starts computed once)', () => {
    const big = '{"a": 1}\n'.repeat(200_000);
    const at = lineIndex(big);
    for (let i = 0; i < 100_000; i++) at(i * 9);
    expect(at(9 * 150_000 + 2)).toEqual({ line: 150_001, column: 3 });
  });
});

describe('parseJsonStrict', () => {
  it('returns the value of valid JSON', () => {
    expect(parseJsonStrict('{"a": [1, "x"]}')).toEqual({ ok: true, value: { a: [1, 'x'] } });
  });
  it.each([
    ['{"a": 1 "b": 2}', 'Expected a comma', 1, 9],
    ['{\n  "a": 1,\n}', 'Expected a property name in double quotes', 3, 1],
    ['{"a": 1}\n// note', 'Comments are not allowed in JSON', 2, 1],
    ['/* c */ {"a": 1}', 'Comments are not allowed in JSON', 1, 1],
    ['{"a": 1} {}', 'Unexpected content after the end of the JSON value', 1, 10],
    ["{'a': 1}", 'Unexpected character', 1, 2],
  ])('reports %j as %s at %i:%i', (text, message, line, column) => {
    const r = parseJsonStrict(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ message, line, column });
  });
  it('says when the file ends too early', () => {
    const r = parseJsonStrict('{\n  "a": [1, 2\n');
    expect(r).toMatchObject({ ok: false, error: { line: 3, column: 1 } });
    if (!r.ok) expect(r.error.message).toMatch(/^Unexpected end of file/);
  });
  it('rejects an empty or whitespace-only text', () => {
    expect(parseJsonStrict('')).toMatchObject({
      ok: false,
      error: { message: 'The file is empty', line: 1 },
    });
    expect(parseJsonStrict(' \n\t ')).toMatchObject({ ok: false, error: { message: 'The file is empty' } });
  });
  it('keeps a __proto__ key as data', () => {
    const r = parseJsonStrict('{"__proto__": {"x": 1}}');
    expect(r.ok).toBe(true);
    if (r.ok) expect(Object.keys(r.value as object)).toEqual(['__proto__']);
  });
  it('rejects control characters and leading zeros that lenient parsers accept', () => {
    expect(parseJsonStrict('{"a": "x\ty"}').ok).toBe(false);
    expect(parseJsonStrict('{"a": 01}').ok).toBe(false);
  });
});

describe('nestingBeyond', () => {
  it('finds where arrays and objects first nest deeper than the limit, ignoring brackets in strings', () => {
    expect(nestingBeyond('{"a": [[1]]}', 3)).toBeUndefined();
    expect(nestingBeyond('{"a": [[[1]]]}', 3)).toEqual({ offset: 8, depth: 4 });
    expect(nestingBeyond('{"a": "[[[[\\"[["}', 1)).toBeUndefined();
    expect(nestingBeyond('[[[', 2)).toEqual({ offset: 2, depth: 3 });
  });
});

describe('parseJsonStrict on deep nesting', () => {
  it('parses valid JSON nested 10,000 levels deep (JSON.parse does not recurse)', () => {
    const r = parseJsonStrict(`${'['.repeat(10_000)}1${']'.repeat(10_000)}`);
    expect(r.ok).toBe(true);
  });
  it('reports invalid JSON nested 10,000 levels deep where it gets too deep, instead of overflowing the stack', () => {
    const text = `{"Statement":\n${'['.repeat(10_000)}`;
    const r = parseJsonStrict(text);
    expect(r).toMatchObject({ ok: false, error: { line: 2, column: MAX_DIAGNOSED_DEPTH } });
    if (!r.ok)
      expect(r.error.message).toBe(
        'Nested too deeply: arrays and objects 10001 levels deep (the gate reads at most 512)',
      );
  });
  it('still says what is wrong in invalid JSON nested less deeply', () => {
    const r = parseJsonStrict(`${'['.repeat(400)}1`);
    expect(r).toMatchObject({ ok: false, error: { line: 1, column: 402 } });
    if (!r.ok) expect(r.error.message).toMatch(/^Unexpected end of file/);
  });
});
