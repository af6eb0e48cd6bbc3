// The analyze stage (docs/architecture.md section 4): the analyzer's findings (ValidatePolicy or the local checks), the
// simulation of the simulate lists and the custom checks, for every target, on the back ends the settings
// chose (backends.ts).
import type { Logger } from '../core/logger';
import type { ModelListener } from '../core/policy/model';
import type { Finding, PolicyTarget } from '../core/types';
import type { CustomChecks } from './custom-checks';
import type { Backends } from './select';
import { withoutServiceSuppliedResource } from './service-supplied-resource';
import type { SimulateLists } from './simulate';

export { probeCredentials, resolveRegion } from './aws-credentials';
export { type BackendSettings, createBackends } from './backends';
export type { CustomChecks } from './custom-checks';
export { MAX_DOCUMENT_CHARS, setOversizedAside } from './oversized';
export type { Backends } from './select';
export type { SimulateLists } from './simulate';

export interface AnalyzeOptions {
  backends: Backends;
  /** The simulate lists; empty lists simulate nothing. */
  simulate: SimulateLists;
  /** Access Analyzer's custom checks (or their local counterparts); all off by default. */
  checks: CustomChecks;
  /**
   * The resource type of a resource policy whose own resourceType is not a ValidatePolicy one (ECR, SQS...):
   * for CheckNoPublicAccess, and for what its service supplies (service-supplied-resource.ts).
   */
  publicAccessResourceType: (target: PolicyTarget) => string | undefined;
  /** Hears of each target's model as the local analyzer builds it (the gate checks take theirs there). */
  onModel?: ModelListener;
  log: Logger;
}

/**
 * Every back end's findings for the targets: the analyzer's, the simulation's, the custom checks'. Their
 * calls are all under way when this returns its promise, so the caller's own work overlaps them.
 */
export async function analyzePolicies(
  targets: readonly PolicyTarget[],
  opts: AnalyzeOptions,
): Promise<Finding[]> {
  const { backends, log } = opts;
  // Offline, the simulation evaluates each policy on the model the analyzer built (one parse for both).
  const simulation = backends.localSimulation?.(opts.simulate);
  const onModel: ModelListener = (target, built) => {
    opts.onModel?.(target, built);
    simulation?.see(target, built);
  };
  const results = await Promise.all([
    backends.analyzer.analyze(targets, log, onModel),
    simulation
      ? (async () => simulation.findings(targets))()
      : backends.simulate(targets, opts.simulate, log),
    backends.customChecks(targets, opts.checks, {
      log,
      publicAccessResourceType: opts.publicAccessResourceType,
    }),
  ]);
  return withoutServiceSuppliedResource(results.flat(), targets, opts.publicAccessResourceType);
}
