// The local analyzer: offline policy checks on IAM's catalogue, and local evaluation of the simulate lists.

export { catalogVersion } from '../../core/policy/catalog';
export {
  type ActionEvaluation,
  type Decision,
  evaluateActions,
  expandActions,
} from '../../core/policy/evaluate';
export { analyzeLocally, createLocalAnalyzer } from './analyzer';
export { LOCAL_CHECKS, type LocalCheck } from './codes';
