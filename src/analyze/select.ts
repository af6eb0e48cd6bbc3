// Chooses the analysis back end for `analyzer: auto | aws | local` and says why (DESIGN.md section 4).
import { ConfigurationError } from '../errors';
import { createAccessAnalyzer } from './access-analyzer';
import type { Analyzer } from './analyzer';
import { createAccessAnalyzerClient, probeCredentials, resolveRegion } from './aws-clients';
import { createLocalAnalyzer } from './local';

export type AnalyzerMode = 'auto' | 'aws' | 'local';

export interface AnalyzerChoice {
  mode: AnalyzerMode;
  region?: string;
  maxConcurrency: number;
  env: NodeJS.ProcessEnv;
}

/**
 * `local` always runs offline; `aws` needs credentials (a clear configuration error without); `auto` uses AWS
 * when the SDK's default chain resolves credentials and the local analyzer otherwise (fork PRs, laptops).
 */
export async function selectAnalyzer(choice: AnalyzerChoice): Promise<Analyzer> {
  if (choice.mode === 'local') return createLocalAnalyzer({ why: 'analyzer: local' });
  const region = resolveRegion(choice.region, choice.env);
  const client = createAccessAnalyzerClient(region, choice.env);
  const creds = await probeCredentials(client);
  if (!creds.ok) {
    if (choice.mode === 'auto') {
      client.destroy();
      return createLocalAnalyzer({
        why:
          `no AWS credentials (${creds.why}); the built-in local analyzer ran instead. ` +
          "Configure AWS credentials for IAM Access Analyzer's full checks",
      });
    }
    throw new ConfigurationError(
      `No AWS credentials for IAM Access Analyzer (analyzer: aws): ${creds.why}. ` +
        'In a workflow, add aws-actions/configure-aws-credentials before the gate (README, "Quick start"); ' +
        'on a laptop, set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; or use analyzer: local.',
    );
  }
  const why = choice.mode === 'auto' ? 'AWS credentials found through the default chain' : 'analyzer: aws';
  return createAccessAnalyzer({ client, region, maxConcurrency: choice.maxConcurrency, info: { why } });
}
