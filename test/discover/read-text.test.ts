import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/discover/read-text';

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
      reason: 'not valid UTF-8 text',
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
