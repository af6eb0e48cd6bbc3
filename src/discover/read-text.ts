// Reads a file as text, refusing what is not text: too big, binary, not valid UTF-8/UTF-16.
import { readFileSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';

/** 1-based line and column (in characters) of the first bad byte of a file that could not be read. */
export interface TextPosition {
  line: number;
  column: number;
}

export type ReadResult =
  | { ok: true; text: string }
  /** `size`: set when the file was refused for being over the limit (its size in bytes). */
  | { ok: false; reason: string; at?: TextPosition; size?: number };

const MiB = 1024 * 1024;

function formatBytes(bytes: number): string {
  return bytes >= MiB ? `${(bytes / MiB).toFixed(1)} MiB` : `${bytes} bytes`;
}

/**
 * "10.5 MiB, over the limit of 10.0 MiB". When rounding would make the two look equal (10,493,996 bytes is
 * "10.0 MiB" too), both are given in bytes, so the message stays true.
 */
export function overTheLimit(size: number, limit: number): string {
  const [a, b] = [formatBytes(size), formatBytes(limit)];
  if (a !== b) return `${a}, over the limit of ${b}`;
  const exact = (n: number) => `${n.toLocaleString('en-US')} bytes`;
  return `${exact(size)}, over the limit of ${exact(limit)} (${b})`;
}

/** Offset of the first byte that is not part of a valid UTF-8 sequence (RFC 3629), or -1. */
export function invalidUtf8At(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    // The length of the sequence, and the range of its second byte (no overlongs, surrogates or > U+10FFFF).
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) n = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      n = 3;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 4;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k < n; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n;
  }
  return -1;
}

/** The line and column of a byte offset, counting columns in characters of the valid UTF-8 before it. */
function bytePosition(bytes: Uint8Array, offset: number): TextPosition {
  let lineStart = 0;
  let line = 1;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line += 1;
      lineStart = i + 1;
    }
  }
  const column = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset)).length + 1;
  return { line, column };
}

function hex(byte: number | undefined): string {
  return `0x${(byte ?? 0).toString(16).toUpperCase().padStart(2, '0')}`;
}

/**
 * UTF-16 without a byte order mark: mostly ASCII text with a NUL byte in every other position (Windows tools
 * write this). Looks at the first 1,000 pairs of bytes.
 */
function looksLikeBomlessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const pairs = Math.min(1000, Math.floor(bytes.length / 2));
  if (pairs < 2) return undefined;
  let le = 0;
  let be = 0;
  for (let p = 0; p < pairs; p++) {
    const a = bytes[2 * p];
    const b = bytes[2 * p + 1];
    if (a !== 0 && b === 0) le += 1;
    else if (a === 0 && b !== 0) be += 1;
  }
  if (le >= pairs * 0.9) return 'utf-16le';
  if (be >= pairs * 0.9) return 'utf-16be';
  return undefined;
}

/**
 * Decodes file bytes: UTF-8 (a leading BOM removed) or UTF-16 with a BOM (PowerShell's `>` writes that,
 * e.g. `terraform show -json tfplan > plan.json` on Windows). A zip (a binary Terraform plan), NUL bytes or
 * invalid UTF-8 make the file unreadable, with the reason and, for text, where the first bad byte is.
 */
export function decodeText(bytes: Uint8Array): ReadResult {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return {
      ok: false,
      reason:
        'a zip archive (a binary Terraform plan?); convert a plan with `terraform show -json tfplan > plan.json`',
    };
  }
  let encoding = 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = 'utf-16be';
  if (encoding === 'utf-8') {
    const utf16 = looksLikeBomlessUtf16(bytes);
    if (utf16 !== undefined) {
      return {
        ok: false,
        reason: `${utf16.toUpperCase()} text without a byte order mark (BOM); save it as UTF-8, or as UTF-16 with a BOM`,
      };
    }
  }
  let text: string;
  try {
    // fatal: invalid sequences throw; the BOM (if any) is consumed by the decoder.
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    if (encoding !== 'utf-8') {
      const odd =
        bytes.length % 2 === 1 ? ' (an odd number of bytes: cut short?)' : ' (an unpaired surrogate)';
      return { ok: false, reason: `not valid ${encoding.toUpperCase()} text${odd}` };
    }
    const offset = invalidUtf8At(bytes);
    const at = offset < 0 ? undefined : bytePosition(bytes, offset);
    const where = at ? ` (byte ${hex(bytes[offset])} at line ${at.line}, column ${at.column})` : '';
    return {
      ok: false,
      reason: `not valid UTF-8 text${where}: a binary file, or text in another encoding (save it as UTF-8)`,
      ...(at ? { at } : {}),
    };
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    let line = 1;
    for (let nl = text.indexOf('\n'); nl !== -1 && nl < nul; nl = text.indexOf('\n', nl + 1)) line += 1;
    const column = nul - text.lastIndexOf('\n', nul - 1);
    return {
      ok: false,
      reason: `a binary file (contains NUL bytes, the first at line ${line}, column ${column})`,
      at: { line, column },
    };
  }
  return { ok: true, text };
}

/** Files from this size on (Terraform plans) are read straight into a string (readBigText). */
export const BIG_TEXT_BYTES = 4 * MiB;

/** The whole file from its first byte, whatever has been read from the handle already. */
async function bytesFromStart(handle: FileHandle): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for (let position = 0; ; ) {
    const { bytesRead, buffer } = await handle.read({ buffer: Buffer.alloc(16 * MiB), position });
    if (bytesRead === 0) return Buffer.concat(chunks);
    chunks.push(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
}

/**
 * A big file read by Node's native UTF-8 reader, straight into a string: no Buffer of the whole file is
 * left for the collector beside the text and, later, its parsed value (for a 100 MiB plan, 100 MiB more at
 * the peak). That reader replaces what is not UTF-8 (encoded surrogates, overlongs, a UTF-16 BOM) with
 * U+FFFD, as the WHATWG decoder does, so a text that has no U+FFFD and no NUL, and is no zip archive, is
 * exactly what decodeText returns (UTF-16 without a BOM has NUL bytes); anything else is read again as
 * bytes, for decodeText's verdict and message.
 */
async function readBigText(handle: FileHandle): Promise<ReadResult> {
  const text = readFileSync(handle.fd, 'utf8');
  const plain = !text.startsWith('PK\u0003\u0004') && !text.includes('\uFFFD') && !text.includes('\u0000');
  if (plain) return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  return decodeText(await bytesFromStart(handle));
}

/** Reads and decodes `absolutePath`, refusing files over `maxBytes` before reading them. */
export async function readText(absolutePath: string, maxBytes: number): Promise<ReadResult> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(absolutePath, 'r');
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, reason: 'not a regular file' };
    if (info.size > maxBytes) {
      return { ok: false, reason: `${overTheLimit(info.size, maxBytes)}; not read`, size: info.size };
    }
    return info.size >= BIG_TEXT_BYTES ? await readBigText(handle) : decodeText(await handle.readFile());
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, reason: `cannot be read (${code ?? (e instanceof Error ? e.message : String(e))})` };
  } finally {
    await handle?.close();
  }
}

/**
 * Whether the file starts as `terraform show -json` writes a plan, `{"format_version":"...` (Terraform writes
 * that key first; pretty-printers keep the order), in UTF-8 or UTF-16 with a BOM. Reads the first bytes only:
 * it decides whether a big file found by `policies` gets the plan size limit.
 */
export async function startsLikePlan(absolutePath: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(absolutePath, 'r');
    const head = new Uint8Array(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    const encoding =
      bytes[0] === 0xff && bytes[1] === 0xfe
        ? 'utf-16le'
        : bytes[0] === 0xfe && bytes[1] === 0xff
          ? 'utf-16be'
          : 'utf-8';
    // Not fatal: the last character may be cut in two; the BOM (if any) is consumed by the decoder.
    const text = new TextDecoder(encoding).decode(bytes);
    return /^\s*\{\s*"format_version"\s*:\s*"/.test(text);
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}
