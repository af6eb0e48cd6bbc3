// The one Octokit factory (docs/architecture.md section 8), at the edge with the AWS clients' (aws.ts): the entries
// build the client here and hand it on. REST methods, pagination, retry of server errors, and throttling that
// waits out primary rate limits and retries secondary ones except on review POSTs.
import Bottleneck from 'bottleneck/light.js';
import type { Logger } from '../core/logger';
import { GateOctokit, type GitHubClient } from '../github/octokit';

const MAX_RATE_LIMIT_RETRIES = 2;

export interface OctokitOptions {
  token: string;
  baseUrl: string;
  userAgent: string;
  log: Logger;
  /**
   * The throttling plugin spaces writes 1 s apart (3 s for those that notify), as GitHub asks of
   * integrations; on by default. Only tests against the fake GitHub turn it off (`false`): writes then stay
   * one at a time and in order, and rate limits are still waited out and retried.
   */
  writeSpacing?: boolean;
}

/**
 * The plugin's own knobs for its write and notification limiters: limiters of this client only that keep
 * writes one at a time but without the minimum time between them.
 */
function unspacedWriteLimiters() {
  return {
    write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
    notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
  };
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
      ...(opts.writeSpacing === false ? unspacedWriteLimiters() : {}),
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
