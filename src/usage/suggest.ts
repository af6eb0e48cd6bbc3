// The suggested policy of a least-privilege entry (issue 17, docs/architecture.md section 9): each Allow
// statement the principal had kept with its resources and conditions, its actions cut to those used within
// `days`; the statements the change adds kept as written (what it adds on purpose); Deny and NotAction
// statements kept as written. A statement left with no action is dropped. Pure and bounded (one Deadline).
import { startDeadline } from '../core/deadline';
import { actionsMatching, getCatalog } from '../core/policy/catalog';
import { buildModel } from '../core/policy/model';
import type { ServiceUsage } from './last-accessed';

const DAY_MS = 86_400_000;

export interface Suggestion {
  document: string;
  derivation: string;
}

/** Whether the principal may still need an action: used within `days`, or of a used service IAM tracks only at service level. */
function keptBy(usage: readonly ServiceUsage[], days: number, now: Date): (action: string) => boolean {
  const since = now.getTime() - days * DAY_MS;
  const recent = (d: Date | undefined) => d !== undefined && d.getTime() >= since;
  const tracked = new Map<string, Date | undefined>();
  const services = new Map<string, ServiceUsage>();
  for (const s of usage) {
    services.set(s.namespace.toLowerCase(), s);
    for (const a of s.actions) tracked.set(a.action.toLowerCase(), a.lastAccessed);
  }
  return (action) => {
    const k = action.toLowerCase();
    if (tracked.has(k)) return recent(tracked.get(k));
    return recent(services.get(k.slice(0, k.indexOf(':')))?.lastAuthenticated);
  };
}

/**
 * The suggestion for the principal's documents after the change. `added(policy, index)` says whether a
 * statement is one the change adds (it grants an action no policy granted before).
 */
export function suggestPolicy(input: {
  after: readonly string[];
  added: (policy: number, index: number | undefined) => boolean;
  usage: readonly ServiceUsage[];
  days: number;
  now: Date;
}): Suggestion | undefined {
  const deadline = startDeadline();
  const catalog = getCatalog();
  const kept = keptBy(input.usage, input.days, input.now);
  const statements: Array<Record<string, unknown>> = [];
  const sids = new Set<string>();
  input.after.forEach((text, policy) => {
    const built = buildModel(text);
    if (!built.ok) return;
    for (const s of built.model.statements) {
      let value: unknown;
      try {
        value = JSON.parse(text.slice(s.node.offset, s.node.offset + s.node.length));
      } catch {
        continue;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
      const statement = { ...(value as Record<string, unknown>) };
      const asWritten = s.effect !== 'Allow' || s.action === undefined || input.added(policy, s.index);
      if (!asWritten) {
        const actions = new Set<string>();
        for (const pattern of s.action ?? [])
          for (const a of actionsMatching(catalog, pattern.value, deadline)) {
            const name = `${a.service}:${a.name}`;
            if (kept(name)) actions.add(name);
          }
        if (actions.size === 0) continue;
        statement.Action = [...actions].sort();
      }
      // Sids must be unique within one policy: a repeated one is dropped.
      if (typeof statement.Sid === 'string') {
        if (sids.has(statement.Sid)) delete statement.Sid;
        else sids.add(statement.Sid);
      }
      statements.push(statement);
    }
  });
  // IAM refuses a policy without a statement: no suggestion then.
  if (statements.length === 0) return undefined;
  return {
    document: JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2),
    derivation:
      `Each statement the principal had keeps its resources and conditions with only the actions used within ${input.days} days ` +
      '(or of a used service IAM tracks at service level only); the statements this change adds, and Deny and NotAction statements, are kept as written; ' +
      'only the policies in this change are counted.',
  };
}
