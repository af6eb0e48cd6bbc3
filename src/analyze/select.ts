// Chooses the analysis back ends for `analyzer: auto | aws | local` and says why (docs/architecture.md section 4):
// the analyzer (ValidatePolicy or the local checks) and the matching simulation of the simulate lists.
import type { IAMClient } from '@aws-sdk/client-iam';
import pLimit, { type LimitFunction } from 'p-limit';
import type { AwsClientFactories } from '../core/aws-client-factories';
import { ConfigurationError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { AnalyzerMode, Finding, PolicyTarget } from '../core/types';
import { createAccessAnalyzer } from './access-analyzer';
import type { Analyzer } from './analyzer';
import { probeCredentials, resolveRegion } from './aws-credentials';
import { type CustomChecks, runCustomChecks } from './custom-checks';
import { runCustomChecksLocally } from './custom-checks-local';
import { createLocalAnalyzer } from './local';
import { createSimulator, type SimulateLists, simulateLocally } from './simulate';
import { createLocalSimulation, type LocalSimulation } from './simulate-local';

export interface AnalyzerChoice {
  mode: AnalyzerMode;
  region?: string;
  maxConcurrency: number;
  env: NodeJS.ProcessEnv;
  /** How the AWS back ends get their clients (the entry's; unused by `local`). */
  clients: AwsClientFactories;
  /** Where the SDK's own reason for missing credentials goes (debug only). */
  log?: Pick<Logger, 'debug'>;
}

/**
 * What other stages may call AWS with (the usage stage's IAM last-accessed calls): the run's IAM client and its
 * one limiter, or why there is none (no credentials, or `analyzer: local`, which makes no AWS calls).
 */
export type AwsCalls = { iam: IAMClient; limit: LimitFunction } | { unavailable: string };

export interface Backends {
  analyzer: Analyzer;
  /** Absent: not known (a caller that built its own back ends); the usage stage then reads no usage. */
  awsCalls?: AwsCalls;
  /** Checks the simulate lists against the identity policies, on the same back end as the analyzer. */
  simulate(targets: readonly PolicyTarget[], lists: SimulateLists, log: Logger): Promise<Finding[]>;
  /**
   * The local simulation, which takes each policy's model from the local analyzer's pass instead of
   * parsing it again (simulate-local.ts); absent when the simulation is AWS's.
   */
  localSimulation?(lists: SimulateLists): LocalSimulation;
  /** Access Analyzer's custom policy checks (billed), or their local counterparts, on the same back end. */
  customChecks(
    targets: readonly PolicyTarget[],
    checks: CustomChecks,
    opts: CustomCheckContext,
  ): Promise<Finding[]>;
}

export interface CustomCheckContext {
  /** The CheckNoPublicAccess resource type of a target whose own resourceType is not one (Terraform). */
  publicAccessResourceType?: (target: PolicyTarget) => string | undefined;
  log: Logger;
}

function local(why: string, awsUnavailable: string): Backends {
  return {
    awsCalls: { unavailable: awsUnavailable },
    analyzer: createLocalAnalyzer({ why }),
    simulate: async (targets, lists) => simulateLocally(targets, lists),
    localSimulation: (lists) => createLocalSimulation(lists),
    customChecks: async (targets, checks) => runCustomChecksLocally(targets, checks),
  };
}

/**
 * `local` always runs offline; `aws` needs credentials (a clear configuration error without); `auto` uses AWS
 * when the SDK's default chain resolves credentials and the local analyzer otherwise (fork PRs, laptops).
 */
export async function selectBackends(choice: AnalyzerChoice): Promise<Backends> {
  if (choice.mode === 'local')
    return local('as configured (analyzer: local)', 'analyzer: local makes no AWS calls (use auto or aws)');
  const region = resolveRegion(choice.region, choice.env);
  const client = choice.clients.accessAnalyzer(region);
  const creds = await probeCredentials(client);
  if (!creds.ok) {
    client.destroy();
    choice.log?.debug(`AWS credential chain: ${creds.detail}`);
    if (choice.mode === 'auto') {
      return local(
        `${creds.why}; the built-in local analyzer ran instead. ` +
          "Configure AWS credentials for IAM Access Analyzer's full checks",
        `${creds.why}; configure them (e.g. aws-actions/configure-aws-credentials)`,
      );
    }
    throw new ConfigurationError(
      `No AWS credentials for IAM Access Analyzer (analyzer: aws): ${creds.why}. ` +
        'In a workflow, add aws-actions/configure-aws-credentials before the gate (README, "Quick start"); ' +
        'on a laptop, set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; or use analyzer: local.',
    );
  }
  const why =
    choice.mode === 'auto'
      ? 'AWS credentials found through the default chain'
      : 'as configured (analyzer: aws)';
  // One limiter for every AWS call of the run: ValidatePolicy, SimulateCustomPolicy and the custom checks
  // run at the same time, and max-concurrency bounds them together. No task under it waits for another
  // task under it (each holds its slot for its own calls only), so sharing it cannot deadlock.
  const { maxConcurrency } = choice;
  const limit = pLimit(maxConcurrency);
  const iam = choice.clients.iam(region);
  const simulator = createSimulator({ client: iam, maxConcurrency, limit });
  return {
    awsCalls: { iam, limit },
    analyzer: createAccessAnalyzer({ client, region, maxConcurrency, limit, info: { why } }),
    simulate: (targets, lists, log) => simulator.simulate(targets, lists, log),
    customChecks: (targets, checks, { log, publicAccessResourceType }) =>
      runCustomChecks(
        targets,
        checks,
        {
          client,
          maxConcurrency,
          limit,
          ...(publicAccessResourceType ? { publicAccessResourceType } : {}),
        },
        log,
      ),
  };
}
