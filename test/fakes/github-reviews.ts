// Answers of the fake GitHub's review routes: create a review (comments must sit on lines of the diff, else
// 422 like GitHub) and render reviews and review comments.
import type { GitHubRequest } from './github';
import {
  diffLines,
  type FakeGitHubState,
  fakeSha,
  now,
  type PullSeed,
  type Review,
  type ReviewComment,
  userObject,
} from './github-state';

export interface Context {
  state: FakeGitHubState;
  request: GitHubRequest;
  url: string;
  accept: string;
}

export interface Answer {
  status?: number;
  body?: unknown;
  /** A list to paginate with per_page/page and a Link header. */
  page?: unknown[];
  /** A raw file (Accept: application/vnd.github.raw). */
  raw?: string;
}

export const DOCS = 'https://docs.github.com/rest';
export const notFound = (doc = DOCS): Answer => ({
  status: 404,
  body: { message: 'Not Found', documentation_url: doc, status: '404' },
});
export const invalid = (message: string, doc: string, errors?: unknown[]): Answer => ({
  status: 422,
  body: { message, ...(errors ? { errors } : {}), documentation_url: doc, status: '422' },
});

export const REPO = '^/repos/(?<owner>[^/]+)/(?<repo>[^/]+)';
export const p = (rest: string): RegExp => new RegExp(`${REPO}${rest}$`);

export function ids(ctx: Context): { repo: string; key: string; pull: PullSeed | undefined } {
  const { owner = '', repo = '', number = '' } = ctx.request.params;
  const full = `${decodeURIComponent(owner)}/${decodeURIComponent(repo)}`;
  const key = `${full}#${number}`;
  return { repo: full, key, pull: ctx.state.pulls[key] };
}

export const headSha = (pull: PullSeed, key: string): string => pull.headSha ?? fakeSha(`head:${key}`);

export function bodyOf(request: GitHubRequest): Record<string, unknown> {
  const b = request.body;
  return b && typeof b === 'object' && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
}

export function renderReviewComment(
  c: ReviewComment,
  repo: string,
  number: string,
  url: string,
): Record<string, unknown> {
  return {
    ...c,
    url: `${url}/repos/${repo}/pulls/comments/${c.id}`,
    pull_request_url: `${url}/repos/${repo}/pulls/${number}`,
    original_line: c.line,
    original_commit_id: c.commit_id,
    start_line: c.start_line ?? null,
    start_side: c.start_side ?? null,
    subject_type: 'line',
    author_association: 'NONE',
    user: userObject(c.user),
  };
}

export function createReview(ctx: Context): Answer {
  const { repo, key, pull } = ids(ctx);
  if (!pull) return notFound();
  const doc = `${DOCS}/pulls/reviews#create-a-review-for-a-pull-request`;
  const body = bodyOf(ctx.request);
  const commitId = typeof body.commit_id === 'string' ? body.commit_id : headSha(pull, key);
  const reviewId = ctx.state.nextId++;
  const comments: ReviewComment[] = [];
  for (const raw of Array.isArray(body.comments) ? body.comments : []) {
    const c = (raw ?? {}) as Record<string, unknown>;
    const file = pull.files?.find((f) => f.filename === c.path);
    if (!file) return invalid('Unprocessable Entity', doc, ['Path could not be resolved']);
    const side = c.side === 'LEFT' ? 'LEFT' : 'RIGHT';
    const lines = diffLines(file.patch);
    if (typeof c.line !== 'number' || !lines[side].has(c.line)) {
      return invalid('Unprocessable Entity', doc, ['Line could not be resolved']);
    }
    // A multi-line comment: `start_line` before `line`, with `start_side` (required with it, per the
    // endpoint's documentation), on a line of the diff on that side.
    let start: { start_line: number; start_side: 'LEFT' | 'RIGHT' } | undefined;
    if (c.start_line !== undefined && c.start_line !== null) {
      const startSide = c.start_side === 'LEFT' || c.start_side === 'RIGHT' ? c.start_side : undefined;
      if (
        typeof c.start_line !== 'number' ||
        startSide === undefined ||
        !lines[startSide].has(c.start_line)
      ) {
        return invalid('Unprocessable Entity', doc, ['Start line could not be resolved']);
      }
      if (c.start_line >= c.line) {
        return invalid('Unprocessable Entity', doc, ['start_line must precede the end line.']);
      }
      start = { start_line: c.start_line, start_side: startSide };
    }
    const id = ctx.state.nextId++;
    comments.push({
      id,
      pull_request_review_id: reviewId,
      path: file.filename,
      line: c.line,
      side,
      ...start,
      body: String(c.body ?? ''),
      user: ctx.request.user,
      commit_id: commitId,
      created_at: now(),
      updated_at: now(),
      html_url: `https://github.com/${repo}/pull/${ctx.request.params.number}#discussion_r${id}`,
    });
  }
  const event = typeof body.event === 'string' ? body.event : undefined;
  const states: Record<string, Review['state']> = {
    COMMENT: 'COMMENTED',
    APPROVE: 'APPROVED',
    REQUEST_CHANGES: 'CHANGES_REQUESTED',
  };
  const review: Review = {
    id: reviewId,
    body: typeof body.body === 'string' ? body.body : '',
    state: (event && states[event]) || 'PENDING',
    ...(event ? { event } : {}),
    commit_id: commitId,
    user: ctx.request.user,
    comments,
  };
  ctx.state.reviews[key] ??= [];
  ctx.state.reviews[key].push(review);
  return { body: renderReview(review, repo, ctx.request.params.number ?? '', ctx.url) };
}

export function renderReview(r: Review, repo: string, number: string, url: string): Record<string, unknown> {
  return {
    id: r.id,
    node_id: Buffer.from(`017:PullRequestReview${r.id}`).toString('base64'),
    user: userObject(r.user),
    body: r.body,
    state: r.state,
    html_url: `https://github.com/${repo}/pull/${number}#pullrequestreview-${r.id}`,
    pull_request_url: `${url}/repos/${repo}/pulls/${number}`,
    author_association: 'NONE',
    commit_id: r.commit_id,
    ...(r.state === 'PENDING' ? {} : { submitted_at: now() }),
  };
}
