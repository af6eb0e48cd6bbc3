// The one factory for AWS clients. Clients use the SDK's default credential chain and endpoint resolution,
// so AWS_ENDPOINT_URL_ACCESSANALYZER / AWS_ENDPOINT_URL redirect them without any code here knowing.
import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';

/** Attempts per call, first included: adaptive retry absorbs throttling bursts before a policy is failed. */
export const AWS_MAX_ATTEMPTS = 8;

export function resolveRegion(input: string | undefined, env: NodeJS.ProcessEnv): string {
  return input || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
}

export function createAccessAnalyzerClient(region: string): AccessAnalyzerClient {
  return new AccessAnalyzerClient({
    region,
    retryMode: 'adaptive',
    maxAttempts: AWS_MAX_ATTEMPTS,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  });
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
