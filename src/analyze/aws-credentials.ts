// Where the AWS calls go and whether they can be signed: the run's region, and whether the SDK's default
// credential chain resolves on the Access Analyzer client the entry built (select.ts decides on it).
import type { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';

export function resolveRegion(input: string | undefined, env: NodeJS.ProcessEnv): string {
  return input || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
}

/** Whether the SDK's default chain resolves credentials; `why` says which way, never the secret. */
export async function probeCredentials(
  client: AccessAnalyzerClient,
): Promise<{ ok: true } | { ok: false; why: string }> {
  try {
    const creds = await client.config.credentials();
    if (creds.accessKeyId) return { ok: true };
    return { ok: false, why: 'the AWS credential chain returned no access key' };
  } catch (err) {
    return { ok: false, why: err instanceof Error ? err.message.split('\n')[0]! : String(err) };
  }
}
