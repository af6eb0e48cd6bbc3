// The IAM client for SimulateCustomPolicy, built like createAccessAnalyzerClient (aws-clients.ts).
//
// IAM is a global service: in the `aws` partition the SDK's endpoint rules resolve every region to
// https://iam.amazonaws.com, signed for us-east-1 (aws-cn, aws-us-gov... have their own global endpoints),
// so passing the run's region is right whatever it is. AWS_ENDPOINT_URL_IAM (or AWS_ENDPOINT_URL) replaces
// the endpoint through the SDK's own configuration loading; a custom endpoint is signed for `region`.
import { IAMClient } from '@aws-sdk/client-iam';
import { AWS_MAX_ATTEMPTS } from './aws-clients';

/** Adaptive retry with AWS_MAX_ATTEMPTS attempts, unless the SDK's own AWS_MAX_ATTEMPTS / AWS_RETRY_MODE are set. */
function retrySettings(env: NodeJS.ProcessEnv): { retryMode?: string; maxAttempts?: number } {
  return {
    ...(env.AWS_RETRY_MODE ? {} : { retryMode: 'adaptive' }),
    ...(env.AWS_MAX_ATTEMPTS ? {} : { maxAttempts: AWS_MAX_ATTEMPTS }),
  };
}

export function createIamClient(region: string, env: NodeJS.ProcessEnv): IAMClient {
  return new IAMClient({
    region,
    ...retrySettings(env),
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  });
}
