// Chooses the analysis back end for `analyzer: auto | aws` and says why (DESIGN.md section 4).
import { ConfigurationError } from '../errors';
import { createAccessAnalyzer } from './access-analyzer';
import type { Analyzer } from './analyzer';
import { createAccessAnalyzerClient, probeCredentials, resolveRegion } from './aws-clients';

export interface AnalyzerChoice {
  mode: 'auto' | 'aws';
  region?: string;
  maxConcurrency: number;
  env: NodeJS.ProcessEnv;
}

export async function selectAnalyzer(choice: AnalyzerChoice): Promise<Analyzer> {
  const region = resolveRegion(choice.region, choice.env);
  const client = createAccessAnalyzerClient(region, choice.env);
  const creds = await probeCredentials(client);
  if (!creds.ok) {
    throw new ConfigurationError(
      `No AWS credentials for IAM Access Analyzer (analyzer: ${choice.mode}): ${creds.why}. ` +
        'In a workflow, add aws-actions/configure-aws-credentials before the gate (README, "Quick start"); ' +
        'on a laptop, set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.',
    );
  }
  const why = choice.mode === 'auto' ? 'AWS credentials found through the default chain' : 'analyzer: aws';
  return createAccessAnalyzer({ client, region, maxConcurrency: choice.maxConcurrency, info: { why } });
}
