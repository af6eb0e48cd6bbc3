// The usage stage (issue 17, docs/architecture.md section 9): which existing principals a change touches, and
// what IAM's last-accessed data says they have used. Advisory: nothing here fails a policy on its own.

export {
  type AddedUnused,
  compareUsage,
  type StatementGrant,
  statementGrants,
  type UsageComparison,
} from './compare';
export {
  DEFAULT_POLL_MS,
  describeUsageError,
  GENERATE_PERMISSION,
  GET_PERMISSION,
  type LastAccessedOptions,
  type PollBackoff,
  type PrincipalUsage,
  readLastAccessed,
  type ServiceUsage,
} from './last-accessed';
export {
  type LivePolicy,
  LivePolicyError,
  type LivePrincipal,
  livePolicyPermissions,
  parsePrincipalArn,
  readLivePolicies,
} from './live-policies';
export { type PlannedPolicy, type PrincipalPolicies, planPolicies } from './plan-policies';
export {
  DEFAULT_GENERATION_TIMEOUT_SECONDS,
  type GeneratedPolicy,
  generatePolicy,
  mergeGeneratedPolicies,
  PolicyGenerationError,
} from './policy-generation';
export {
  type PlanPrincipals,
  type PrincipalKind,
  principalsFromPlan,
  type SkippedPrincipal,
  type UsagePrincipal,
} from './principals';
export {
  COUNTED_LIMIT,
  runUsageStage,
  UNUSED_ACCESS_ADDED,
  UNUSED_ACCESS_ADDED_SEVERITY,
  type UsageSource,
  type UsageStageOptions,
  type UsageStageResult,
  type UsageSubject,
} from './stage';
export { planUsageSubjects, usageSubjectsOf } from './subjects';
export { type Suggestion, suggestPolicy } from './suggest';
export { generationFigures, usageFigures } from './usage-report';
