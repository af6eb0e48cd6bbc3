import type { Logger } from '../logger';
import type { AnalyzerInfo, Finding, PolicyTarget } from '../types';

/** An analysis back end (AWS IAM Access Analyzer, or the local analyzer): targets in, findings out. */
export interface Analyzer {
  readonly info: AnalyzerInfo;
  /** Never throws for a single policy: a policy it cannot analyse becomes an ANALYSIS_FAILED finding. */
  analyze(targets: readonly PolicyTarget[], log: Logger): Promise<Finding[]>;
}
