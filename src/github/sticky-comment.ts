// The one sticky PR comment: the comment with the hidden marker that the token's own account wrote (see
// identity.ts), created once, then edited in place, and not re-sent when its body is unchanged.
import type { Logger } from '../core/logger';
import { isPermissionDenied, statusOf } from './errors';
import { type CommentAuthor, isBotAuthor, isWrittenBy, type TokenIdentity } from './identity';
import type { GitHubClient } from './octokit';

export const COMMENT_MARKER = '<!-- iam-policy-gate -->';

/**
 * The sticky comment's marker for a `comment-tag`: without one, COMMENT_MARKER exactly (the comments of
 * earlier versions stay the gate's). The quotes end the tag, so tag `a` never matches `ab`'s comment, and no
 * tagged marker contains the untagged one. The tag is checked by the input (inputs.ts COMMENT_TAG).
 */
export function stickyMarker(tag: string | undefined): string {
  return tag === undefined ? COMMENT_MARKER : `<!-- iam-policy-gate tag="${tag}" -->`;
}

export type StickyOutcome = 'created' | 'updated' | 'unchanged' | 'skipped';

export interface StickyTarget {
  owner: string;
  repo: string;
  issueNumber: number;
}

interface CommentLike {
  id: number | bigint;
  body?: string | null | undefined;
  user?: CommentAuthor | null | undefined;
}

/**
 * The gate's earlier comment, if any: it carries the marker and the token's own account wrote it. A person's
 * or another app's comment quoting the marker is never edited.
 *
 * With no identity (GitHub did not say who the token is) the newest comment with the marker that a Bot
 * wrote: no person can forge a bot's authorship, and without it every run would post a new comment. It
 * may be another app's; GitHub then refuses the edit and upsertStickyComment posts a new comment instead.
 * `comments` are oldest first, as GitHub lists them.
 */
export function findStickyComment<T extends CommentLike>(
  comments: readonly T[],
  marker: string,
  identity: TokenIdentity | undefined,
): T | undefined {
  const marked = comments.filter((c) => (c.body ?? '').includes(marker));
  if (identity) return marked.find((c) => isWrittenBy(c.user, identity));
  return marked.reverse().find((c) => isBotAuthor(c.user));
}

/**
 * Creates or updates the sticky comment. `wanted` is false when the run has nothing to say (comment:
 * on-findings and a clean run): an existing comment is still updated so that it never goes stale. An edit
 * GitHub refuses (403: not the token's to edit after all; 404: deleted meanwhile) falls back to a new
 * comment, so the report is never lost.
 */
export async function upsertStickyComment(
  octokit: GitHubClient,
  target: StickyTarget,
  body: string,
  opts: {
    wanted: boolean;
    identity: TokenIdentity | undefined;
    marker?: string;
    /** Says in the debug log which comment is taken for the gate's when the identity is not known. */
    log?: Pick<Logger, 'debug'>;
  },
): Promise<{ outcome: StickyOutcome; url?: string }> {
  const marker = opts.marker ?? COMMENT_MARKER;
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  });
  const existing = findStickyComment(comments, marker, opts.identity);
  if (!opts.identity) opts.log?.debug(describeBotFallback(existing));
  if (existing) {
    if (existing.body === body) return { outcome: 'unchanged', url: existing.html_url };
    try {
      const { data } = await octokit.rest.issues.updateComment({
        owner: target.owner,
        repo: target.repo,
        comment_id: Number(existing.id),
        body,
      });
      return { outcome: 'updated', url: data.html_url };
    } catch (err) {
      if (!isPermissionDenied(err) && statusOf(err) !== 404) throw err;
    }
  } else if (!opts.wanted) {
    return { outcome: 'skipped' };
  }
  const { data } = await octokit.rest.issues.createComment({
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    body,
  });
  return { outcome: 'created', url: data.html_url };
}

/** The debug line of a run that does not know its token's account: which comment it takes for its own. */
function describeBotFallback(existing: CommentLike | undefined): string {
  if (!existing) {
    return 'Sticky comment: the token account is not known and no comment with the marker was written by a Bot.';
  }
  return (
    `Sticky comment: the token account is not known, so the newest comment with the marker written by a Bot ` +
    `(comment ${existing.id} by ${existing.user?.login ?? 'unknown'}) is taken for the gate's.`
  );
}
