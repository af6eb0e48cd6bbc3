import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeText, invalidUtf8At, overTheLimit } from '../../src/core/decode-text';
import { BIG_TEXT_BYTES, readText } from '../../src/discover/read-text';

describe('decodeText', () => {
  it('decodes UTF-8 and removes a BOM', () => {
    expect(decodeText(Buffer.from('\uFEFF{"a": "é"}', 'utf8'))).toEqual({ ok: true, text: '{"a": "é"}' });
  });
  it('decodes UTF-16 LE and BE with a BOM', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a": 1}', 'utf16le')]);
    expect(decodeText(le)).toEqual({ ok: true, text: '{"a": 1}' });
    const be = Buffer.from(le);
    be.swap16();
    expect(decodeText(be)).toEqual({ ok: true, text: '{"a": 1}' });
  });
  it('refuses invalid UTF-8, NUL bytes and zip archives', () => {
    expect(decodeText(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]))).toEqual({
      ok: false,
      reason:
        'not valid UTF-8 text (byte 0xC3 at line 1, column 2): a binary file, or text in another encoding (save it as UTF-8)',
      at: { line: 1, column: 2 },
    });
    expect(decodeText(Buffer.from('{"a"\u0000}', 'utf8'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/NUL/),
    });
    expect(decodeText(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14]))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/terraform show -json/),
    });
  });
});

describe('invalidUtf8At', () => {
  it.each([
    ['ASCII and valid multi-byte text', Buffer.from('{"a": "é€😀"}', 'utf8'), -1],
    ['a Latin-1 byte', Buffer.from([0x61, 0xe9, 0x62]), 1],
    ['an overlong slash (C0 AF)', Buffer.from([0x61, 0xc0, 0xaf]), 1],
    ['an overlong 3-byte form (E0 80 AF)', Buffer.from([0xe0, 0x80, 0xaf]), 0],
    ['a UTF-16 surrogate encoded in UTF-8 (ED A0 80)', Buffer.from([0x61, 0x62, 0xed, 0xa0, 0x80]), 2],
    ['a code point above U+10FFFF (F4 90 80 80)', Buffer.from([0xf4, 0x90, 0x80, 0x80]), 0],
    ['a sequence cut short at the end', Buffer.from([0x61, 0xe2, 0x82]), 1],
    ['a lone continuation byte', Buffer.from([0x80]), 0],
  ])('%s', (_what, bytes, offset) => {
    expect(invalidUtf8At(bytes)).toBe(offset);
  });
});

describe('decodeText says where and what', () => {
  it('gives the line and column (in characters) of the first invalid UTF-8 byte', () => {
    const bytes = Buffer.concat([
      Buffer.from('{\n  "Sid": "été-', 'utf8'),
      Buffer.from([0xe9]),
      Buffer.from('"}'),
    ]);
    expect(decodeText(bytes)).toEqual({
      ok: false,
      reason:
        'not valid UTF-8 text (byte 0xE9 at line 2, column 15): a binary file, or text in another encoding (save it as UTF-8)',
      at: { line: 2, column: 15 },
    });
  });

  it('names UTF-16 without a byte order mark, little- and big-endian', () => {
    const le = Buffer.from('{"Statement": []}', 'utf16le');
    expect(decodeText(le)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^UTF-16LE text without a byte order mark/),
    });
    const be = Buffer.from(le).swap16();
    expect(decodeText(be)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^UTF-16BE text without a byte order mark/),
    });
  });

  it('says a UTF-16 file with an odd number of bytes was cut short', () => {
    const odd = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{}', 'utf16le'), Buffer.from([0x0a])]);
    expect(decodeText(odd)).toEqual({
      ok: false,
      reason: 'not valid UTF-16LE text (an odd number of bytes: cut short?)',
    });
  });

  it('gives the line and column of the first NUL character', () => {
    expect(decodeText(Buffer.from('{\n"a": "x\u0000y"}', 'utf8'))).toEqual({
      ok: false,
      reason: 'a binary file (contains NUL bytes, the first at line 2, column 8)',
      at: { line: 2, column: 8 },
    });
  });
});

describe('overTheLimit', () => {
  const MiB = 1024 * 1024;
  it('says MiB, and gives bytes when rounding would make the size look like the limit', () => {
    expect(overTheLimit(10_493_996, 10 * MiB)).toBe(
      '10,493,996 bytes, over the limit of 10,485,760 bytes (10.0 MiB)',
    );
    expect(overTheLimit(52 * MiB + 5, 10 * MiB)).toBe('52.0 MiB, over the limit of 10.0 MiB');
    expect(overTheLimit(5060, 4096)).toBe('5060 bytes, over the limit of 4096 bytes');
  });
});

describe('readText on big files (read straight into a string)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-gate-read-big-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const pad = (head: string) => `${head}${' '.repeat(BIG_TEXT_BYTES)}`;
  const utf8 = (text: string) => Buffer.from(text, 'utf8');
  const cases: Array<[string, Buffer]> = [
    ['plain UTF-8', utf8(pad('{"a": "é ✓ 𝄞"}'))],
    ['UTF-8 with a BOM', utf8(`\uFEFF${pad('{"a": 1}')}`)],
    ['a valid U+FFFD', utf8(pad('{"a": "\uFFFD"}'))],
    [
      'UTF-16 LE with a BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(pad('{"a": 1}'), 'utf16le')]),
    ],
    ['UTF-16 LE without a BOM', Buffer.from(pad('{"a": 1}'), 'utf16le')],
    [
      'invalid UTF-8 near the end',
      Buffer.concat([utf8(pad('{"a": 1}\n')), Buffer.from([0x0a, 0x20, 0xc3, 0x28])]),
    ],
    ['an encoded surrogate', Buffer.concat([utf8(pad('{"a": 1}')), Buffer.from([0xed, 0xa0, 0x80])])],
    ['a NUL', utf8(pad('{"a"\u0000: 1}'))],
    ['a zip archive', Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), utf8(pad('x'))])],
  ];
  it.each(cases)('reads %s as decodeText decodes its bytes', async (name, bytes) => {
    const file = join(dir, `${name.replaceAll(' ', '-')}.json`);
    writeFileSync(file, bytes);
    expect(await readText(file, 256 * 1024 * 1024)).toEqual(decodeText(bytes));
  });

  it('leaves no Buffer of the whole file behind for the collector', async () => {
    // A Buffer of a 100 MiB plan lives on beside its text (and, once parsed, its value) until the collector
    // runs: 1x the plan more at the peak of the offline run.
    const file = join(dir, 'plan.json');
    writeFileSync(file, pad('{"format_version": "1.2"}').repeat(8));
    const before = process.memoryUsage().arrayBuffers;
    const read = await readText(file, 256 * 1024 * 1024);
    expect(read.ok).toBe(true);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(BIG_TEXT_BYTES);
  });
});
