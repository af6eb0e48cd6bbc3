// What a simulation finding says: its codes and the message of a deny-listed action a statement allows.
// The simulation (analyze/) writes these findings; decide/one-per-risk.ts rewrites one without the actions
// another finding already names.
import { listed } from './list-text';
import { escalationReason } from './privilege-escalation';
import type { Finding, SimulatedAction } from './types';

export const SIMULATE_DENY_ALLOWED = 'SIMULATE_DENY_ALLOWED';
export const SIMULATE_ALLOW_DENIED = 'SIMULATE_ALLOW_DENIED';

/** The most actions a simulation finding's message names; the rest are counted ("and 12 more"). */
export const MAX_LISTED_ACTIONS = 10;

/** Said of an allow that rests on a Condition or on specific resources (the local evaluation). */
export const CONDITIONAL_NOTE = ' Conditions or specific resources in the policy decide where this applies.';

/** " (iam:*, s3:Delete*)": the patterns the actions came from, where they are not the actions themselves. */
export function via(actions: readonly SimulatedAction[]): string {
  const patterns = [...new Set(actions.flatMap((a) => (a.pattern !== undefined ? [a.pattern] : [])))];
  return patterns.length > 0 ? ` (${patterns.join(', ')})` : '';
}

/**
 * The message of a SIMULATE_DENY_ALLOWED finding: one action as it always read ("Allows iam:CreateAccessKey,
 * which simulate.deny forbids; privilege escalation: ..."), several as one bounded list.
 */
export function denyAllowedMessage(actions: readonly SimulatedAction[]): string {
  const sure = actions.filter((a) => !a.conditional).map((a) => a.action);
  const maybe = actions.filter((a) => a.conditional).map((a) => a.action);
  const note = maybe.length > 0 ? CONDITIONAL_NOTE : '';
  const only = actions.length === 1 ? actions[0] : undefined;
  if (only) {
    const reason = escalationReason(only.action);
    const why = reason ? `; privilege escalation: ${reason}` : '';
    const verb = only.conditional ? 'May allow' : 'Allows';
    return `${verb} ${only.action}, which simulate.deny forbids${via(actions)}${why}.${note}`;
  }
  const escalating = actions.filter((a) => escalationReason(a.action) !== undefined).length;
  const why =
    escalating === 0
      ? ''
      : escalating === actions.length
        ? ', each a privilege escalation'
        : `, ${escalating} of them privilege escalations`;
  const what = [
    sure.length > 0 ? `allows ${listed(sure, MAX_LISTED_ACTIONS)}` : '',
    maybe.length > 0 ? `may allow ${listed(maybe, MAX_LISTED_ACTIONS)}` : '',
  ].filter((part) => part !== '');
  return `${actions.length} actions that simulate.deny forbids${via(actions)}${why}: the statement ${what.join('; ')}.${note}`;
}

/**
 * The finding without the actions `covered` names, its message rewritten; undefined when none is left.
 * For SIMULATE_DENY_ALLOWED findings (decide/one-per-risk.ts); any other finding is returned as is.
 */
export function withoutActions(finding: Finding, covered: (action: string) => boolean): Finding | undefined {
  if (finding.code !== SIMULATE_DENY_ALLOWED || finding.simulated === undefined) return finding;
  const left = finding.simulated.filter((a) => !covered(a.action));
  if (left.length === finding.simulated.length) return finding;
  if (left.length === 0) return undefined;
  return { ...finding, message: denyAllowedMessage(left), simulated: left };
}
