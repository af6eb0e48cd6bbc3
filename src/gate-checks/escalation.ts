// PRIVILEGE_ESCALATION_ACTIONS: the identity policy completes a known privilege-escalation method on any
// resource. An unconditional Deny on every resource removes an action; iam:PassRole counts only where
// iam:PassedToService lets the role go to the method's service (passed-to-service.ts). Other conditions
// do not remove a method: the gate cannot tell whether they hold.
import type { Node } from 'jsonc-parser';
import { type EscalationSet, PRIVILEGE_ESCALATION_SETS } from '../core/escalation-sets';
import { hasCondition, resourceScope, statementMatchesAction } from '../core/policy/evaluate';
import type { PolicyModel, StatementModel } from '../core/policy/model';
import { matchesWildcard } from '../core/policy/wildcard';
import { mayPassRoleTo } from './passed-to-service';
import type { GateReporter } from './report';
import { isAllow, reachesAnyResource } from './statements';

const PASS_ROLE = 'iam:passrole';

export function checkPrivilegeEscalation(model: PolicyModel, r: GateReporter): void {
  const allows = model.statements.filter(
    (s) => isAllow(s) && resourceScope(s) !== 'none' && reachesAnyResource(s),
  );
  const denies = model.statements.filter(
    (s) => s.effect === 'Deny' && resourceScope(s) === 'all' && !hasCondition(s),
  );
  const grants = (s: StatementModel, action: string, set: EscalationSet) =>
    statementMatchesAction(s, action, r.deadline) &&
    (action.toLowerCase() !== PASS_ROLE || set.passedTo === undefined || mayPassRoleTo(s, set.passedTo));
  const grantedBy = (action: string, set: EscalationSet) =>
    denies.some((d) => statementMatchesAction(d, action, r.deadline))
      ? undefined
      : allows.find((s) => grants(s, action, set));
  // One finding per place, listing every set it completes (an "iam:*" completes many).
  const found = new Map<Node | undefined, string[]>();
  for (const set of PRIVILEGE_ESCALATION_SETS) {
    const by = set.actions.map((a) => grantedBy(a, set));
    const first = by[0];
    if (first === undefined || by.some((s) => s === undefined)) continue;
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
