// PRIVILEGE_ESCALATION_ACTIONS: the identity policy completes a known privilege-escalation method on any
// resource. An unconditional Deny on every resource removes an action; iam:PassRole counts only where
// iam:PassedToService lets the role go to the method's service (passed-to-service.ts). Other conditions
// do not remove a method: the gate cannot tell whether they hold.
import type { Node } from 'jsonc-parser';
import { type EscalationSet, PRIVILEGE_ESCALATION_SETS } from '../core/escalation-sets';
import { hasCondition, resourceScope, statementMatchesEach } from '../core/policy/evaluate';
import type { PolicyModel, StatementModel } from '../core/policy/model';
import { matchesWildcard } from '../core/policy/wildcard';
import { mayPassRoleTo } from './passed-to-service';
import type { GateReporter } from './report';
import { isAllow, reachesAnyResource } from './statements';

const PASS_ROLE = 'iam:passrole';

// Every action of every set, in one array met by every policy: each statement's list says which of them it
// matches once per distinct list (statementMatchesEach), and a set's action is its place here.
const SET_ACTIONS: readonly string[] = PRIVILEGE_ESCALATION_SETS.flatMap((set) => set.actions);
const SET_STARTS: readonly number[] = PRIVILEGE_ESCALATION_SETS.map((_, i) =>
  PRIVILEGE_ESCALATION_SETS.slice(0, i).reduce((n, set) => n + set.actions.length, 0),
);

export function checkPrivilegeEscalation(model: PolicyModel, r: GateReporter): void {
  const allows = model.statements.filter(
    (s) => isAllow(s) && resourceScope(s) !== 'none' && reachesAnyResource(s),
  );
  const denies = model.statements.filter(
    (s) => s.effect === 'Deny' && resourceScope(s) === 'all' && !hasCondition(s),
  );
  const allowRows = allows.map((s) => statementMatchesEach(s, SET_ACTIONS, r.deadline));
  // Most policies grant none of the sets' actions: nothing to complete, nothing to look up.
  if (!allowRows.some((row) => row.includes(1))) return;
  const denyRows = denies.map((s) => statementMatchesEach(s, SET_ACTIONS, r.deadline));
  const grants = (s: StatementModel, row: Uint8Array, at: number, set: EscalationSet) =>
    row[at] === 1 &&
    (SET_ACTIONS[at]!.toLowerCase() !== PASS_ROLE ||
      set.passedTo === undefined ||
      mayPassRoleTo(s, set.passedTo));
  // The statement that grants the action at `at` of SET_ACTIONS, unless a Deny removes it.
  const grantedBy = (at: number, set: EscalationSet) =>
    denyRows.some((row) => row[at] === 1)
      ? undefined
      : allows.find((s, i) => grants(s, allowRows[i]!, at, set));
  // One finding per place, listing every set it completes (an "iam:*" completes many).
  const found = new Map<Node | undefined, string[]>();
  for (const [index, set] of PRIVILEGE_ESCALATION_SETS.entries()) {
    const start = SET_STARTS[index]!;
    const first = grantedBy(start, set);
    if (first === undefined) continue;
    if (set.actions.some((_, k) => k > 0 && grantedBy(start + k, set) === undefined)) continue;
    const action = set.actions[0]!;
    const node =
      first.action?.find((a) => matchesWildcard(a.value, action, r.deadline))?.node ??
      first.members.get('NotAction')?.key;
    const list = found.get(node) ?? [];
    list.push(`${set.actions.join(' + ')} (${set.name})`);
    found.set(node, list);
  }
  for (const [node, sets] of found) {
    const more = sets.length > 3 ? `, and ${sets.length - 3} more` : '';
    r.add(
      'PRIVILEGE_ESCALATION_ACTIONS',
      node,
      `The policy allows, on any resource: ${sets.slice(0, 3).join('; ')}${more}.`,
    );
  }
}
