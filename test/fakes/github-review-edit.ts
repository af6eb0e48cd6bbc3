// `PATCH /repos/{owner}/{repo}/pulls/comments/{id}` (Octokit's pulls.updateReviewComment) for the fake GitHub:
// edits the body of a review comment, only by its author, like GitHub. Routed in github-routes.ts;
// `reviewCommentEdits(gh, next)` also serves it from a hook, so a test can inject faults on edits.
import type { FakeGitHub, GitHubFault, GitHubRequest } from './github';
import { type Answer, type Context, DOCS, invalid, notFound, p, renderReviewComment } from './github-reviews';
import { now } from './github-state';

export const UPDATE_REVIEW_COMMENT = { method: 'PATCH', pattern: p('/pulls/comments/(?<id>\\d+)') };

export function updateReviewComment(ctx: Context): Answer {
  const doc = `${DOCS}/pulls/comments#update-a-review-comment-for-a-pull-request`;
  const { owner = '', repo = '', id = '' } = ctx.request.params;
  const full = `${decodeURIComponent(owner)}/${decodeURIComponent(repo)}`;
  for (const [key, reviews] of Object.entries(ctx.state.reviews)) {
    if (!key.startsWith(`${full}#`)) continue;
    for (const review of reviews) {
      const comment = review.comments.find((c) => c.id === Number(id));
      if (!comment) continue;
      if (comment.user.login !== ctx.request.user.login) {
        return {
          status: 403,
          body: { message: 'Resource not accessible by integration', documentation_url: doc, status: '403' },
        };
      }
      const body = (ctx.request.body as { body?: unknown } | null)?.body;
      if (typeof body !== 'string') return invalid('Invalid request.\n\n"body" wasn\'t supplied.', doc);
      comment.body = body;
      comment.updated_at = now();
      return { body: renderReviewComment(comment, full, key.split('#')[1] ?? '', ctx.url) };
    }
  }
  return notFound(doc);
}

/** A hook for `startFakeGitHub(seed, { hook })` or `gh.options.hook` that answers review comment edits. */
export function reviewCommentEdits(
  gh: FakeGitHub,
  next?: (req: GitHubRequest) => GitHubFault | undefined,
): (req: GitHubRequest) => GitHubFault | undefined {
  return (req) => {
    const fault = next?.(req);
    if (fault) return fault;
    const m =
      req.method === UPDATE_REVIEW_COMMENT.method ? UPDATE_REVIEW_COMMENT.pattern.exec(req.path) : null;
    if (!m) return undefined;
    const answer = updateReviewComment({
      state: gh.state,
      request: { ...req, params: m.groups ?? {} },
      url: gh.url,
      accept: '',
    });
    return { status: answer.status ?? 200, body: answer.body };
  };
}
