/** A mistake in the user's inputs, config file or files: reported as a clear message, never as a stack trace. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}
