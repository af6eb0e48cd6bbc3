// Conditions a request can step around: an s3:prefix test that a shorter prefix escapes, and a
// dynamodb:Attributes limit that a read without a projection expression never meets.

import { membersOf, type StatementModel, stringsOf } from '../../core/policy/model';
import { parseOperator } from '../../core/policy/operator';
import type { Reporter } from './reporter';

interface KeyTest {
  operator: string;
  base: string;
  key: string;
  keyNode: Parameters<Reporter['add']>[1];
  values: Parameters<typeof stringsOf>[0];
}

function keyTests(s: StatementModel): KeyTest[] {
  const out: KeyTest[] = [];
  for (const [operator, block] of membersOf(s.condition)) {
    const { base } = parseOperator(operator);
    for (const [key, m] of membersOf(block.value)) {
      out.push({
        operator,
        base: base.toLowerCase(),
        key: key.toLowerCase(),
        keyNode: m.key,
        values: m.value,
      });
    }
  }
  return out;
}

/** Whether a policy's text can hold either key (keys are case-insensitive; a JSON escape may write any letter). */
const MENTIONS_KEYS = /s3:prefix|dynamodb:attributes|\\u/i;

export function checkConditionBypasses(
  text: string,
  statements: readonly StatementModel[],
  r: Reporter,
): void {
  if (!MENTIONS_KEYS.test(text)) return;
  for (const s of statements) {
    if (s.condition?.type !== 'object') continue;
    r.deadline.tick();
    const tests = keyTests(s);
    s3PrefixInNegativeContext(s, tests, r);
    dynamoDbAttributesWithoutSelect(s, tests, r);
  }
}

const NEGATED_STRING = new Set(['stringnotequals', 'stringnotequalsignorecase', 'stringnotlike']);
const STRING = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', ...NEGATED_STRING]);

/**
 * s3:prefix is the prefix the request lists, not the objects it reaches: a Deny matching some prefixes,
 * or an Allow of all prefixes but some, is escaped by asking for a shorter prefix ("priv" for "private/").
 * Allow with a positive operator and Deny with a negated one restrict; the other two do not.
 */
function s3PrefixInNegativeContext(s: StatementModel, tests: readonly KeyTest[], r: Reporter): void {
  for (const t of tests) {
    if (t.key !== 's3:prefix' || !STRING.has(t.base)) continue;
    const negated = NEGATED_STRING.has(t.base);
    const restricts = s.effect === 'Allow' ? !negated : s.effect === 'Deny' ? negated : true;
    if (restricts) continue;
    r.add(
      'S3_PREFIX_IN_NEGATIVE_CONTEXT',
      t.keyNode,
      `s3:prefix under ${t.operator} in ${s.effect === 'Deny' ? 'a Deny' : 'an Allow'} statement does not block listing the objects under those prefixes: a request for a shorter prefix does not match and still lists them. Use StringLike in an Allow statement, or StringNotLike in a Deny statement.`,
    );
  }
}

/**
 * dynamodb:Attributes is only in a request that names the attributes to return: an Allow limited by it
 * also allows a read without a projection expression, which returns whole items, unless the statement
 * also requires dynamodb:Select to be SPECIFIC_ATTRIBUTES.
 */
function dynamoDbAttributesWithoutSelect(s: StatementModel, tests: readonly KeyTest[], r: Reporter): void {
  if (s.effect !== 'Allow') return;
  const attributes = tests.find((t) => t.key === 'dynamodb:attributes');
  if (attributes === undefined) return;
  const selectsSpecific = tests.some(
    (t) =>
      t.key === 'dynamodb:select' &&
      t.base === 'stringequals' &&
      (stringsOf(t.values) ?? []).some((v) => v.value === 'SPECIFIC_ATTRIBUTES'),
  );
  if (selectsSpecific) return;
  r.add(
    'DYNAMODB_ATTRIBUTES_WITHOUT_SELECT',
    attributes.keyNode,
    'Restricting dynamodb:Attributes without also setting dynamodb:Select to SPECIFIC_ATTRIBUTES allows all attributes to be returned on read requests that omit a projection expression: add StringEquals {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"} to the same Condition.',
  );
}
