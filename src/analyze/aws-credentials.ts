// Where the AWS calls go and whether they can be signed: the run's region, and whether the SDK's default
// credential chain resolves on the Access Analyzer client the entry built (select.ts decides on it).
import type { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';

export function resolveRegion(input: string | undefined, env: NodeJS.ProcessEnv): string {
  return input || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
}

/** What the SDK's default chain says when every source came up empty (credential-provider-node). */
const NONE_FOUND = 'Could not load credentials from any providers';

/** No source of the default chain has credentials, in plain words. */
export const NO_CREDENTIALS_FOUND =
  'no AWS credentials found (no environment variables, profile, SSO, web identity or instance role)';

/** A source the chain tried has something but it failed (an expired SSO session, a bad profile). */
export const CREDENTIALS_FAILED =
  'AWS credentials are configured but could not be loaded (a profile, SSO session, web identity token ' +
  "or credential process failed; the CLI's --debug or the action's debug log shows why)";

/**
 * Whether the SDK's default chain resolves credentials. `why` says, in plain words, what went wrong and never
 * the secret; `detail` is the SDK's own first line, for the debug log only (it reads like a stack of
 * provider names and paths, not like an answer).
 */
export async function probeCredentials(
  client: AccessAnalyzerClient,
): Promise<{ ok: true } | { ok: false; why: string; detail: string }> {
  try {
    const creds = await client.config.credentials();
    if (creds.accessKeyId) return { ok: true };
    return {
      ok: false,
      why: NO_CREDENTIALS_FOUND,
      detail: 'the AWS credential chain returned no access key',
    };
  } catch (err) {
    const detail = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
    return {
      ok: false,
      why: detail.startsWith(NONE_FOUND) ? NO_CREDENTIALS_FOUND : CREDENTIALS_FAILED,
      detail,
    };
  }
}
