// How the gate reads GitHub's errors: the HTTP status Octokit attaches, and a 403 that means "this token may
// not" (a permission problem) as opposed to a rate limit, which GitHub also answers with 403.
export function statusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** A 403 that is a permission problem (not a rate limit, which the throttling plugin reports as 403 too). */
export function isPermissionDenied(err: unknown): boolean {
  const message = err instanceof Error ? err.message : '';
  return statusOf(err) === 403 && !/rate limit/i.test(message);
}

/**
 * GitHub will not let this token write here: a permission 403, or a 404 (a token that may not see the pull
 * request's comments gets 404, as does a comment deleted meanwhile).
 */
export function isWriteRefused(err: unknown): boolean {
  return isPermissionDenied(err) || statusOf(err) === 404;
}
