// IAM's last-accessed data for principals (issue 17): GenerateServiceLastAccessedDetails with Granularity
// ACTION_LEVEL per principal, then GetServiceLastAccessedDetails polled with backoff until the job is
// COMPLETED (or FAILED), reading every page (Marker).
//
// - Advisory: nothing here throws for a principal. A failure (permission missing, throttled past the SDK's
//   retries, a job that failed or did not finish in time) is that principal's `unavailable` with a reason
//   naming the permission or the limit; the caller makes it a notice (or ANALYSIS_FAILED under
//   `usage.required`).
// - Bounded: one time budget (`usage.timeout-seconds`) for all principals together. When it runs out, the
//   calls in flight are aborted and the waits cut short, so a job that stays IN_PROGRESS can never hang the run.
// - The same IAM client (factories, retries, timeouts) and the run's one limiter for AWS calls as the
//   simulation: each call takes a slot, a wait between polls holds none.
// - Page chains are guarded: a Marker that repeats, or more than LAST_ACCESSED_MAX_PAGES pages, makes the
//   answer unusable rather than partial (a partial report would under-count what was used).
import {
  GenerateServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsCommand,
  type GetServiceLastAccessedDetailsCommandOutput,
  type IAMClient,
  type ServiceLastAccessed,
} from '@aws-sdk/client-iam';
import type { LimitFunction } from 'p-limit';

export const GENERATE_PERMISSION = 'iam:GenerateServiceLastAccessedDetails';
export const GET_PERMISSION = 'iam:GetServiceLastAccessedDetails';
/** Services per page: the API's maximum. */
export const LAST_ACCESSED_MAX_ITEMS = 1000;
/** IAM lists a few hundred services at most; a longer chain is a fault, not data. */
export const LAST_ACCESSED_MAX_PAGES = 50;
/** How a job is polled: the wait before the first poll and the most between two polls (ms); the wait doubles. */
export interface PollBackoff {
  first: number;
  max: number;
}

/** The default backoff of IAM's last-accessed jobs. */
export const DEFAULT_POLL_MS: PollBackoff = { first: 1_000, max: 8_000 };

/** What a principal has used of one service. */
export interface ServiceUsage {
  namespace: string;
  name: string;
  /** The last authenticated attempt (allowed or denied: both count as access); undefined when none tracked. */
  lastAuthenticated?: Date;
  /** True when IAM tracks this service's actions (the job's TrackedActionsLastAccessed); else service level only. */
  actionLevel: boolean;
  /** Tracked actions as `namespace:Action`, with their last attempt when there was one. */
  actions: Array<{ action: string; lastAccessed?: Date }>;
}

export type PrincipalUsage =
  | { arn: string; status: 'available'; services: ServiceUsage[]; completedAt?: Date }
  | { arn: string; status: 'unavailable'; reason: string };

export interface LastAccessedOptions {
  client: IAMClient;
  /** The run's limiter for AWS calls (shared with the other back ends). */
  limit: LimitFunction;
  /** The budget for every principal together (usage.timeout-seconds). */
  timeoutMs: number;
  /** Poll backoff (tests shorten it). */
  pollMs?: PollBackoff;
  maxPages?: number;
}

class UsageTimeout extends Error {}

/** Waits `ms`, or less when the signal aborts first. */
function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** One sentence for a failed call: which permission, what came back, and what to do. Never a secret. */
export function describeUsageError(err: unknown, permission: string): string {
  if (!(err instanceof Error)) return `${permission} failed: ${String(err)}.`;
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const detail = `${permission} failed with ${err.name}${status ? ` (HTTP ${status})` : ''}: ${err.message.replace(/\.\s*$/, '')}`;
  if (err.name === 'AccessDenied' || err.name === 'AccessDeniedException')
    return `${detail}. Allow ${GENERATE_PERMISSION} and ${GET_PERMISSION} for the AWS role the workflow uses.`;
  if (err.name === 'NoSuchEntity' || err.name === 'NoSuchEntityException')
    return `${detail}. The principal does not exist in this account (yet); map it with usage.principals if its ARN differs.`;
  if (err.name === 'Throttling') return `${detail}. IAM kept throttling; re-run the job.`;
  if (err.name === 'CredentialsProviderError')
    return `${detail}. No AWS credentials were found; configure them (e.g. aws-actions/configure-aws-credentials).`;
  return `${detail}.`;
}

/** `namespace:Action`: IAM names a tracked action without its service prefix in some answers; add it. */
const qualified = (namespace: string, action: string) =>
  action.includes(':') ? action : `${namespace}:${action}`;

function serviceUsage(s: ServiceLastAccessed): ServiceUsage | undefined {
  if (typeof s.ServiceNamespace !== 'string' || s.ServiceNamespace === '') return undefined;
  const tracked = s.TrackedActionsLastAccessed;
  return {
    namespace: s.ServiceNamespace,
    name: s.ServiceName ?? s.ServiceNamespace,
    ...(s.LastAuthenticated ? { lastAuthenticated: s.LastAuthenticated } : {}),
    actionLevel: tracked !== undefined,
    actions: (tracked ?? [])
      .filter((a) => typeof a.ActionName === 'string' && a.ActionName !== '')
      .map((a) => ({
        action: qualified(s.ServiceNamespace!, a.ActionName!),
        ...(a.LastAccessedTime ? { lastAccessed: a.LastAccessedTime } : {}),
      })),
  };
}

/** Reads the usage of each principal (ARNs deduplicated, in order); never throws, never outlasts the budget. */
export async function readLastAccessed(
  arns: readonly string[],
  opts: LastAccessedOptions,
): Promise<PrincipalUsage[]> {
  const controller = new AbortController();
  const { signal } = controller;
  const timer = setTimeout(() => controller.abort(new UsageTimeout()), opts.timeoutMs);
  const seconds = Math.round(opts.timeoutMs / 100) / 10;
  const timedOut = (arn: string, doing: string): PrincipalUsage => ({
    arn,
    status: 'unavailable',
    reason: `IAM's last-accessed job ${doing} within usage.timeout-seconds (${seconds} s); usage is not shown. Raise usage.timeout-seconds, or re-run later.`,
  });
  const call = <T>(run: () => Promise<T>): Promise<T> => {
    if (signal.aborted) return Promise.reject(new UsageTimeout());
    return opts.limit(() => (signal.aborted ? Promise.reject(new UsageTimeout()) : run()));
  };

  const one = async (arn: string): Promise<PrincipalUsage> => {
    let step = 'did not start';
    try {
      const started = await call(() =>
        opts.client.send(
          new GenerateServiceLastAccessedDetailsCommand({ Arn: arn, Granularity: 'ACTION_LEVEL' }),
          {
            abortSignal: signal,
          },
        ),
      ).catch((err: unknown) => {
        throw signal.aborted ? new UsageTimeout() : new Error(describeUsageError(err, GENERATE_PERMISSION));
      });
      const jobId = started.JobId;
      if (!jobId)
        return { arn, status: 'unavailable', reason: `${GENERATE_PERMISSION} answered without a JobId.` };
      step = 'did not complete';
      return await poll(arn, jobId);
    } catch (err) {
      if (err instanceof UsageTimeout || signal.aborted) return timedOut(arn, step);
      return { arn, status: 'unavailable', reason: (err as Error).message };
    }
  };

  const get = (jobId: string, marker?: string) =>
    call(() =>
      opts.client.send(
        new GetServiceLastAccessedDetailsCommand({
          JobId: jobId,
          MaxItems: LAST_ACCESSED_MAX_ITEMS,
          ...(marker !== undefined ? { Marker: marker } : {}),
        }),
        { abortSignal: signal },
      ),
    ).catch((err: unknown) => {
      throw signal.aborted ? new UsageTimeout() : new Error(describeUsageError(err, GET_PERMISSION));
    });

  const poll = async (arn: string, jobId: string): Promise<PrincipalUsage> => {
    const backoff = opts.pollMs ?? DEFAULT_POLL_MS;
    let delay = backoff.first;
    for (;;) {
      await wait(delay, signal);
      if (signal.aborted) throw new UsageTimeout();
      const first = await get(jobId);
      if (first.JobStatus === 'IN_PROGRESS') {
        delay = Math.min(delay * 2, backoff.max);
        continue;
      }
      if (first.JobStatus === 'FAILED') {
        const why = first.Error
          ? `${first.Error.Code ?? 'Error'}: ${first.Error.Message ?? ''}`
          : 'no reason given';
        return { arn, status: 'unavailable', reason: `IAM's last-accessed job failed (${why}).` };
      }
      if (first.JobStatus !== 'COMPLETED') {
        return {
          arn,
          status: 'unavailable',
          reason: `${GET_PERMISSION} answered an unknown JobStatus ${JSON.stringify(first.JobStatus ?? null)}.`,
        };
      }
      const services = await allPages(jobId, first);
      if (typeof services === 'string') return { arn, status: 'unavailable', reason: services };
      return {
        arn,
        status: 'available',
        services,
        ...(first.JobCompletionDate ? { completedAt: first.JobCompletionDate } : {}),
      };
    }
  };

  /** Every service of a completed job, or why the pages cannot be trusted. */
  const allPages = async (
    jobId: string,
    first: GetServiceLastAccessedDetailsCommandOutput,
  ): Promise<ServiceUsage[] | string> => {
    const maxPages = opts.maxPages ?? LAST_ACCESSED_MAX_PAGES;
    const seen = new Set<string>();
    const out: ServiceUsage[] = [];
    let page = first;
    for (let n = 1; ; n++) {
      for (const s of page.ServicesLastAccessed ?? []) {
        const usage = serviceUsage(s);
        if (usage) out.push(usage);
      }
      if (!page.IsTruncated) return out;
      const marker = page.Marker;
      if (!marker)
        return `${GET_PERMISSION} said more pages follow but gave no Marker; the report is incomplete.`;
      if (seen.has(marker))
        return `${GET_PERMISSION} repeated a Marker: the pages loop; the report is incomplete.`;
      if (n >= maxPages) return `the report did not end within ${maxPages} pages; it is incomplete.`;
      seen.add(marker);
      page = await get(jobId, marker);
    }
  };

  try {
    return await Promise.all([...new Set(arns)].map(one));
  } finally {
    clearTimeout(timer);
  }
}
