// The one sticky PR comment: found by its hidden marker and a bot author, created once, then edited in place.
import type { GitHubClient } from './octokit';

export const COMMENT_MARKER = '<!-- iam-policy-gate -->';

export type StickyOutcome = 'created' | 'updated' | 'unchanged' | 'skipped';

export interface StickyTarget {
  owner: string;
  repo: string;
  issueNumber: number;
}

interface CommentLike {
  id: number | bigint;
  body?: string | null | undefined;
  user?: { login?: string | undefined; type?: string | undefined } | null | undefined;
}

/**
 * The gate's earlier comment, if any: it carries the marker and a bot wrote it (the Actions token posts as
 * github-actions[bot]; a GitHub App as its own bot). A human's comment quoting the marker is never edited.
 */
export function findStickyComment<T extends CommentLike>(
  comments: readonly T[],
  marker: string,
): T | undefined {
  return comments.find((c) => c.user?.type === 'Bot' && (c.body ?? '').includes(marker));
}

/**
 * Creates or updates the sticky comment. `wanted` is false when the run has nothing to say (comment:
 * on-findings and a clean run): an existing comment is still updated so that it never goes stale.
 */
export async function upsertStickyComment(
  octokit: GitHubClient,
  target: StickyTarget,
  body: string,
  opts: { wanted: boolean; marker?: string },
): Promise<{ outcome: StickyOutcome; url?: string }> {
  const marker = opts.marker ?? COMMENT_MARKER;
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  });
  const existing = findStickyComment(comments, marker);
  if (existing) {
    if (existing.body === body) return { outcome: 'unchanged', url: existing.html_url };
    const { data } = await octokit.rest.issues.updateComment({
      owner: target.owner,
      repo: target.repo,
      comment_id: Number(existing.id),
      body,
    });
    return { outcome: 'updated', url: data.html_url };
  }
  if (!opts.wanted) return { outcome: 'skipped' };
  const { data } = await octokit.rest.issues.createComment({
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    body,
  });
  return { outcome: 'created', url: data.html_url };
}
