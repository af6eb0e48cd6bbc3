// The one Octokit factory (DESIGN.md section 8), at the edge with the AWS clients' (aws.ts): the entries
// build the client here and hand it on. REST methods, pagination, retry of server errors, and throttling that
// waits out primary rate limits and retries secondary ones except on review POSTs.
import type { Logger } from '../core/logger';
import { GateOctokit, type GitHubClient } from '../github/octokit';

const MAX_RATE_LIMIT_RETRIES = 2;

export interface OctokitOptions {
  token: string;
  baseUrl: string;
  userAgent: string;
  log: Logger;
}

type GateOctokitOptions = NonNullable<ConstructorParameters<typeof GateOctokit>[0]>;

/** The client's options: auth, retry and throttling (a caller may adjust them, e.g. its own limiter). */
export function octokitOptions(opts: OctokitOptions) {
  const { log } = opts;
  return {
    auth: opts.token,
    baseUrl: opts.baseUrl,
    userAgent: opts.userAgent,
    // 429 is left to the throttling plugin; 4xx answers are final.
    retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    throttle: {
      onRateLimit: (retryAfter, options, _octokit, retryCount) => {
        log.warning(`GitHub rate limit hit on ${options.method} ${options.url}; retrying in ${retryAfter}s`);
        return retryCount < MAX_RATE_LIMIT_RETRIES;
      },
      onSecondaryRateLimit: (retryAfter, options, _octokit, retryCount) => {
        log.warning(
          `GitHub secondary rate limit on ${options.method} ${options.url} (retry after ${retryAfter}s)`,
        );
        // Retrying a review POST can post it twice; everything else is safe to retry once.
        return !(options.method === 'POST' && /\/reviews$/.test(options.url)) && retryCount < 1;
      },
    },
  } satisfies GateOctokitOptions;
}

export function createOctokit(opts: OctokitOptions): GitHubClient {
  return new GateOctokit(octokitOptions(opts));
}
