// Service principals are DNS-like names in lower case under an AWS suffix (`ec2.amazonaws.com`,
// `states.us-east-1.amazonaws.com`): `EC2.amazonaws.com` or `ec2` names no service and matches no request.

import { type PolicyModel, principalValues } from '../../core/policy/model';
import { hasWildcard } from '../../core/policy/wildcard';
import type { Reporter } from './reporter';

/** The endings of service principals: Access Analyzer's three, and those of the isolated partitions. */
const SUFFIXES = ['.amazonaws.com', '.amazon.com', '.amazonaws.com.cn', '.c2s.ic.gov', '.sc2s.sgov.gov'];

export function isServicePrincipalFormat(value: string): boolean {
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(value)) return false;
  return SUFFIXES.some((suffix) => value.endsWith(suffix) && value.length > suffix.length);
}

export function checkServicePrincipals(model: PolicyModel, r: Reporter): void {
  for (const s of model.statements) {
    for (const node of [s.principal, s.notPrincipal]) {
      for (const p of principalValues(node)) {
        if (p.key !== 'Service' || hasWildcard(p.value) || p.value.includes('${')) continue;
        if (isServicePrincipalFormat(p.value)) continue;
        r.add(
          'INVALID_SERVICE_PRINCIPAL_FORMAT',
          p.node,
          `The service principal "${p.value}" does not match the expected format: write it in lower case as service.amazonaws.com (or with the suffix .amazon.com, .amazonaws.com.cn).`,
        );
      }
    }
  }
}
