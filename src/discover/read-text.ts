// Reads a file as text, refusing what is not text: too big, or what core/decode-text.ts refuses (binary, not
// valid UTF-8/UTF-16).
import { readFileSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { decodeText, overTheLimit, type ReadResult } from '../core/decode-text';

import { errorMessage } from '../core/errors';

const MiB = 1024 * 1024;

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

/**
 * Reads a big file (BIG_TEXT_BYTES on) from its handle some other way than whole (a plan parsed as it is
 * read, streamed-plan.ts), nothing read from the handle yet; undefined: the file is read whole after all.
 */
export type BigFileReader<T> = (handle: FileHandle) => T | undefined;

/**
 * Reads and decodes `absolutePath`, refusing files over `maxBytes` before reading them; a big file that
 * `readBig` takes is what it read (`read`), with no text.
 */
export async function readText(absolutePath: string, maxBytes: number): Promise<ReadResult>;
export async function readText<T>(
  absolutePath: string,
  maxBytes: number,
  readBig: BigFileReader<T>,
): Promise<ReadResult | { ok: true; read: T }>;
export async function readText<T>(
  absolutePath: string,
  maxBytes: number,
  readBig?: BigFileReader<T>,
): Promise<ReadResult | { ok: true; read: T }> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(absolutePath, 'r');
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, reason: 'not a regular file' };
    if (info.size > maxBytes) {
      return { ok: false, reason: `${overTheLimit(info.size, maxBytes)}; not read`, size: info.size };
    }
    if (info.size < BIG_TEXT_BYTES) return decodeText(await handle.readFile());
    const read = readBig?.(handle);
    return read !== undefined ? { ok: true, read } : await readBigText(handle);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, reason: `cannot be read (${code ?? errorMessage(e)})` };
  } finally {
    await handle?.close();
  }
}

/**
 * The first characters of the file (its first 4 KiB, decoded as UTF-8 or as UTF-16 after a BOM), or undefined
 * when it cannot be read: enough for a kind's `startsLike` (core/policy-file-kinds.ts) to decide whether a
 * big file found by `policies` gets that kind's size limit, without reading the whole file.
 */
export async function readHead(absolutePath: string): Promise<string | undefined> {
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
    return new TextDecoder(encoding).decode(bytes);
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}
