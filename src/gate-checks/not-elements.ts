// ALLOW_WITH_NOT_ACTION and ALLOW_WITH_NOT_RESOURCE: Allow statements that name what they do not grant.
import type { PolicyModel } from '../core/policy/model';
import type { GateReporter } from './report';
import { isAllow } from './statements';

export function checkNotElements(model: PolicyModel, r: GateReporter): void {
  for (const s of model.statements.filter(isAllow)) {
    const notAction = s.members.get('NotAction');
    if (notAction) r.add('ALLOW_WITH_NOT_ACTION', notAction.key, 'The statement allows with NotAction.');
    const notResource = s.members.get('NotResource');
    if (notResource) {
      r.add('ALLOW_WITH_NOT_RESOURCE', notResource.key, 'The statement allows with NotResource.');
    }
  }
}
