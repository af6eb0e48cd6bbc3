// The one factory for AWS clients. Clients use the SDK's default credential chain and endpoint resolution,
// so AWS_ENDPOINT_URL_ACCESSANALYZER / AWS_ENDPOINT_URL redirect them without any code here knowing.
import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';

/** Attempts per call, first included: adaptive retry absorbs throttling bursts before a policy is failed. */
export const AWS_MAX_ATTEMPTS = 8;

export function resolveRegion(input: string | undefined, env: NodeJS.ProcessEnv): string {
  return input || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
}

/**
 * Retry settings: the SDK's adaptive mode with AWS_MAX_ATTEMPTS attempts, unless the user set the SDK's own
 * AWS_MAX_ATTEMPTS / AWS_RETRY_MODE variables, which then win as they do for every AWS tool.
 */
function retrySettings(env: NodeJS.ProcessEnv): { retryMode?: string; maxAttempts?: number } {
  return {
    ...(env.AWS_RETRY_MODE ? {} : { retryMode: 'adaptive' }),
    ...(env.AWS_MAX_ATTEMPTS ? {} : { maxAttempts: AWS_MAX_ATTEMPTS }),
  };
}

export function createAccessAnalyzerClient(region: string, env: NodeJS.ProcessEnv): AccessAnalyzerClient {
  return new AccessAnalyzerClient({
    region,
    ...retrySettings(env),
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
