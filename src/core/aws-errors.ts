/**
 * An answer the SDK accepted but the gate cannot use as a complete result: a body without the list the model
 * requires, wrong types, a page chain that breaks off, loops or runs past its cap, results missing for some
 * of the actions asked about. The policy fails closed (ANALYSIS_FAILED) rather than reading it as "no
 * findings". Not retried: the SDK has already returned.
 */
export class IncompleteAnswerError extends Error {
  override name = 'IncompleteAnswer';
  /** The SDK's metadata of the answer (HTTP status, attempts), for describeAwsError. */
  readonly $metadata: { httpStatusCode?: number; attempts?: number } | undefined;

  constructor(
    message: string,
    metadata?: { httpStatusCode?: number | undefined; attempts?: number | undefined },
  ) {
    super(message);
    this.$metadata = metadata
      ? {
          ...(metadata.httpStatusCode !== undefined ? { httpStatusCode: metadata.httpStatusCode } : {}),
          ...(metadata.attempts !== undefined ? { attempts: metadata.attempts } : {}),
        }
      : undefined;
  }
}

type AnswerMetadata = { httpStatusCode?: number | undefined; attempts?: number | undefined };

/**
 * Guards one chain of pages (ValidatePolicy's nextToken, SimulateCustomPolicy's Marker): `follow` returns the
 * token for the next page, and fails closed on a token the chain already had (a loop) or past `maxPages`.
 */
export class PageChain {
  private readonly seen = new Set<string>();

  constructor(
    /** `nextToken`, `Marker`: named in the messages. */
    private readonly tokenName: string,
    /** What the pages hold (`findings`, `results`), for the messages. */
    private readonly items: string,
    private readonly maxPages: number,
  ) {}

  follow(page: number, token: string, metadata: AnswerMetadata): string {
    if (this.seen.has(token)) {
      throw new IncompleteAnswerError(
        `page ${page} returned a ${this.tokenName} the chain already had: the pages loop, so the ${this.items} read are incomplete.`,
        metadata,
      );
    }
    if (page >= this.maxPages) {
      throw new IncompleteAnswerError(
        `the ${this.items} did not end within ${this.maxPages} pages; the chain was cut off there, so the ${this.items} read are incomplete.`,
        metadata,
      );
    }
    this.seen.add(token);
    return token;
  }
}

/** Node's network error codes, as the SDK passes them on (it names ECONNRESET and EPIPE "TimeoutError"). */
const NETWORK_ERRORS: Record<string, string> = {
  ECONNRESET: 'the connection was reset before the answer came',
  EPIPE: 'the connection was closed while the request was being sent',
  ECONNREFUSED: 'the connection was refused',
  ENOTFOUND: 'the endpoint name did not resolve',
  EAI_AGAIN: 'the endpoint name did not resolve',
  EHOSTUNREACH: 'the endpoint was unreachable',
  ENETUNREACH: 'the network was unreachable',
};

const THROTTLING: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
]);

/** The SDK appends this to parse errors; the reader of a report cannot inspect the hidden field it names. */
const DESERIALIZATION_HINT = /\n\s*Deserialization error:[\s\S]*$/;

/** HTTP statuses the SDK retries (besides errors it classes as throttling, timeouts and network errors). */
const RETRIED_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** How many attempts were made, and why there were not more when the SDK could have retried. */
function attemptsText(attempts: number, retryable: boolean, maxAttempts: number | undefined): string {
  if (retryable && maxAttempts !== undefined && attempts < maxAttempts) {
    // The SDK stops retrying a client's calls once its retry budget is spent (500 tokens; 14 per retry of a
    // 5xx, a timeout or a reset, 5 per throttle): a run with many failing calls then fails the rest sooner.
    const budget = 'the SDK had spent its retry budget for this run on earlier failures';
    return attempts > 1
      ? ` after ${attempts} of ${maxAttempts} attempts (then no more: ${budget})`
      : `, not retried (${budget})`;
  }
  if (retryable && maxAttempts === undefined && attempts === 1) {
    return ', not retried (the SDK had spent its retry budget on earlier failures, or AWS_MAX_ATTEMPTS is 1)';
  }
  return attempts > 1 ? ` after ${attempts} attempts` : '';
}

/**
 * Turns an AWS SDK error into one sentence that says which call failed, how, and what to do. Never prints
 * secrets. `permission` is the IAM action of the call (e.g. `access-analyzer:ValidatePolicy`); `maxAttempts`,
 * the client's, lets the sentence say when the SDK gave up retrying early.
 */
export function describeAwsError(
  err: unknown,
  permission: string,
  opts: { maxAttempts?: number | undefined } = {},
): string {
  if (!(err instanceof Error)) return `${permission} failed with an unexpected error: ${String(err)}`;
  const meta = (err as { $metadata?: { httpStatusCode?: number; attempts?: number } }).$metadata;
  const code = (err as { code?: unknown }).code;
  const status = meta?.httpStatusCode ? ` (HTTP ${meta.httpStatusCode})` : '';
  const unreadable = DESERIALIZATION_HINT.test(err.message);
  // One sentence: the SDK's hint dropped, and no trailing period (one is added below).
  const message = err.message.replace(DESERIALIZATION_HINT, '').replace(/\.\s*$/, '');
  const network = typeof code === 'string' ? NETWORK_ERRORS[code] : undefined;
  const name = network ? `network error ${code as string}` : err.name;
  const retryable =
    RETRIED_STATUSES.has(meta?.httpStatusCode ?? 0) ||
    THROTTLING.has(err.name) ||
    network !== undefined ||
    err.name === 'TimeoutError';
  const attempts =
    meta?.attempts !== undefined ? attemptsText(meta.attempts, retryable, opts.maxAttempts) : '';
  const detail = `${permission} failed with ${name}${status}${attempts}: ${message}`;
  if (network) return `${detail}. ${capitalize(network)}; re-run the job.`;
  switch (err.name) {
    case 'AccessDeniedException':
    case 'AccessDenied': // IAM's awsQuery name (SimulateCustomPolicy and the other IAM calls)
      return `${detail}. Allow ${permission} for the AWS role the workflow uses.`;
    case 'ThrottlingException':
    case 'Throttling':
    case 'TooManyRequestsException':
      return `${detail}. AWS kept throttling; lower max-concurrency or re-run the job.`;
    case 'ValidationException':
      return `${detail}. AWS rejected the request; check the policy's size and type.`;
    case 'CredentialsProviderError':
    case 'ExpiredTokenException':
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
      return `${detail}. Check the AWS credentials step (e.g. aws-actions/configure-aws-credentials).`;
    case 'TimeoutError':
    case 'RequestTimeout':
      return `${detail}. The call timed out; re-run the job.`;
    case 'IncompleteAnswer':
      return `${detail}. Re-run the job; if it persists, the service or a proxy is answering wrongly.`;
    default:
      return unreadable
        ? `${detail}. The answer could not be read (not in the service's format); if this persists, check for a proxy between the runner and AWS.`
        : `${detail}.`;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A client's attempts per call (its `maxAttempts` setting), or undefined when it cannot be read. */
export async function clientMaxAttempts(client: {
  config: { maxAttempts: () => Promise<number> };
}): Promise<number | undefined> {
  try {
    return await client.config.maxAttempts();
  } catch {
    return undefined;
  }
}
