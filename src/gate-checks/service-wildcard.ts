// SERVICE_WIDE_WILDCARD: an identity policy's Allow statement grants a whole service ("s3:*") or every
// service's matching actions ("*:Get*") on every resource. Wildcards inside one service's names
// ("iam:*Policy*", "s3:Get*") are judged by what they grant instead: the escalation check expands them.
// "*" and "*:*" are FULL_ADMIN_ACCESS on Resource "*" (and ALLOW_WITH_NOT_RESOURCE with NotResource).

import { ACCESS_CONTROL_SERVICES } from '../core/gate-check-table';
import type { PolicyModel, Str } from '../core/policy/model';
import { hasWildcard, matchesWildcard } from '../core/policy/wildcard';
import type { GateReporter } from './report';
import { isAllow, isEveryAction, reachesAnyResource } from './statements';

/** Every name of a service: only `*` and `?`, with at least one `*`. */
const EVERY_NAME = /^[*?]*\*[*?]*$/;
/** How a service prefix is written (quoted in the message only then). */
const SERVICE = /^[a-z0-9-]+$/i;

type Wide = { kind: 'service'; service: string } | { kind: 'services'; service: string };

function wideness(action: string): Wide | undefined {
  const colon = action.indexOf(':');
  if (colon <= 0) return undefined;
  const service = action.slice(0, colon);
  const name = action.slice(colon + 1);
  if (hasWildcard(service)) {
    // "*:*" and the like are every action: FULL_ADMIN_ACCESS's.
    return isEveryAction(action) ? undefined : { kind: 'services', service };
  }
  return EVERY_NAME.test(name) && SERVICE.test(service) ? { kind: 'service', service } : undefined;
}

function message(a: Str, wide: Wide): string {
  const text = SERVICE.test(a.value.replace(/[*?:]/g, '')) ? `"${a.value}"` : 'an action wildcard';
  return wide.kind === 'service'
    ? `The statement allows ${text}, every action of ${wide.service}, on every resource.`
    : `The statement allows ${text}, matching actions of every service whose prefix it matches, on every resource.`;
}

export function checkServiceWildcards(model: PolicyModel, r: GateReporter): void {
  for (const s of model.statements.filter((x) => isAllow(x) && reachesAnyResource(x))) {
    for (const a of s.action ?? []) {
      r.deadline.tick();
      const wide = wideness(a.value);
      if (wide === undefined) continue;
      const sensitive = [...ACCESS_CONTROL_SERVICES].some((svc) =>
        matchesWildcard(wide.service, svc, r.deadline),
      );
      r.add('SERVICE_WIDE_WILDCARD', a.node, message(a, wide), sensitive ? 'SECURITY_WARNING' : undefined);
    }
  }
}
