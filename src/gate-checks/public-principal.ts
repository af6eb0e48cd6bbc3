// PUBLIC_PRINCIPAL_WITHOUT_CONDITION: a resource policy that allows everyone, unconditionally.
import { hasCondition } from '../core/policy/evaluate';
import { isPublicPrincipal, type PolicyModel } from '../core/policy/model';
import type { GateReporter } from './report';
import { isAllow } from './statements';

export function checkPublicPrincipal(model: PolicyModel, r: GateReporter): void {
  for (const s of model.statements.filter(isAllow)) {
    if (s.principal !== undefined && isPublicPrincipal(s.principal) && !hasCondition(s)) {
      r.add(
        'PUBLIC_PRINCIPAL_WITHOUT_CONDITION',
        s.principal,
        'The statement allows Principal "*" without a Condition.',
      );
    }
  }
}
