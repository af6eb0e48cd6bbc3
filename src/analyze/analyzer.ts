import type { Logger } from '../core/logger';
import type { ModelListener } from '../core/policy/model';
import type { AnalyzerInfo, Finding, PolicyTarget } from '../core/types';

/** An analysis back end (AWS IAM Access Analyzer, or the local analyzer): targets in, findings out. */
export interface Analyzer {
  readonly info: AnalyzerInfo;
  /**
   * Never throws for a single policy: a policy it cannot analyse becomes an ANALYSIS_FAILED finding. A
   * finding depends on its target only through `id`, `source.file` and `source.line` (an embedded policy's
   * locations collapse onto that line); the result cache (cached-analyzer.ts) relies on this. An analyzer
   * that builds each target's model (the local one) hands it to `onModel` as it goes; one that does not
   * (Access Analyzer, the result cache) ignores it, and the listeners' owners parse what they were not given.
   */
  analyze(targets: readonly PolicyTarget[], log: Logger, onModel?: ModelListener): Promise<Finding[]>;
}
