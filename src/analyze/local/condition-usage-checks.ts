// How each condition key is used: the operator against what the key is (its type in the catalogue, whether
// it is multivalued) and the values it is given. Keys and operators that do not exist are condition-checks.ts'.
import { type Catalog, type ConditionKeyInfo, findKey } from './catalog';
import { parseOperator } from './condition-checks';
import type { Reporter } from './locate';
import { type Member, membersOf, type PolicyModel, type StatementModel, stringsOf } from './policy-model';

/** One key of a condition block, with the operator it sits under. */
interface KeyUse {
  operator: string;
  base: string;
  ifExists: boolean;
  setQualifier: string | undefined;
  key: string;
  member: Member;
}

function keyUses(s: StatementModel): KeyUse[] {
  const out: KeyUse[] = [];
  for (const [operator, block] of membersOf(s.condition)) {
    const parsed = parseOperator(operator);
    for (const [key, member] of membersOf(block.value)) out.push({ operator, ...parsed, key, member });
  }
  return out;
}

/** The catalogue's entry for a condition key (global or of its service), undefined when it has none. */
export function keyInfo(catalog: Catalog, key: string): ConditionKeyInfo | undefined {
  const global = findKey(catalog.globalKeys, key);
  if (global !== undefined) return global;
  const colon = key.indexOf(':');
  const service = colon > 0 ? catalog.services.get(key.slice(0, colon).toLowerCase()) : undefined;
  return service === undefined ? undefined : findKey(service.keys, key);
}

export function checkConditionUsage(catalog: Catalog, model: PolicyModel, r: Reporter): void {
  for (const s of model.statements) {
    if (s.condition?.type !== 'object') continue;
    const uses = keyUses(s);
    const nullTested = new Set(
      uses.filter((u) => u.base.toLowerCase() === 'null').map((u) => u.key.toLowerCase()),
    );
    for (const use of uses) {
      r.deadline.tick();
      equivalentToNullFalse(use, r);
      missingQualifier(catalog, use, nullTested, r);
    }
  }
}

/**
 * `StringLike {key: "*"}` matches any value the key has, so all it tests is that the key is present:
 * `Null {key: "false"}` says that directly. With IfExists it would also match an absent key (another
 * matter), and a set qualifier tests the values one by one.
 */
function equivalentToNullFalse(use: KeyUse, r: Reporter): void {
  const like = ['stringlike', 'arnlike'].includes(use.base.toLowerCase());
  if (!like || use.ifExists || use.setQualifier !== undefined) return;
  if (!(stringsOf(use.member.value) ?? []).some((v) => v.value === '*')) return;
  r.add(
    'EQUIVALENT_TO_NULL_FALSE',
    use.member.key,
    `${use.operator} {"${use.key}": "*"} only tests that the key is present: replace it with {"Null": {"${use.key}": "false"}} to state the condition plainly.`,
  );
}

/**
 * A multivalued key (a set of values in the request, e.g. aws:TagKeys) needs ForAllValues: or ForAnyValue:
 * to say whether all or any of its values must match. Not raised when the statement also tests the key
 * with Null, as Access Analyzer does not.
 */
function missingQualifier(catalog: Catalog, use: KeyUse, nullTested: ReadonlySet<string>, r: Reporter): void {
  if (use.setQualifier !== undefined || use.base.toLowerCase() === 'null') return;
  if (nullTested.has(use.key.toLowerCase())) return;
  const info = keyInfo(catalog, use.key);
  if (info === undefined || !info.type.startsWith('ArrayOf')) return;
  r.add(
    'MISSING_QUALIFIER',
    use.member.key,
    `The request context key ${use.key} has multiple values: use the ForAllValues: or ForAnyValue: qualifier on ${use.operator}.`,
  );
}
