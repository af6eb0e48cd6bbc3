// The built-in `simulate.deny` list (docs/architecture.md section 4): actions that let a principal raise its own
// privileges, each one on its own, when allowed on any resource.
//
// Source: Rhino Security Labs, "AWS IAM Privilege Escalation - Methods and Mitigation" (Spencer Gietzen,
// https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/), the 21 methods of which
// the gate checks keep as PRIVILEGE_ESCALATION_SETS (src/core/escalation-sets.ts). That table
// is the one source: each set's first action is the one that enables the method (iam:PassRole for the
// "pass a role to a new X" methods, iam:UpdateAssumeRolePolicy for "rewrite a trust policy"); the other
// actions of a set (ec2:RunInstances, sts:AssumeRole, lambda:InvokeFunction...) are everyday actions that
// are harmless alone, so deny-listing them would flag most policies.
//
// Added beyond Rhino's list: writing or deleting a permissions boundary, which lifts the cap the boundary
// sets. The IAM User Guide's delegation example ("Permissions boundaries for IAM entities",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html) denies exactly these.
import { PRIVILEGE_ESCALATION_SETS } from './escalation-sets';

const BOUNDARY_ACTIONS: ReadonlyArray<{ action: string; name: string }> = [
  { action: 'iam:PutUserPermissionsBoundary', name: "replace a user's permissions boundary" },
  { action: 'iam:DeleteUserPermissionsBoundary', name: "remove a user's permissions boundary" },
  { action: 'iam:PutRolePermissionsBoundary', name: "replace a role's permissions boundary" },
  { action: 'iam:DeleteRolePermissionsBoundary', name: "remove a role's permissions boundary" },
];

/** Privilege-escalation methods by the (lower-case) action that enables them. */
const METHODS: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  const add = (action: string, method: string) => {
    const key = action.toLowerCase();
    map.set(key, [...(map.get(key) ?? []), method]);
  };
  for (const set of PRIVILEGE_ESCALATION_SETS) {
    const [first, ...rest] = set.actions;
    if (first === undefined) continue;
    add(first, rest.length > 0 ? `${set.name} (with ${rest.join(', ')})` : set.name);
  }
  for (const b of BOUNDARY_ACTIONS) add(b.action, b.name);
  return map;
})();

/** The built-in simulate.deny list: concrete actions (no wildcards), in IAM's case, without duplicates. */
export const DEFAULT_SIMULATE_DENY: readonly string[] = Object.freeze([
  ...new Set([
    ...PRIVILEGE_ESCALATION_SETS.flatMap((s) => s.actions.slice(0, 1)),
    ...BOUNDARY_ACTIONS.map((b) => b.action),
  ]),
]);

/**
 * Why an action is a privilege escalation, for a finding's message, e.g. "create access keys for another
 * user"; undefined for an action of no known method. At most two methods are named.
 */
export function escalationReason(action: string): string | undefined {
  const methods = METHODS.get(action.toLowerCase());
  if (!methods || methods.length === 0) return undefined;
  const more = methods.length > 2 ? `, and ${methods.length - 2} more` : '';
  return `${methods.slice(0, 2).join('; ')}${more}`;
}
