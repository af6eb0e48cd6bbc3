// URLs that may appear in a report. Documentation links come from the analyzer (and could be steered by
// untrusted input), so only https links to AWS's documentation hosts are used; file links are built from the
// trusted render context and a percent-encoded path.
import type { RenderContext } from './context';

/** Hosts whose pages a finding may link to as its documentation. */
export const DOCS_HOSTS: readonly string[] = ['docs.aws.amazon.com', 'aws.amazon.com', 'repost.aws'];

/** Every character outside this set is percent-encoded, so a URL cannot end a Markdown link or table cell. */
function encodeUnsafe(url: string): string {
  return url.replace(/[^A-Za-z0-9\-._~:/?#&=%+,;]/g, (c) =>
    Array.from(new TextEncoder().encode(c), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(
      '',
    ),
  );
}

function parseHttps(raw: string): URL | undefined {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:' || url.username || url.password) return undefined;
    return url;
  } catch {
    return undefined;
  }
}

/** The documentation link when it is https on an allowlisted host without a port, else undefined. */
export function safeDocsUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const url = parseHttps(raw);
  if (!url || url.port || !DOCS_HOSTS.includes(url.hostname)) return undefined;
  return encodeUnsafe(url.href);
}

/** A trusted https URL (run, repository) made safe to put in a Markdown link; undefined otherwise. */
export function safeHttpsUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const url = parseHttps(raw);
  return url ? encodeUnsafe(url.href) : undefined;
}

function encodePath(file: string): string {
  return file
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`),
    )
    .join('/');
}

/** `${repoUrl}/blob/${headSha}/${file}#L1-L2`, when the context knows the repository and the commit. */
export function blobUrl(
  ctx: RenderContext,
  file: string,
  startLine: number,
  endLine: number,
): string | undefined {
  const repo = safeHttpsUrl(ctx.repoUrl);
  if (!repo || !ctx.headSha || !/^[0-9a-f]{7,64}$/i.test(ctx.headSha)) return undefined;
  if (file.split('/').some((s) => s === '..' || s === '.') || file.startsWith('/')) return undefined;
  const lines = endLine > startLine ? `L${startLine}-L${endLine}` : `L${startLine}`;
  return `${repo.replace(/\/+$/, '')}/blob/${ctx.headSha}/${encodePath(file)}#${lines}`;
}
