// How each condition key is used: the operator against what the key is (its type in the catalogue, whether
// it is multivalued) and the values it is given. Keys and operators that do not exist are condition-checks.ts'.
import { type Catalog, type ConditionKeyInfo, findKey } from '../../core/policy/catalog';
import {
  type Member,
  membersOf,
  type PolicyModel,
  type StatementModel,
  stringsOf,
} from '../../core/policy/model';
import { parseOperator } from '../../core/policy/operator';
import { improveIpRange, wildcardWithoutLike } from './condition-value-checks';
import { checkValueFormats } from './condition-value-format-checks';
import type { Reporter } from './reporter';

/** One key of a condition block, with the operator it sits under. */
export interface KeyUse {
  operator: string;
  base: string;
  ifExists: boolean;
  setQualifier: string | undefined;
  key: string;
  member: Member;
}

export function keyUses(s: StatementModel): KeyUse[] {
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
    missingPairedKeys(uses, r);
    for (const use of uses) {
      r.deadline.tick();
      equivalentToNullFalse(use, r);
      missingQualifier(catalog, use, nullTested, r);
      forAllValuesOnSingleValue(catalog, use, r);
      improveIpRange(use, r);
      checkValueFormats(use, r);
      wildcardWithoutLike(use, r);
      const info = keyInfo(catalog, use.key);
      if (info !== undefined) {
        stringLikeOnArnKey(use, info, r);
        typeMismatch(use, info, r);
      }
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

/** An identity provider's claims that hold one value (IAM's "Available keys for OIDC federation"). */
const SINGLE_VALUED_CLAIMS: ReadonlySet<string> = new Set(['aud', 'sub']);

/**
 * An identity provider's key (`accounts.google.com:aud`, `saml:sub`): a prefix the catalogue lists as no
 * service's, and the claim after it, both in lower case. Undefined for other keys.
 */
export function providerKey(catalog: Catalog, key: string): { provider: string; claim: string } | undefined {
  const colon = key.indexOf(':');
  const provider = key.slice(0, colon).toLowerCase();
  if (colon <= 0 || !catalog.unassociated.has(provider)) return undefined;
  return { provider, claim: key.slice(colon + 1).toLowerCase() };
}

/** Whether a key holds one value in a request: a catalogue type without ArrayOf, or a provider's aud or sub. */
function isSingleValued(catalog: Catalog, key: string): boolean {
  const colon = key.indexOf(':');
  const claim = key.slice(colon + 1).toLowerCase();
  // Cognito's amr is a set of values (`ForAnyValue:StringLike`, as IAM's examples write it), whatever its type.
  if (claim === 'amr') return false;
  const info = keyInfo(catalog, key);
  if (info !== undefined) return !info.type.startsWith('ArrayOf');
  return SINGLE_VALUED_CLAIMS.has(providerKey(catalog, key)?.claim ?? '');
}

/**
 * ForAllValues: on a key that holds one value: the set operator is true when the request has no value for
 * the key at all, so an Allow under it also lets in a request without the key (IAM User Guide,
 * "Single-valued vs. multivalued context keys").
 */
function forAllValuesOnSingleValue(catalog: Catalog, use: KeyUse, r: Reporter): void {
  if (use.setQualifier?.toLowerCase() !== 'forallvalues') return;
  if (!isSingleValued(catalog, use.key)) return;
  r.add(
    'FORALLVALUES_WITH_SINGLE_VALUED_KEY',
    use.member.key,
    `${use.key} is a single-valued condition key: ForAllValues: is true when the request has no ${use.key} at all, which allows more than intended; use ${use.operator.replace(/^ForAllValues:/i, '')} without the qualifier.`,
  );
}

/** The type an operator compares as, in the catalogue's words; undefined for Null and unknown operators. */
function operatorType(base: string): string | undefined {
  const b = base.toLowerCase();
  if (b.startsWith('string')) return 'String';
  if (b.startsWith('numeric')) return 'Numeric';
  if (b.startsWith('date')) return 'Date';
  if (b === 'bool') return 'Bool';
  if (b === 'ipaddress' || b === 'notipaddress') return 'IPAddress';
  if (b.startsWith('arn')) return 'ARN';
  return undefined;
}

/** The key's type without ArrayOf: the type of each of its values. */
const valueType = (info: ConditionKeyInfo) => info.type.replace(/^ArrayOf/, '');

/**
 * StringLike / StringNotLike on an ARN key: a string pattern's `*` runs across the ARN's fields, where
 * ArnLike matches field by field (`arn:aws:iam::*:root` as a string also matches other ARNs).
 */
function stringLikeOnArnKey(use: KeyUse, info: ConditionKeyInfo, r: Reporter): void {
  const like = ['stringlike', 'stringnotlike'].includes(use.base.toLowerCase());
  if (!like || valueType(info) !== 'ARN') return;
  const arnOperator = use.operator.replace(/String(Not)?Like/i, (_, not) => `Arn${not ? 'Not' : ''}Like`);
  r.add(
    'STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS',
    use.member.key,
    `${use.key} is an ARN condition key: use ${arnOperator} instead of ${use.operator}, which matches the ARN as a plain string.`,
  );
}

/** Whether a policy value is a literal of the catalogue type (a policy variable may be anything). */
function isValueOf(type: string, value: string): boolean {
  if (value.includes('${')) return true;
  switch (type) {
    case 'Bool':
      return /^(true|false)$/i.test(value);
    case 'Numeric':
      return /^-?\d+(\.\d+)?$/.test(value);
    case 'Date':
      return /^\d+$/.test(value) || !Number.isNaN(Date.parse(value));
    case 'IPAddress':
      return /^[\d.]+(\/\d+)?$|^[\da-f:]+(\/\d+)?$/i.test(value);
    case 'ARN':
      return value.startsWith('arn:') || value === '*';
    default:
      return true;
  }
}

/**
 * An operator of another type than the key's, with a value that cannot be one of the key's values
 * (`StringEquals {"aws:ViaAWSService": "amplify.amazonaws.com"}` on a Bool key): the condition never
 * means what it says. String operators on ARN keys are IAM's documented alternative and pass.
 */
function typeMismatch(use: KeyUse, info: ConditionKeyInfo, r: Reporter): void {
  const opType = operatorType(use.base);
  const keyType = valueType(info);
  if (opType === undefined || opType === keyType || (opType === 'String' && keyType === 'ARN')) return;
  if (!['Bool', 'Numeric', 'Date', 'IPAddress', 'ARN', 'String'].includes(keyType)) return;
  const values = stringsOf(use.member.value) ?? [];
  const wrong = values.find((v) => !isValueOf(keyType, v.value));
  if (wrong === undefined) return;
  r.add(
    'TYPE_MISMATCH',
    use.member.key,
    `${use.key} is a ${keyType} condition key, and "${wrong.value}" is not a ${keyType} value: use a ${keyType} operator instead of ${use.operator}.`,
  );
}

/**
 * Keys that restrict little on their own: aws:VpcSourceIp is an address inside some VPC, and every VPC may
 * use the same private range, so it needs aws:SourceVpc beside it to say which VPC.
 */
const PAIRED_KEYS: ReadonlyArray<{ key: string; needs: readonly string[] }> = [
  { key: 'aws:VpcSourceIp', needs: ['aws:SourceVpc'] },
];

function missingPairedKeys(uses: readonly KeyUse[], r: Reporter): void {
  const present = new Set(uses.map((u) => u.key.toLowerCase()));
  for (const { key, needs } of PAIRED_KEYS) {
    const use = uses.find((u) => u.key.toLowerCase() === key.toLowerCase());
    const missing = needs.filter((n) => !present.has(n.toLowerCase()));
    if (use === undefined || missing.length === 0) continue;
    r.add(
      'MISSING_PAIRED_CONDITION_KEYS',
      use.member.key,
      `Using the condition key ${use.key} can be overly permissive without ${missing.join(', ')}: the same private addresses exist in every VPC. Add ${missing.join(', ')} to the same Condition.`,
    );
  }
}
