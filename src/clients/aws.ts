// The one factory for AWS clients, at the edge: the entries build them here and hand them to the analysis
// back ends (analyze/select.ts), which never construct a client themselves. Clients use the SDK's default
// credential chain and endpoint resolution, so AWS_ENDPOINT_URL_ACCESSANALYZER / AWS_ENDPOINT_URL redirect
// them without any code here knowing.
import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { IAMClient } from '@aws-sdk/client-iam';
import type { AwsClientFactories } from '../core/aws-client-factories';

export type { AwsClientFactories };

/** Attempts per call, first included: adaptive retry absorbs throttling bursts before a policy is failed. */
export const AWS_MAX_ATTEMPTS = 8;

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

/**
 * Per-attempt time limits (ms). Connecting: 5 s. The whole attempt up to the response headers: 15 s, with
 * `throwOnRequestTimeout` (without it the SDK's handler only logs a warning and the call waits for ever).
 * A response whose body stalls: 15 s without a byte (socketTimeout; the request timeout ends at the
 * headers). ValidatePolicy and SimulateCustomPolicy answer in well under a second, so a slow attempt is
 * abandoned and retried; with AWS_MAX_ATTEMPTS attempts a policy ends ANALYSIS_FAILED within about
 * 8 x 15 s plus the retry backoff. A caller can change them the SDK's way, through the client's handler
 * (`client.config.requestHandler.updateHttpClientConfig('requestTimeout', ms)`).
 */
export const AWS_CONNECTION_TIMEOUT_MS = 5_000;
export const AWS_REQUEST_TIMEOUT_MS = 15_000;

/** What every AWS client of the gate shares: the region, retries, and bounded connection and request times. */
function clientSettings(region: string, env: NodeJS.ProcessEnv) {
  return {
    region,
    ...retrySettings(env),
    requestHandler: {
      connectionTimeout: AWS_CONNECTION_TIMEOUT_MS,
      requestTimeout: AWS_REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
      socketTimeout: AWS_REQUEST_TIMEOUT_MS,
    },
  };
}

export function createAccessAnalyzerClient(region: string, env: NodeJS.ProcessEnv): AccessAnalyzerClient {
  return new AccessAnalyzerClient(clientSettings(region, env));
}

/**
 * The IAM client for SimulateCustomPolicy. IAM is a global service: in the `aws` partition the SDK's endpoint
 * rules resolve every region to https://iam.amazonaws.com, signed for us-east-1 (aws-cn, aws-us-gov have their
 * own global endpoints), so passing the run's region is right whatever it is. AWS_ENDPOINT_URL_IAM (or
 * AWS_ENDPOINT_URL) replaces the endpoint through the SDK's own configuration loading.
 */
export function createIamClient(region: string, env: NodeJS.ProcessEnv): IAMClient {
  return new IAMClient(clientSettings(region, env));
}

/** The factories the entries hand to the back ends: every client built with the run's environment. */
export function awsClientFactories(env: NodeJS.ProcessEnv): AwsClientFactories {
  return {
    accessAnalyzer: (region) => createAccessAnalyzerClient(region, env),
    iam: (region) => createIamClient(region, env),
  };
}
