// Reads a file as text, refusing what is not text: too big, binary, not valid UTF-8/UTF-16 (core/decode-text.ts).
import { open } from 'node:fs/promises';
import { decodeText, overTheLimit, type ReadResult } from '../core/decode-text';

export {
  decodeText,
  invalidUtf8At,
  overTheLimit,
  type ReadResult,
  type TextPosition,
} from '../core/decode-text';

import { errorMessage } from '../core/errors';

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
    return decodeText(await handle.readFile());
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
