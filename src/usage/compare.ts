// Granted against used (issue 17): the concrete actions a principal's policies grant after the change
// (wildcards expanded with the bundled catalogue), those it used within `days` according to IAM's
// last-accessed data, and the actions the change ADDS that were never used, statement by statement.
// Pure and bounded: one Deadline for the expansion, as the offline analyses have.
//
// IAM's facts, kept here rather than glossed over:
// - Only some actions are tracked at action level (TrackedActionsLastAccessed lists them); any other action
//   is judged by its service: unused only when the service itself was not accessed within `days` (a used
//   service says nothing about which of its untracked actions were used, so such actions are never flagged).
// - Denied attempts count as access (IAM records attempts), and activity appears within about 4 hours.
// - Allow statements with `Action` are counted; `NotAction` grants are not expanded (the complement of a
//   list is most of the catalogue and says nothing about intent): they are listed in `notCounted`.
import { startDeadline } from '../core/deadline';
import { actionsMatching, getCatalog } from '../core/policy/catalog';
import { buildModel } from '../core/policy/model';
import type { ServiceUsage } from './last-accessed';

const DAY_MS = 86_400_000;

/** The actions one Allow statement grants, expanded. */
export interface StatementGrant {
  /** Index in the Statement array (undefined for a single statement object). */
  index: number | undefined;
  sid?: string;
  /** `service:Action` in the catalogue's spelling, sorted. */
  actions: string[];
}

export interface AddedUnused {
  /** Which policy document (index in `after`) and statement adds them. */
  policy: number;
  statement: StatementGrant;
  /** The actions of this statement that no policy granted before and that were not used within `days`. */
  actions: string[];
}

export interface UsageComparison {
  /** Every action granted after the change, sorted. */
  granted: string[];
  /** Granted actions used within `days` (action level), with the last attempt. */
  used: Array<{ action: string; lastAccessed: Date }>;
  /** Services granted after the change that were not accessed within `days`. */
  servicesNeverUsed: string[];
  /** Granted services IAM reports at service level only for some or all of their actions. */
  serviceLevel: string[];
  /** The actions the change adds that were never used, by the statement adding them. */
  addedUnused: AddedUnused[];
  /** Statements not expanded (NotAction, or JSON that does not parse), by policy index. */
  notCounted: Array<{ policy: number; index: number | undefined }>;
}

/** The Allow statements of a policy document with their expanded actions; undefined when it does not parse. */
export function statementGrants(
  text: string,
  deadline = startDeadline(),
): { grants: StatementGrant[]; notCounted: Array<number | undefined> } | undefined {
  const built = buildModel(text);
  if (!built.ok) return undefined;
  const catalog = getCatalog();
  const grants: StatementGrant[] = [];
  const notCounted: Array<number | undefined> = [];
  for (const s of built.model.statements) {
    if (s.effect !== 'Allow') continue;
    if (s.action === undefined) {
      if (s.notAction !== undefined) notCounted.push(s.index);
      continue;
    }
    const actions = new Set<string>();
    for (const pattern of s.action) {
      for (const a of actionsMatching(catalog, pattern.value, deadline))
        actions.add(`${a.service}:${a.name}`);
    }
    grants.push({
      index: s.index,
      ...(s.sid !== undefined ? { sid: s.sid } : {}),
      actions: [...actions].sort(),
    });
  }
  return { grants, notCounted };
}

const key = (action: string) => action.toLowerCase();
const serviceOf = (action: string) => action.slice(0, action.indexOf(':')).toLowerCase();

/**
 * Compares what the principal's policies grant after the change (`after`, every policy document of the
 * principal) with what they granted before (`before`) and with IAM's usage, as of `now`.
 */
export function compareUsage(input: {
  before: readonly string[];
  after: readonly string[];
  usage: readonly ServiceUsage[];
  days: number;
  now: Date;
}): UsageComparison {
  const deadline = startDeadline();
  const since = input.now.getTime() - input.days * DAY_MS;
  const recent = (d: Date | undefined) => d !== undefined && d.getTime() >= since;

  const before = new Set<string>();
  for (const text of input.before) {
    for (const g of statementGrants(text, deadline)?.grants ?? [])
      for (const a of g.actions) before.add(key(a));
  }

  const services = new Map(input.usage.map((s) => [s.namespace.toLowerCase(), s]));
  const tracked = new Map<string, Date | undefined>();
  for (const s of input.usage) for (const a of s.actions) tracked.set(key(a.action), a.lastAccessed);

  /** Used within `days`: true, false, or undefined when only the service is known to be used. */
  const usedWithin = (action: string): boolean | undefined => {
    if (tracked.has(key(action))) return recent(tracked.get(key(action)));
    return recent(services.get(serviceOf(action))?.lastAuthenticated) ? undefined : false;
  };

  const granted = new Set<string>();
  const addedUnused: AddedUnused[] = [];
  const notCounted: UsageComparison['notCounted'] = [];
  input.after.forEach((text, policy) => {
    const read = statementGrants(text, deadline);
    if (read === undefined) {
      notCounted.push({ policy, index: undefined });
      return;
    }
    for (const index of read.notCounted) notCounted.push({ policy, index });
    for (const statement of read.grants) {
      for (const a of statement.actions) granted.add(a);
      const unused = statement.actions.filter((a) => !before.has(key(a)) && usedWithin(a) === false);
      if (unused.length > 0) addedUnused.push({ policy, statement, actions: unused });
    }
  });

  const grantedList = [...granted].sort();
  const grantedServices = [...new Set(grantedList.map(serviceOf))].sort();
  return {
    granted: grantedList,
    used: grantedList.flatMap((action) => {
      const last = tracked.get(key(action));
      return last !== undefined && recent(last) ? [{ action, lastAccessed: last }] : [];
    }),
    servicesNeverUsed: grantedServices.filter((s) => !recent(services.get(s)?.lastAuthenticated)),
    serviceLevel: grantedServices.filter((s) =>
      grantedList.some((a) => serviceOf(a) === s && !tracked.has(key(a))),
    ),
    addedUnused,
    notCounted,
  };
}
