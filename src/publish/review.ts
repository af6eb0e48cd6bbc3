// Publishing the inline review (docs/architecture.md sections 6 and 8): one `COMMENT` review per run with the comments
// the gate has not left yet (at most 100), and the gate's earlier comments on findings that are gone edited
// to say so (struck through, "Fixed in <sha>"). REST only: resolving threads needs GraphQL ids, and an
// edited comment shows the outcome to every reader of the conversation, resolved or not.
// A read-only token (fork PR) or a review GitHub refuses (422) is a fallback to the sticky comment, never a
// failure of the run.

import { errorMessage } from '../core/errors';
import type { Logger } from '../core/logger';
import { isPermissionDenied, statusOf } from '../github/errors';
import { isWrittenBy, type TokenIdentity } from '../github/identity';
import type { GitHubClient } from '../github/octokit';
import {
  MAX_REVIEW_COMMENTS,
  parseFindingMarker,
  type Resolution,
  type ReviewComment,
  type ReviewPlan,
  renderResolvedComment,
  renderReviewBody,
} from '../report/review';

export interface ExistingReviewComment {
  id: number;
  path: string;
  /** null when GitHub marks the comment outdated (its line changed since). */
  line: number | null;
  body: string;
  /**
   * Written by the token's own account (identity.ts): only those are the gate's. A person's or another
   * app's comment, marker or not, is never counted nor edited.
   */
  ours: boolean;
}

export interface ReviewSelection {
  /** New comments for this run's review, at most MAX_REVIEW_COMMENTS. */
  post: ReviewComment[];
  /** Planned comments the gate already left on the same line. */
  skippedExisting: number;
  /** Planned comments over the cap: counted in the review body, left to the sticky comment. */
  overflow: number;
  /** Earlier gate comments to edit, with their new body ('moved' only holds once the review is posted). */
  resolve: { id: number; kind: Resolution['kind']; body: string }[];
}

export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
  headSha: string;
}

export interface PublishReviewResult {
  posted: number;
  skippedExisting: number;
  resolved: number;
  overflow: number;
  /** Set when the review was not posted: the findings are in the sticky comment only. */
  fallback?: 'forbidden' | 'unprocessable';
}

const position = (key: string, path: string, line: number | null) => `${key}\u0000${path}\u0000${line}`;

/** What to post and what to edit, given the plan and the review comments already on the pull request. */
export function selectReviewComments(
  plan: ReviewPlan,
  existing: readonly ExistingReviewComment[],
): ReviewSelection {
  const open: (ExistingReviewComment & { key: string })[] = [];
  for (const c of existing) {
    const marker = c.ours ? parseFindingMarker(c.body) : undefined;
    // Another gate's comment (another comment-tag, or none when this run has one) is never this run's.
    if (marker?.state === 'open' && marker.tag === plan.tag) open.push({ ...c, key: marker.key });
  }
  const present = new Set(open.filter((c) => c.line !== null).map((c) => position(c.key, c.path, c.line)));
  const fresh = plan.comments.filter((c) => !present.has(position(c.key, c.path, c.line)));
  const post = fresh.slice(0, MAX_REVIEW_COMMENTS);

  // Where each finding is commented once this review is posted: already there, or posted now.
  const after = [...plan.comments.filter((c) => present.has(position(c.key, c.path, c.line))), ...post];
  const placedAt = new Set(after.map((c) => position(c.key, c.path, c.line)));
  const placed = new Map<string, ReviewComment>();
  for (const c of after) if (!placed.has(c.key)) placed.set(c.key, c);

  const resolve: ReviewSelection['resolve'] = [];
  for (const c of open) {
    if (plan.leaveAlone.has(c.path)) continue;
    let how: Resolution | undefined;
    if (!plan.liveKeys.has(c.key)) {
      const reason = plan.suppressedKeys.get(c.key);
      how =
        reason === undefined
          ? { kind: 'fixed', headSha: plan.headSha }
          : { kind: 'suppressed', headSha: plan.headSha, reason };
    } else {
      const now = placed.get(c.key);
      if (now && !placedAt.has(position(c.key, c.path, c.line))) {
        how = { kind: 'moved', headSha: plan.headSha, path: now.path, line: now.line };
      }
    }
    if (how) resolve.push({ id: c.id, kind: how.kind, body: renderResolvedComment(c.body, how) });
  }
  return {
    post,
    skippedExisting: plan.comments.length - fresh.length,
    overflow: fresh.length - post.length,
    resolve,
  };
}

const FORBIDDEN_HINT =
  "the token cannot write pull request reviews. Grant 'pull-requests: write' in the workflow's permissions; " +
  'pull requests from forks get a read-only token, so there the findings are in the annotations, the job ' +
  'summary and (when it can be written) the pull request comment.';

export async function listExistingReviewComments(
  octokit: GitHubClient,
  pr: Omit<PullRequestRef, 'headSha'>,
  identity: TokenIdentity,
): Promise<ExistingReviewComment[]> {
  const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, {
    owner: pr.owner,
    repo: pr.repo,
    pull_number: pr.number,
    per_page: 100,
  });
  return comments.map((c) => ({
    id: Number(c.id),
    path: c.path,
    line: c.line ?? null,
    body: c.body ?? '',
    ours: isWrittenBy(c.user, identity),
  }));
}

/**
 * Posts this run's review and resolves the gate's stale comments (those `identity` wrote). Errors other
 * than 403 (permissions) and 422 (a comment GitHub cannot place) are thrown for the caller to report as a
 * warning.
 */
export async function publishReview(
  octokit: GitHubClient,
  pr: PullRequestRef,
  plan: ReviewPlan,
  log: Logger,
  identity: TokenIdentity,
): Promise<PublishReviewResult> {
  const result: PublishReviewResult = { posted: 0, skippedExisting: 0, resolved: 0, overflow: 0 };
  let selection: ReviewSelection;
  try {
    selection = selectReviewComments(plan, await listExistingReviewComments(octokit, pr, identity));
  } catch (err) {
    if (!isPermissionDenied(err)) throw err;
    log.warning(`Could not read the pull request's review comments: ${FORBIDDEN_HINT}`);
    return { ...result, fallback: 'forbidden' };
  }
  result.skippedExisting = selection.skippedExisting;
  result.overflow = selection.overflow;

  if (selection.post.length > 0) {
    try {
      await octokit.rest.pulls.createReview({
        owner: pr.owner,
        repo: pr.repo,
        pull_number: pr.number,
        commit_id: pr.headSha,
        event: 'COMMENT',
        body: renderReviewBody({
          posted: selection.post.length,
          overflow: selection.overflow,
          offDiff: plan.offDiff.length,
          tag: plan.tag,
        }),
        comments: selection.post.map((c) => ({
          path: c.path,
          line: c.line,
          side: c.side,
          body: c.body,
          ...(c.start_line !== undefined ? { start_line: c.start_line, start_side: c.side } : {}),
        })),
      });
      result.posted = selection.post.length;
    } catch (err) {
      if (isPermissionDenied(err)) {
        log.warning(`Could not post the review comments: ${FORBIDDEN_HINT}`);
        return { ...result, fallback: 'forbidden' };
      }
      if (statusOf(err) !== 422) throw err;
      log.warning(
        `GitHub refused the review (422: ${errorMessage(err)}); ` +
          'its findings are in the pull request comment.',
      );
      result.fallback = 'unprocessable';
    }
  }

  // A refused review posted nothing, so no comment has moved anywhere.
  const resolve = selection.resolve.filter((r) => result.fallback === undefined || r.kind !== 'moved');
  for (const stale of resolve) {
    try {
      await octokit.rest.pulls.updateReviewComment({
        owner: pr.owner,
        repo: pr.repo,
        comment_id: stale.id,
        body: stale.body,
      });
      result.resolved += 1;
    } catch (err) {
      if (isPermissionDenied(err)) {
        log.warning(`Could not mark earlier review comments as fixed: ${FORBIDDEN_HINT}`);
        return { ...result, fallback: result.fallback ?? 'forbidden' };
      }
      if (statusOf(err) !== 404) throw err;
      log.debug(`Review comment ${stale.id} is gone; nothing to resolve.`);
    }
  }
  log.info(
    `Review: ${result.posted} posted, ${result.skippedExisting} already there, ${result.resolved} resolved` +
      (result.overflow > 0 ? `, ${result.overflow} over the ${MAX_REVIEW_COMMENTS}-comment cap` : ''),
  );
  return result;
}
