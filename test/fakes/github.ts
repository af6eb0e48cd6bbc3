// A fake GitHub REST API over real HTTP, for Octokit: pull request files, issue comments, repository contents
// and pull request reviews, with Link-header pagination, token auth and fault injection (403s, rate limits).
import type { ServerResponse } from 'node:http';
import { paginate, routes } from './github-routes';
import {
  ACTIONS_BOT,
  type FakeGitHubSeed,
  type FakeGitHubState,
  type GitHubUser,
  normalizeSeed,
  prKey,
} from './github-state';
import {
  FaultRules,
  type ParsedRequest,
  type RecordedRequest,
  type Rule,
  sendJson,
  sleep,
  startHttpServer,
} from './http-server';

export * from './github-state';
export type { RecordedRequest } from './http-server';

export type GitHubRoute =
  | 'pulls.get'
  | 'pulls.listFiles'
  | 'pulls.createReview'
  | 'pulls.listReviews'
  | 'pulls.listReviewComments'
  | 'pulls.updateReviewComment'
  | 'issues.listComments'
  | 'issues.createComment'
  | 'issues.getComment'
  | 'issues.updateComment'
  | 'issues.deleteComment'
  | 'repos.getContent'
  | 'graphql'
  | 'unknown';

/** A request as fault rules and hooks see it. */
export interface GitHubRequest {
  route: GitHubRoute;
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  token: string;
  user: GitHubUser;
}

/** A canned answer in place of the normal one; with only `delayMs`, the normal answer comes late. */
export interface GitHubFault {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Drop the connection without an answer. */
  destroy?: boolean;
}

export type GitHubFaultRule = Rule<GitHubRequest, GitHubFault>;

const DOCS = 'https://docs.github.com/rest';

/** Builders of the errors GitHub really sends. */
export const githubFaults = {
  /** What a read-only token (fork PR, missing `pull-requests: write`) gets on writes. */
  notAccessibleByIntegration: (doc = `${DOCS}/issues/comments#create-an-issue-comment`): GitHubFault => ({
    status: 403,
    body: { message: 'Resource not accessible by integration', documentation_url: doc, status: '403' },
  }),
  /** Primary rate limit: 403 (or 429) with x-ratelimit-remaining 0 and the reset time. */
  primaryRateLimit: (opts: { status?: 403 | 429; resetInSeconds?: number } = {}): GitHubFault => {
    const reset = Math.floor(Date.now() / 1000) + (opts.resetInSeconds ?? 1);
    return {
      status: opts.status ?? 403,
      headers: {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-used': '5000',
        'x-ratelimit-reset': String(reset),
        'x-ratelimit-resource': 'core',
      },
      body: {
        message: 'API rate limit exceeded for installation ID 12345678.',
        documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api`,
        status: String(opts.status ?? 403),
      },
    };
  },
  /** Secondary rate limit: 403 (or 429) with retry-after. */
  secondaryRateLimit: (opts: { status?: 403 | 429; retryAfterSeconds?: number } = {}): GitHubFault => ({
    status: opts.status ?? 403,
    headers: { 'retry-after': String(opts.retryAfterSeconds ?? 1) },
    body: {
      message:
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out ' +
        'to GitHub Support for help, please include the request ID 0000:0000:000000:000000:00000000.',
      documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits`,
      status: String(opts.status ?? 403),
    },
  }),
  serverError: (status = 502): GitHubFault => ({
    status,
    body: { message: 'Server Error', status: String(status) },
  }),
  /**
   * A GraphQL query GitHub ran but refused a field of: 200 with a top-level error `type` (not
   * `extensions.code`) and the field's `path`; a non-null field (`viewer: User!`) nulls `data`.
   */
  graphqlForbidden: (field = 'viewer'): GitHubFault => ({
    status: 200,
    body: {
      data: null,
      errors: [
        {
          type: 'FORBIDDEN',
          path: [field],
          extensions: { saml_failure: false },
          locations: [{ line: 1, column: 9 }],
          message: 'Resource not accessible by integration',
        },
      ],
    },
  }),
  /** GraphQL's primary rate limit: 200, `type: RATE_LIMIT` and GitHub's `code`, no `data`. */
  graphqlRateLimit: (userId = 41898282): GitHubFault => ({
    status: 200,
    headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-resource': 'graphql' },
    body: {
      errors: [
        {
          type: 'RATE_LIMIT',
          code: 'graphql_rate_limit',
          message: `API rate limit already exceeded for user ID ${userId}.`,
        },
      ],
    },
  }),
};

export interface FakeGitHubOptions {
  /** Decide per request; runs before the fault rules. Return undefined for the normal answer. */
  hook?: (req: GitHubRequest) => GitHubFault | undefined;
}

export interface FakeGitHub {
  /** http://127.0.0.1:PORT, for Octokit's `baseUrl`. */
  url: string;
  state: FakeGitHubState;
  requests: RecordedRequest[];
  options: FakeGitHubOptions;
  /** Add fault rules, e.g. `{ when: (r) => r.route === 'issues.createComment', fault: githubFaults.notAccessibleByIntegration() }`. */
  injectFaults(...rules: GitHubFaultRule[]): void;
  /** The next `times` requests (optionally of one route) get `fault`. */
  failNext(times: number, fault: GitHubFault, route?: GitHubRoute): void;
  clearFaults(): void;
  /** Comments of an issue or pull request. */
  comments(owner: string, repo: string, number: number): FakeGitHubState['issueComments'][string];
  close(): Promise<void>;
}

function tokenOf(header: string | undefined): string | undefined {
  const m = /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? '');
  return m?.[1];
}

export async function startFakeGitHub(
  seed: FakeGitHubSeed = {},
  options: FakeGitHubOptions = {},
): Promise<FakeGitHub> {
  const rules = new FaultRules<GitHubRequest, GitHubFault>();
  let remaining = 5000;
  let url = '';
  let state: FakeGitHubState | undefined;

  const handle = async (req: ParsedRequest, res: ServerResponse): Promise<void> => {
    const st = state as FakeGitHubState;
    const rate = (): Record<string, string> => ({
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(Math.max(0, --remaining)),
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-used': String(5000 - remaining),
      'x-ratelimit-resource': 'core',
      'x-github-request-id': `FAKE:${req.method}:${Date.now()}`,
      'x-github-api-version-selected': '2022-11-28',
    });
    const header = req.headers.authorization;
    const token = tokenOf(header);
    if (!token || st.badTokens.includes(token)) {
      const message = header ? 'Bad credentials' : 'Requires authentication';
      sendJson(res, 401, { message, documentation_url: DOCS, status: '401' }, rate());
      return;
    }
    const user = st.users[token] ?? ACTIONS_BOT;
    let match: { route: GitHubRoute; params: Record<string, string> } = { route: 'unknown', params: {} };
    for (const r of routes) {
      const m = r.method === req.method ? r.pattern.exec(req.path) : null;
      if (m) {
        match = { route: r.route, params: m.groups ?? {} };
        break;
      }
    }
    const request: GitHubRequest = {
      ...match,
      method: req.method,
      path: req.path,
      query: req.query,
      body: req.body,
      token,
      user,
    };
    const fault = options.hook?.(request) ?? rules.take(request);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.destroy) {
      req.raw.socket.destroy();
      return;
    }
    if (fault?.status !== undefined) {
      sendJson(res, fault.status, fault.body, { ...rate(), ...fault.headers });
      return;
    }
    const handler = routes.find((r) => r.route === match.route)?.handle;
    if (!handler) {
      sendJson(res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' }, rate());
      return;
    }
    const answer = handler({ state: st, request, url, accept: String(req.headers.accept ?? '') });
    if (answer.page) {
      const { items, link } = paginate(answer.page, req.query, `${url}${req.path}`);
      sendJson(res, 200, items, { ...rate(), ...(link ? { link } : {}) });
    } else if (answer.raw !== undefined) {
      res.writeHead(200, { ...rate(), 'content-type': 'application/vnd.github.raw; charset=utf-8' });
      res.end(answer.raw);
    } else {
      sendJson(res, answer.status ?? 200, answer.body, rate());
    }
  };

  const server = await startHttpServer(handle);
  url = server.url;
  state = normalizeSeed(seed, url);
  const st = state;
  return {
    url,
    state: st,
    requests: server.requests,
    options,
    injectFaults: (...r) => rules.add(...r),
    failNext: (times, fault, route) =>
      rules.add({ times, fault, ...(route ? { when: (r) => r.route === route } : {}) }),
    clearFaults: () => rules.clear(),
    comments: (owner, repo, number) => {
      const key = prKey(owner, repo, number);
      st.issueComments[key] ??= [];
      return st.issueComments[key];
    },
    close: server.close,
  };
}
