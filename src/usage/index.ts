// The usage stage (issue 17, docs/architecture.md section 9): which existing principals a change touches, and
// what IAM's last-accessed data says they have used. Advisory: nothing here fails a policy on its own.
export {
  type PlanPrincipals,
  type PrincipalKind,
  principalsFromPlan,
  type SkippedPrincipal,
  type UsagePrincipal,
} from './principals';
