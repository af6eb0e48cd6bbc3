// Which existing IAM principals a Terraform plan changes (issue 17): the roles, users and managed policies
// whose usage data (IAM last-accessed) can say what they have actually used. Pure: the parsed plan in,
// principals and the reasons others were skipped out; never throws on a plan of any shape.
//
// Only what already exists in the account has usage data, so:
// - aws_iam_role / aws_iam_user / aws_iam_policy that the plan UPDATES (actions exactly ["update"]) give
//   `change.before.arn`. A create has no history; a replace (delete + create) makes a new entity whose
//   history starts at apply, so neither is a principal.
// - Policy resources (inline policies, attachments; created or updated) lead to their role or user by its
//   name (`role` / `user`, or the lists of aws_iam_policy_attachment): the ARN is `before.arn` of the plan's
//   aws_iam_role / aws_iam_user with that name when the plan keeps it (no-op or update), else the ARN
//   `prior_state` records for it, else one built from the partition and account of the prior state's IAM
//   ARNs (path `/`: a role under another path then gets NoSuchEntity, reported as a notice). A name unknown
//   at plan time, or a principal the plan creates or replaces, is skipped with the reason.
// Discovery does not build a plan's `prior_state` (the plan row's `unreadKeys` in core/policy-file-kinds.ts):
// wiring this stage means taking `prior_state` out of that list, or the plan this reads has none.

/** The three kinds of IAM entity whose last-accessed data the gate reads. */
export type PrincipalKind = 'role' | 'user' | 'policy';

export interface UsagePrincipal {
  arn: string;
  kind: PrincipalKind;
  /** Plan addresses of the resources that lead to this principal, in plan order. */
  addresses: string[];
  /** Where the ARN came from: a `change.before`, the plan's prior state, or built from account and name. */
  arnFrom: 'before' | 'prior_state' | 'built';
}

/** A resource that concerns a principal the gate cannot read usage for, and why. */
export interface SkippedPrincipal {
  address: string;
  reason: string;
}

export interface PlanPrincipals {
  principals: UsagePrincipal[];
  skipped: SkippedPrincipal[];
}

export type JsonObject = Record<string, unknown>;
export const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The resource types that are principals themselves. */
const PRINCIPAL_TYPES: Readonly<Record<string, PrincipalKind>> = {
  aws_iam_role: 'role',
  aws_iam_user: 'user',
  aws_iam_policy: 'policy',
};

/** Policy resources and the attributes naming the role or user they apply to (one name, or a list). */
export const POLICY_RESOURCES: Readonly<
  Record<string, ReadonlyArray<{ attribute: string; kind: 'role' | 'user' }>>
> = {
  aws_iam_role_policy: [{ attribute: 'role', kind: 'role' }],
  aws_iam_role_policy_attachment: [{ attribute: 'role', kind: 'role' }],
  aws_iam_role_policy_attachments_exclusive: [{ attribute: 'role_name', kind: 'role' }],
  aws_iam_role_policies_exclusive: [{ attribute: 'role_name', kind: 'role' }],
  aws_iam_user_policy: [{ attribute: 'user', kind: 'user' }],
  aws_iam_user_policy_attachment: [{ attribute: 'user', kind: 'user' }],
  aws_iam_user_policy_attachments_exclusive: [{ attribute: 'user_name', kind: 'user' }],
  aws_iam_user_policies_exclusive: [{ attribute: 'user_name', kind: 'user' }],
  aws_iam_policy_attachment: [
    { attribute: 'roles', kind: 'role' },
    { attribute: 'users', kind: 'user' },
  ],
};

/** An IAM ARN of one of the three kinds: partition, account, kind, path and name. */
const IAM_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):(role|user|policy)\/(?:[!-~]+\/)?[\w+=,.@-]+$/;

export interface PlanResource {
  address: string;
  type: string;
  actions: string[];
  before: JsonObject | undefined;
  after: JsonObject | undefined;
  afterUnknown: unknown;
}

/** The managed resources of `resource_changes`, read defensively (anything malformed is left out). */
export function planResources(plan: unknown): PlanResource[] {
  const changes = isObject(plan) && Array.isArray(plan.resource_changes) ? plan.resource_changes : [];
  const out: PlanResource[] = [];
  for (const rc of changes) {
    if (!isObject(rc) || rc.mode === 'data' || typeof rc.address !== 'string' || typeof rc.type !== 'string')
      continue;
    const change = isObject(rc.change) ? rc.change : {};
    const actions = Array.isArray(change.actions) ? change.actions.filter((a) => typeof a === 'string') : [];
    out.push({
      address: rc.address,
      type: rc.type,
      actions,
      before: isObject(change.before) ? change.before : undefined,
      after: isObject(change.after) ? change.after : undefined,
      afterUnknown: change.after_unknown,
    });
  }
  return out;
}

/** Every resource of `prior_state` (root and child modules), as its `values`, with the type. */
function priorResources(plan: unknown): Array<{ type: string; values: JsonObject }> {
  const out: Array<{ type: string; values: JsonObject }> = [];
  const root = isObject(plan) && isObject(plan.prior_state) ? plan.prior_state.values : undefined;
  const stack: unknown[] = [isObject(root) ? root.root_module : undefined];
  while (stack.length > 0) {
    const module = stack.pop();
    if (!isObject(module)) continue;
    for (const r of Array.isArray(module.resources) ? module.resources : []) {
      if (isObject(r) && typeof r.type === 'string' && isObject(r.values) && r.mode !== 'data')
        out.push({ type: r.type, values: r.values });
    }
    if (Array.isArray(module.child_modules)) stack.push(...module.child_modules);
  }
  return out;
}

const isUpdate = (r: PlanResource) => r.actions.length === 1 && r.actions[0] === 'update';
const isKept = (r: PlanResource) => isUpdate(r) || (r.actions.length === 1 && r.actions[0] === 'no-op');
const createsOrReplaces = (r: PlanResource) => r.actions.includes('create');
const iamArn = (v: unknown): string | undefined => (typeof v === 'string' && IAM_ARN.test(v) ? v : undefined);

/** How role and user names resolve to ARNs: the plan first, then the prior state, then built. */
class NameResolver {
  private readonly fromPlan = new Map<string, string>();
  private readonly created = new Set<string>();
  private readonly fromPrior = new Map<string, string>();
  private readonly account: { partition: string; account: string } | undefined;

  constructor(
    resources: readonly PlanResource[],
    prior: ReadonlyArray<{ type: string; values: JsonObject }>,
  ) {
    for (const r of resources) {
      const kind = PRINCIPAL_TYPES[r.type];
      if (kind !== 'role' && kind !== 'user') continue;
      const arn = iamArn(r.before?.arn);
      const name = r.before?.name ?? r.after?.name;
      if (typeof name !== 'string') continue;
      if (isKept(r) && arn !== undefined) this.fromPlan.set(`${kind}:${name}`, arn);
      else if (createsOrReplaces(r)) this.created.add(`${kind}:${name}`);
    }
    let account: { partition: string; account: string } | undefined;
    for (const { type, values } of prior) {
      const arn = iamArn(values.arn);
      const kind = PRINCIPAL_TYPES[type];
      if (arn === undefined) continue;
      const m = IAM_ARN.exec(arn)!;
      account ??= { partition: m[1]!, account: m[2]! };
      if ((kind === 'role' || kind === 'user') && typeof values.name === 'string')
        this.fromPrior.set(`${kind}:${values.name}`, arn);
    }
    this.account = account;
  }

  resolve(
    kind: 'role' | 'user',
    name: string,
  ): { arn: string; arnFrom: UsagePrincipal['arnFrom'] } | { reason: string } {
    const key = `${kind}:${name}`;
    if (this.created.has(key))
      return { reason: `the ${kind} ${name} is created or replaced by this plan, so it has no usage yet` };
    const planned = this.fromPlan.get(key);
    if (planned !== undefined) return { arn: planned, arnFrom: 'before' };
    const prior = this.fromPrior.get(key);
    if (prior !== undefined) return { arn: prior, arnFrom: 'prior_state' };
    if (this.account !== undefined && /^[\w+=,.@-]{1,128}$/.test(name)) {
      const { partition, account } = this.account;
      return { arn: `arn:${partition}:iam::${account}:${kind}/${name}`, arnFrom: 'built' };
    }
    return {
      reason: `the plan gives no ARN for the ${kind} ${name} (no prior state with the account); map it with usage.principals`,
    };
  }
}

/** The role or user names a policy resource applies to, or why they are not known. */
function namesOf(r: PlanResource, attribute: string): string[] | 'unknown' {
  const values = r.after ?? r.before;
  const value = values?.[attribute];
  if (value === undefined || value === null) {
    return isObject(r.afterUnknown) && r.afterUnknown[attribute] !== undefined ? 'unknown' : [];
  }
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string' && v !== '');
}

/** The principals of a parsed `terraform show -json` plan whose usage the gate can read (see the header). */
export function principalsFromPlan(plan: unknown): PlanPrincipals {
  const resources = planResources(plan);
  const resolver = new NameResolver(resources, priorResources(plan));
  const byArn = new Map<string, UsagePrincipal>();
  const skipped: SkippedPrincipal[] = [];
  const add = (arn: string, kind: PrincipalKind, address: string, arnFrom: UsagePrincipal['arnFrom']) => {
    const known = byArn.get(arn);
    if (known === undefined) byArn.set(arn, { arn, kind, addresses: [address], arnFrom });
    else if (!known.addresses.includes(address)) known.addresses.push(address);
  };

  for (const r of resources) {
    const kind = PRINCIPAL_TYPES[r.type];
    if (kind !== undefined) {
      const arn = iamArn(r.before?.arn);
      if (isUpdate(r) && arn !== undefined) add(arn, kind, r.address, 'before');
      continue;
    }
    const links = POLICY_RESOURCES[r.type];
    if (links === undefined || !(isUpdate(r) || createsOrReplaces(r))) continue;
    for (const link of links) {
      const names = namesOf(r, link.attribute);
      if (names === 'unknown') {
        skipped.push({ address: r.address, reason: `its ${link.attribute} is known only after apply` });
        continue;
      }
      for (const name of names) {
        const arn = iamArn(name);
        if (arn !== undefined) {
          add(arn, link.kind, r.address, 'before');
          continue;
        }
        const resolved = resolver.resolve(link.kind, name);
        if ('reason' in resolved) skipped.push({ address: r.address, reason: resolved.reason });
        else add(resolved.arn, link.kind, r.address, resolved.arnFrom);
      }
    }
  }
  return { principals: [...byArn.values()], skipped };
}
