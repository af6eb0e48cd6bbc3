import type { Logger } from '../core/logger';
import type { AnalyzerInfo, Finding, PolicyTarget } from '../core/types';

/** An analysis back end (AWS IAM Access Analyzer, or the local analyzer): targets in, findings out. */
export interface Analyzer {
  readonly info: AnalyzerInfo;
  /**
   * Never throws for a single policy: a policy it cannot analyse becomes an ANALYSIS_FAILED finding. A
   * finding depends on its target only through `id`, `source.file` and `source.line` (an embedded policy's
   * locations collapse onto that line); the result cache (cached-analyzer.ts) relies on this.
   */
  analyze(targets: readonly PolicyTarget[], log: Logger): Promise<Finding[]>;
}
