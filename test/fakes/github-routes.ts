// Routes of the fake GitHub: each turns a request and the state into an answer shaped like GitHub's REST API.
import type { GitHubRoute } from './github';
import { graphql } from './github-graphql';
import { UPDATE_REVIEW_COMMENT, updateReviewComment } from './github-review-edit';
import {
  type Answer,
  bodyOf,
  type Context,
  createReview,
  DOCS,
  headSha,
  ids,
  invalid,
  notFound,
  p,
  renderReview,
  renderReviewComment,
} from './github-reviews';
import {
  commentObject,
  fakeSha,
  gitBlobSha,
  type IssueComment,
  now,
  pullFileObject,
  renderComment,
} from './github-state';

const MAX_BODY = 65536;

function checkCommentBody(body: unknown, doc: string): Answer | undefined {
  if (typeof body !== 'string') return invalid('Invalid request.\n\n"body" wasn\'t supplied.', doc);
  if (body.length > MAX_BODY) {
    return invalid('Validation Failed', doc, [
      {
        resource: 'IssueComment',
        code: 'custom',
        field: 'body',
        message: `body is too long (maximum is ${MAX_BODY} characters)`,
      },
    ]);
  }
  return undefined;
}

function findComment(ctx: Context): { list: IssueComment[]; index: number } | undefined {
  const id = Number(ctx.request.params.id);
  const { repo } = ids(ctx);
  for (const [key, list] of Object.entries(ctx.state.issueComments)) {
    if (!key.startsWith(`${repo}#`)) continue;
    const index = list.findIndex((c) => c.id === id);
    if (index >= 0) return { list, index };
  }
  return undefined;
}

function getContent(ctx: Context): Answer {
  const { repo } = ids(ctx);
  const doc = `${DOCS}/repos/contents#get-repository-content`;
  const path = decodeURIComponent(ctx.request.params.path ?? '').replace(/\/$/, '');
  const ref = ctx.request.query.ref ?? ctx.state.defaultBranch;
  const files = ctx.state.contents[repo]?.[ref];
  if (!files) return notFound(doc);
  const entry = (name: string, type: 'file' | 'dir', text = ''): Record<string, unknown> => ({
    type,
    name: name.split('/').at(-1),
    path: name,
    sha: gitBlobSha(text),
    size: type === 'file' ? Buffer.byteLength(text) : 0,
    url: `${ctx.url}/repos/${repo}/contents/${name}?ref=${ref}`,
    html_url: `https://github.com/${repo}/${type === 'file' ? 'blob' : 'tree'}/${ref}/${name}`,
    git_url: `${ctx.url}/repos/${repo}/git/${type === 'file' ? 'blobs' : 'trees'}/${gitBlobSha(text)}`,
    download_url: type === 'file' ? `https://raw.githubusercontent.com/${repo}/${ref}/${name}` : null,
  });
  const text = files[path];
  if (text !== undefined) {
    if (ctx.accept.includes('raw')) return { raw: text };
    const base64 = Buffer.from(text).toString('base64').replace(/.{60}/g, '$&\n');
    return { body: { ...entry(path, 'file', text), encoding: 'base64', content: base64 } };
  }
  const prefix = path === '' ? '' : `${path}/`;
  const children = new Map<string, Record<string, unknown>>();
  for (const [name, content] of Object.entries(files)) {
    if (!name.startsWith(prefix)) continue;
    const [first = '', ...rest] = name.slice(prefix.length).split('/');
    children.set(first, rest.length > 0 ? entry(prefix + first, 'dir') : entry(name, 'file', content));
  }
  return children.size > 0 ? { body: [...children.values()] } : notFound(doc);
}

export const routes: {
  route: GitHubRoute;
  method: string;
  pattern: RegExp;
  handle: (ctx: Context) => Answer;
}[] = [
  {
    route: 'pulls.get',
    method: 'GET',
    pattern: p('/pulls/(?<number>\\d+)'),
    handle: (ctx) => {
      const { repo, key, pull } = ids(ctx);
      if (!pull) return notFound();
      const number = Number(ctx.request.params.number);
      const side = (ref: string, sha: string, full: string) => ({
        ref,
        sha,
        label: `${full.split('/')[0]}:${ref}`,
        repo: { full_name: full, name: full.split('/')[1] },
      });
      return {
        body: {
          number,
          state: 'open',
          title: pull.title ?? `PR ${number}`,
          html_url: `https://github.com/${repo}/pull/${number}`,
          head: side(pull.headRef ?? 'feature', headSha(pull, key), pull.headRepo ?? repo),
          base: side(pull.baseRef ?? ctx.state.defaultBranch, pull.baseSha ?? fakeSha(`base:${key}`), repo),
        },
      };
    },
  },
  {
    route: 'pulls.listFiles',
    method: 'GET',
    pattern: p('/pulls/(?<number>\\d+)/files'),
    handle: (ctx) => {
      const { repo, key, pull } = ids(ctx);
      if (!pull) return notFound();
      return { page: (pull.files ?? []).map((f) => pullFileObject(repo, headSha(pull, key), f, ctx.url)) };
    },
  },
  {
    route: 'pulls.updateReviewComment',
    method: UPDATE_REVIEW_COMMENT.method,
    pattern: UPDATE_REVIEW_COMMENT.pattern,
    handle: updateReviewComment,
  },
  {
    route: 'pulls.createReview',
    method: 'POST',
    pattern: p('/pulls/(?<number>\\d+)/reviews'),
    handle: createReview,
  },
  {
    route: 'pulls.listReviews',
    method: 'GET',
    pattern: p('/pulls/(?<number>\\d+)/reviews'),
    handle: (ctx) => {
      const { repo, key } = ids(ctx);
      return {
        page: (ctx.state.reviews[key] ?? []).map((r) =>
          renderReview(r, repo, ctx.request.params.number ?? '', ctx.url),
        ),
      };
    },
  },
  {
    route: 'pulls.listReviewComments',
    method: 'GET',
    pattern: p('/pulls/(?<number>\\d+)/comments'),
    handle: (ctx) => {
      const { repo, key } = ids(ctx);
      const all = (ctx.state.reviews[key] ?? []).flatMap((r) => r.comments);
      return { page: all.map((c) => renderReviewComment(c, repo, ctx.request.params.number ?? '', ctx.url)) };
    },
  },
  {
    route: 'issues.listComments',
    method: 'GET',
    pattern: p('/issues/(?<number>\\d+)/comments'),
    handle: (ctx) => ({ page: (ctx.state.issueComments[ids(ctx).key] ?? []).map(renderComment) }),
  },
  {
    route: 'issues.createComment',
    method: 'POST',
    pattern: p('/issues/(?<number>\\d+)/comments'),
    handle: (ctx) => {
      const { key } = ids(ctx);
      const body = bodyOf(ctx.request).body;
      const error = checkCommentBody(body, `${DOCS}/issues/comments#create-an-issue-comment`);
      if (error) return error;
      const comment = commentObject(key, ctx.state.nextId++, String(body), ctx.request.user, ctx.url);
      ctx.state.issueComments[key] ??= [];
      ctx.state.issueComments[key].push(comment);
      return { status: 201, body: renderComment(comment) };
    },
  },
  {
    route: 'issues.getComment',
    method: 'GET',
    pattern: p('/issues/comments/(?<id>\\d+)'),
    handle: (ctx) => {
      const found = findComment(ctx);
      const comment = found?.list[found.index];
      return comment ? { body: renderComment(comment) } : notFound();
    },
  },
  {
    route: 'issues.updateComment',
    method: 'PATCH',
    pattern: p('/issues/comments/(?<id>\\d+)'),
    handle: (ctx) => {
      const found = findComment(ctx);
      const comment = found?.list[found.index];
      if (!comment) return notFound(`${DOCS}/issues/comments#update-an-issue-comment`);
      // Like GitHub for an app's token: only the comment's author may edit it (another app's comment, or
      // a person's, is 403 "Resource not accessible by integration").
      if (comment.user.id !== ctx.request.user.id) {
        return {
          status: 403,
          body: {
            message: 'Resource not accessible by integration',
            documentation_url: `${DOCS}/issues/comments#update-an-issue-comment`,
            status: '403',
          },
        };
      }
      const body = bodyOf(ctx.request).body;
      const error = checkCommentBody(body, `${DOCS}/issues/comments#update-an-issue-comment`);
      if (error) return error;
      comment.body = String(body);
      comment.updated_at = now();
      return { body: renderComment(comment) };
    },
  },
  {
    route: 'issues.deleteComment',
    method: 'DELETE',
    pattern: p('/issues/comments/(?<id>\\d+)'),
    handle: (ctx) => {
      const found = findComment(ctx);
      if (!found) return notFound();
      found.list.splice(found.index, 1);
      return { status: 204 };
    },
  },
  { route: 'repos.getContent', method: 'GET', pattern: p('/contents/(?<path>.*)'), handle: getContent },
  { route: 'graphql', method: 'POST', pattern: /^\/graphql$/, handle: graphql },
];

/** GitHub's pagination: per_page (default 30, max 100), page (from 1), and an RFC 8288 Link header. */
export function paginate(
  items: unknown[],
  query: Record<string, string>,
  base: string,
): { items: unknown[]; link?: string } {
  const perPage = Math.min(Math.max(Number(query.per_page) || 30, 1), 100);
  const page = Math.max(Number(query.page) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const at = (n: number): string => {
    const params = new URLSearchParams({ ...query, page: String(n) });
    if (query.per_page !== undefined) params.set('per_page', query.per_page);
    return `<${base}?${params.toString()}>`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`${at(Math.min(page - 1, last))}; rel="prev"`);
  if (page < last) links.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`);
  if (page > 1) links.push(`${at(1)}; rel="first"`);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  return links.length > 0 ? { items: slice, link: links.join(', ') } : { items: slice };
}
