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
