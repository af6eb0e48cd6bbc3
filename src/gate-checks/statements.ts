// What the gate checks ask of a statement, on top of the local analyzer's policy model and evaluator.
import type { StatementModel } from '../analyze/local/policy-model';

export const isAllow = (s: StatementModel): boolean => s.effect === 'Allow';

/** A statement that reaches every resource: Resource "*", or NotResource (every resource but some). */
export function reachesAnyResource(s: StatementModel): boolean {
  return s.resource?.some((x) => x.value === '*') === true || s.notResource !== undefined;
}
