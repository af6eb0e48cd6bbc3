// The local analyzer: offline policy checks on IAM's catalogue, and local evaluation of the simulate lists.
export { analyzeLocally, createLocalAnalyzer } from './analyzer';
export { catalogVersion } from './catalog';
export { LOCAL_CHECKS, type LocalCheck } from './codes';
export { type ActionEvaluation, type Decision, evaluateActions, expandActions } from './evaluate';
