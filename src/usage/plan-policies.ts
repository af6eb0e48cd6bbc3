// The policy documents of one principal that a Terraform plan holds, before and after the change (issue 17,
// docs/architecture.md section 9): its inline policies (aws_iam_role_policy, aws_iam_user_policy), the
// `inline_policy` blocks of its aws_iam_role, and the aws_iam_policy documents attached to it by attachments
// in the plan; a managed policy principal is its own document. Pure. What the plan does not hold (policies
// attached outside this configuration, AWS managed policies) is not counted: the entry says so.
import {
  isObject,
  type JsonObject,
  type PlanResource,
  POLICY_RESOURCES,
  planResources,
  type UsagePrincipal,
} from './principals';

/** A document the principal has after the change, and the plan resource attribute holding it. */
export interface PlannedPolicy {
  text: string;
  address: string;
  /** As the extraction names it in the target id: `policy`, `inline_policy[0].policy`. */
  attribute: string;
}

export interface PrincipalPolicies {
  before: string[];
  after: PlannedPolicy[];
}

/** The attachment resources and the attribute naming the role or user each attaches to. */
const ATTACHMENTS: Readonly<Record<string, ReadonlyArray<{ attribute: string; kind: 'role' | 'user' }>>> = {
  aws_iam_role_policy_attachment: [{ attribute: 'role', kind: 'role' }],
  aws_iam_user_policy_attachment: [{ attribute: 'user', kind: 'user' }],
  aws_iam_policy_attachment: [
    { attribute: 'roles', kind: 'role' },
    { attribute: 'users', kind: 'user' },
  ],
};
const INLINE = new Set(['aws_iam_role_policy', 'aws_iam_user_policy']);
const OWNER_TYPE = { role: 'aws_iam_role', user: 'aws_iam_user' } as const;

const nameOf = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);
const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** Whether `values[attribute]` (one name or a list) names the principal, by name or by ARN. */
function names(values: JsonObject | undefined, attribute: string, p: UsagePrincipal): boolean {
  const v = values?.[attribute];
  const list = Array.isArray(v) ? v : [v];
  return list.some((n) => n === p.arn || n === nameOf(p.arn));
}

/** The values naming a role or user in `values[attribute]` (one name or a list). */
function namedBy(values: JsonObject | undefined, attribute: string): string[] {
  const v = values?.[attribute];
  return (Array.isArray(v) ? v : [v]).filter((n): n is string => typeof n === 'string' && n !== '');
}

/**
 * The principals' documents of one plan: the plan is indexed once by the names and ARNs its policy resources
 * name, so a plan of many principals costs one pass, not one per principal.
 */
export function planPolicies(plan: unknown): (principal: UsagePrincipal) => PrincipalPolicies {
  const resources = planResources(plan);
  const managed = new Map<string, PlanResource>();
  const byName = new Map<string, PlanResource[]>();
  const index = (key: string, r: PlanResource) => {
    const list = byName.get(key);
    if (list === undefined) byName.set(key, [r]);
    else if (list.at(-1) !== r) list.push(r);
  };
  for (const r of resources) {
    if (r.type === 'aws_iam_policy') {
      for (const arn of [r.before?.arn, r.after?.arn]) if (typeof arn === 'string') managed.set(arn, r);
      continue;
    }
    if (r.type === OWNER_TYPE.role || r.type === OWNER_TYPE.user) {
      for (const key of [...namedBy(r.before, 'arn'), ...namedBy(r.before ?? r.after, 'name')]) index(key, r);
      continue;
    }
    for (const link of [...(POLICY_RESOURCES[r.type] ?? []), ...(ATTACHMENTS[r.type] ?? [])])
      for (const values of [r.before, r.after])
        for (const key of namedBy(values, link.attribute)) index(key, r);
  }
  return (principal) => principalPolicies(principal, byName, managed);
}

/** The principal's policy documents in the plan, before and after (see the header), from the index. */
function principalPolicies(
  principal: UsagePrincipal,
  byName: ReadonlyMap<string, readonly PlanResource[]>,
  managed: ReadonlyMap<string, PlanResource>,
): PrincipalPolicies {
  const before: string[] = [];
  const after: PlannedPolicy[] = [];
  const seen = new Set<string>();
  const addAfter = (r: PlanResource, attribute: string, value: unknown) => {
    const t = text(value);
    const key = `${r.address}.${attribute}`;
    if (t !== undefined && !seen.has(key)) {
      seen.add(key);
      after.push({ text: t, address: r.address, attribute });
    }
  };
  if (principal.kind === 'policy') {
    const r = managed.get(principal.arn);
    if (r !== undefined && r.before?.arn === principal.arn) {
      const t = text(r.before?.policy);
      if (t !== undefined) before.push(t);
      addAfter(r, 'policy', r.after?.policy);
    }
    return { before, after };
  }
  const linked = (values: JsonObject | undefined, attribute: string) => names(values, attribute, principal);
  const candidates = new Set([
    ...(byName.get(principal.arn) ?? []),
    ...(byName.get(nameOf(principal.arn)) ?? []),
  ]);
  for (const r of candidates) {
    if (
      r.type === OWNER_TYPE[principal.kind] &&
      (r.before?.arn === principal.arn || linked(r.before ?? r.after, 'name'))
    ) {
      const blocks = (v: JsonObject | undefined) => (Array.isArray(v?.inline_policy) ? v.inline_policy : []);
      for (const b of blocks(r.before)) if (isObject(b) && text(b.policy)) before.push(b.policy as string);
      blocks(r.after).forEach((b, i) => {
        if (isObject(b)) addAfter(r, `inline_policy[${i}].policy`, b.policy);
      });
      continue;
    }
    const links = POLICY_RESOURCES[r.type]?.filter((l) => l.kind === principal.kind) ?? [];
    if (INLINE.has(r.type)) {
      const attr = links[0]?.attribute;
      if (attr === undefined) continue;
      if (linked(r.before, attr)) {
        const t = text(r.before?.policy);
        if (t !== undefined) before.push(t);
      }
      if (linked(r.after, attr)) addAfter(r, 'policy', r.after?.policy);
      continue;
    }
    for (const link of ATTACHMENTS[r.type]?.filter((l) => l.kind === principal.kind) ?? []) {
      const policy = managed.get(String(r.after?.policy_arn ?? r.before?.policy_arn));
      if (policy === undefined) continue;
      if (linked(r.before, link.attribute)) {
        const t = text(policy.before?.policy);
        if (t !== undefined) before.push(t);
      }
      if (linked(r.after, link.attribute)) addAfter(policy, 'policy', policy.after?.policy);
    }
  }
  return { before, after };
}
