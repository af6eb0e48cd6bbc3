// Reads a file as text, refusing what is not text: too big, binary, not valid UTF-8/UTF-16.
import { open } from 'node:fs/promises';

export type ReadResult = { ok: true; text: string } | { ok: false; reason: string };

const MB = 1024 * 1024;

function formatBytes(bytes: number): string {
  return bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${bytes} bytes`;
}

/**
 * Decodes file bytes: UTF-8 (a leading BOM removed) or UTF-16 with a BOM (PowerShell's `>` writes that,
 * e.g. `terraform show -json tfplan > plan.json` on Windows). A zip (a binary Terraform plan), NUL bytes or
 * invalid UTF-8 make the file unreadable, with the reason.
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
  let text: string;
  try {
    // fatal: invalid sequences throw; the BOM (if any) is consumed by the decoder.
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: `not valid ${encoding === 'utf-8' ? 'UTF-8' : encoding.toUpperCase()} text` };
  }
  if (text.includes('\u0000')) return { ok: false, reason: 'a binary file (contains NUL bytes)' };
  return { ok: true, text };
}

/** Reads and decodes `absolutePath`, refusing files over `maxBytes` before reading them. */
export async function readText(absolutePath: string, maxBytes: number): Promise<ReadResult> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(absolutePath, 'r');
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, reason: 'not a regular file' };
    if (info.size > maxBytes) {
      return {
        ok: false,
        reason: `${formatBytes(info.size)}, over the limit of ${formatBytes(maxBytes)}; not read`,
      };
    }
    return decodeText(await handle.readFile());
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, reason: `cannot be read (${code ?? (e instanceof Error ? e.message : String(e))})` };
  } finally {
    await handle?.close();
  }
}
