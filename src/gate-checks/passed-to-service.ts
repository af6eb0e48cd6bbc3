// Whether a statement's Condition lets iam:PassRole hand a role to a given service (iam:PassedToService).
// Only a condition that surely applies limits it: the statement's conditions are ANDed, and each block on
// iam:PassedToService with a plain string operator narrows the services. A ...IfExists operator (true when
// the key is absent), ForAllValues (true for an absent key too), a policy variable in a value, or any other
// operator limits nothing: the role may still go to the service, so the escalation path stays.

import { membersOf, type StatementModel, stringsOf } from '../core/policy/model';
import { parseOperator } from '../core/policy/operator';
import { compileWildcard, matchCompiled } from '../core/policy/wildcard';

const KEY = 'iam:passedtoservice';

type Allows = (service: string) => boolean;

/** What one operator block on the key says about a service; undefined when it does not limit. */
function limitOf(operator: string, values: readonly string[]): Allows | undefined {
  const { base, ifExists, setQualifier } = parseOperator(operator);
  if (ifExists || setQualifier?.toLowerCase() === 'forallvalues') return undefined;
  // No value (the grammar check reports it) or a policy variable: the gate cannot tell which services.
  if (values.length === 0 || values.some((v) => v.includes('${'))) return undefined;
  const lower = values.map((v) => v.toLowerCase());
  const like = () => values.map((v) => compileWildcard(v, { caseSensitive: true }));
  switch (base.toLowerCase()) {
    case 'stringequals':
      return (s) => values.includes(s);
    case 'stringequalsignorecase':
      return (s) => lower.includes(s.toLowerCase());
    case 'stringlike': {
      const patterns = like();
      return (s) => patterns.some((p) => matchCompiled(p, s));
    }
    // The negated operators exclude what they name (exactly, as IAM compares): everything else may go.
    case 'stringnotequals':
      return (s) => !values.includes(s);
    case 'stringnotequalsignorecase':
      return (s) => !lower.includes(s.toLowerCase());
    case 'stringnotlike': {
      const patterns = like();
      return (s) => !patterns.some((p) => matchCompiled(p, s));
    }
    default:
      return undefined;
  }
}

/** The limits a statement's Condition puts on iam:PassedToService (none: any service). */
function limitsOf(s: StatementModel): Allows[] {
  const limits: Allows[] = [];
  for (const [operator, block] of membersOf(s.condition)) {
    for (const [key, m] of membersOf(block.value)) {
      if (key.toLowerCase() !== KEY) continue;
      const values = stringsOf(m.value) ?? [];
      // A value that is not a string (the grammar check reports it) is not a limit the gate can read.
      const all = m.value.type === 'string' || (m.value.children ?? []).length === values.length;
      const limit = all
        ? limitOf(
            operator,
            values.map((v) => v.value),
          )
        : undefined;
      if (limit) limits.push(limit);
    }
  }
  return limits;
}

/**
 * Whether the statement lets a role be passed to one of `principals` (e.g. ec2.amazonaws.com), in any
 * partition (the China Regions' principals end in .amazonaws.com.cn).
 */
export function mayPassRoleTo(s: StatementModel, principals: readonly string[]): boolean {
  const limits = limitsOf(s);
  if (limits.length === 0) return true;
  const candidates = principals.flatMap((p) => [p, `${p}.cn`]);
  return candidates.some((p) => limits.every((allows) => allows(p)));
}
