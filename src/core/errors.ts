/** A mistake in the user's inputs, config file or files: reported as a clear message, never as a stack trace. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/**
 * An answer from a service (the GitHub API) that the gate cannot read, where going on would mean judging
 * without knowing what to judge: the run fails closed with this message, never with a stack trace.
 */
export class MalformedAnswerError extends Error {
  override name = 'MalformedAnswerError';
}

/** What an error says, whatever was thrown: the message of an Error, else the value as text. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
