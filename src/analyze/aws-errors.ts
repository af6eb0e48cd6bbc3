/** Turns an AWS SDK error into one sentence that says what went wrong and what to do. Never prints secrets. */
export function describeAwsError(err: unknown, permission: string): string {
  if (!(err instanceof Error)) return `unexpected error: ${String(err)}`;
  const name = err.name;
  const meta = (err as { $metadata?: { httpStatusCode?: number; attempts?: number } }).$metadata;
  const status = meta?.httpStatusCode ? ` (HTTP ${meta.httpStatusCode})` : '';
  const attempts = meta?.attempts && meta.attempts > 1 ? ` after ${meta.attempts} attempts` : '';
  const detail = `${name}${status}${attempts}: ${err.message}`;
  switch (name) {
    case 'AccessDeniedException':
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
    default:
      return `${detail}.`;
  }
}
