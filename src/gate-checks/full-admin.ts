// FULL_ADMIN_ACCESS: every action ("*", "*:*", ...) on every resource ("*", "arn:aws:*:*:*:*") in an identity policy.
import { hasCondition } from '../core/policy/evaluate';
import type { PolicyModel, Str } from '../core/policy/model';
import type { GateReporter } from './report';
import { isAllow, isEveryAction, isEveryResource } from './statements';

/** The `*` action strings of the statements that grant every action on every resource. */
export function fullAdminGrants(model: PolicyModel): Array<{ star: Str; conditional: boolean }> {
  const out: Array<{ star: Str; conditional: boolean }> = [];
  for (const s of model.statements.filter(isAllow)) {
    const star = s.action?.find((a) => isEveryAction(a.value));
    if (star && s.resource?.some((x) => isEveryResource(x.value))) {
      out.push({ star, conditional: hasCondition(s) });
    }
  }
  return out;
}

/** FULL_ADMIN_ACCESS for each grant fullAdminGrants found. */
export function checkFullAdmin(grants: ReturnType<typeof fullAdminGrants>, r: GateReporter): void {
  for (const { star, conditional } of grants) {
    const cond = conditional ? ' (under a condition)' : '';
    r.add('FULL_ADMIN_ACCESS', star.node, `The statement allows every action on every resource${cond}.`);
  }
}
