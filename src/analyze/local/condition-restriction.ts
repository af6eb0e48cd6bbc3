// Whether a statement's Condition truly limits a key to named values. Access Analyzer does not take
// `iam:PassedToService` (or `iam:AWSServiceName`) as limiting iam:PassRole when the operator negates
// (StringNotEquals allows every other service), tests all values of a set (ForAllValues passes an empty
// one) or matches a wildcard value (`*a4b.amazonaws.com` is not one service). IfExists is taken as
// limiting: both keys are in every request of their action, and on the managed-policy corpus Access
// Analyzer is silent on such a statement as often as it reports one.

import { membersOf, type StatementModel, stringsOf } from '../../core/policy/model';
import { parseOperator } from '../../core/policy/operator';
import { hasWildcard } from '../../core/policy/wildcard';

/** Operators that allow only the values they list. */
const LIMITING = new Set(['stringequals', 'stringequalsignorecase', 'stringlike']);

/** Whether the statement's Condition allows `key` (lower case) only with named, wildcard-free values. */
export function conditionLimitsKey(s: StatementModel, key: string): boolean {
  for (const [operator, block] of membersOf(s.condition)) {
    const { base, setQualifier } = parseOperator(operator);
    if (setQualifier?.toLowerCase() === 'forallvalues' || !LIMITING.has(base.toLowerCase())) continue;
    for (const [name, m] of membersOf(block.value)) {
      if (name.toLowerCase() !== key) continue;
      const values = stringsOf(m.value) ?? [];
      if (values.length > 0 && values.every((v) => !hasWildcard(v.value))) return true;
    }
  }
  return false;
}
