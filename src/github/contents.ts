// Reads one file at a commit through the contents API (the base branch's config, base-branch policies).
import { ConfigurationError } from '../core/errors';
import type { GitHubClient } from './octokit';

export interface FileAtRef {
  owner: string;
  repo: string;
  /** Repository-relative, forward slashes. */
  path: string;
  /** A sha, branch or tag. */
  ref: string;
}

function status(err: unknown): number | undefined {
  return err && typeof err === 'object' && 'status' in err && typeof err.status === 'number'
    ? err.status
    : undefined;
}

/** The body of a raw (`application/vnd.github.raw`) answer, which Octokit hands back as text or bytes. */
function rawText(data: unknown): string {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  if (ArrayBuffer.isView(data))
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  throw new Error(`unexpected raw contents answer of type ${typeof data}`);
}

/**
 * The text of `path` at `ref`, or undefined when the file does not exist there (404). A directory or
 * another non-file is a ConfigurationError; every other failure propagates.
 */
export async function readFileAtRef(octokit: GitHubClient, file: FileAtRef): Promise<string | undefined> {
  const params = { owner: file.owner, repo: file.repo, path: file.path, ref: file.ref };
  let data: unknown;
  try {
    ({ data } = await octokit.rest.repos.getContent(params));
  } catch (err) {
    if (status(err) === 404) return undefined;
    throw err;
  }
  if (Array.isArray(data)) {
    throw new ConfigurationError(`${file.path} is a directory at ${file.ref}, not a file.`);
  }
  const entry = (data ?? {}) as { type?: unknown; encoding?: unknown; content?: unknown };
  if (entry.type !== 'file') {
    throw new ConfigurationError(`${file.path} at ${file.ref} is a ${String(entry.type)}, not a file.`);
  }
  if (entry.encoding === 'base64' && typeof entry.content === 'string') {
    return Buffer.from(entry.content, 'base64').toString('utf8');
  }
  // Files over 1 MB come without content (encoding "none"): ask for the raw bytes.
  const raw = await octokit.rest.repos.getContent({ ...params, mediaType: { format: 'raw' } });
  return rawText(raw.data);
}
