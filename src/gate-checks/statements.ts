// What the gate checks ask of a statement, on top of the local analyzer's policy model and evaluator.
import type { StatementModel } from '../core/policy/model';

export const isAllow = (s: StatementModel): boolean => s.effect === 'Allow';

const STARS = /^\*+$/;

/** Every action, however spelt: `*`, `**`, `*:*`, `*:**` (only stars, around at most one colon). */
export function isEveryAction(action: string): boolean {
  const colon = action.indexOf(':');
  if (colon === -1) return STARS.test(action);
  return STARS.test(action.slice(0, colon)) && STARS.test(action.slice(colon + 1));
}

/** Every resource, however spelt: `*`, or an ARN whose service, region, account and resource are all stars. */
export function isEveryResource(resource: string): boolean {
  return STARS.test(resource) || /^arn:[^:]*:\*+:\*+:\*+:\*+$/.test(resource);
}

/** A statement that reaches every resource: Resource "*" (however spelt), or NotResource (all but some). */
export function reachesAnyResource(s: StatementModel): boolean {
  return s.resource?.some((x) => isEveryResource(x.value)) === true || s.notResource !== undefined;
}
