// Conditions a request can step around: an s3:prefix test that a shorter prefix escapes, and a
// dynamodb:Attributes limit that a read without a projection expression never meets.

import { type StatementModel, stringsOf } from '../../core/policy/model';
import { type KeyUse, keyUses } from './condition-usage-checks';
import type { Reporter } from './reporter';

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
    const tests = keyUses(s);
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
function s3PrefixInNegativeContext(s: StatementModel, tests: readonly KeyUse[], r: Reporter): void {
  for (const t of tests) {
    if (t.key.toLowerCase() !== 's3:prefix' || !STRING.has(t.base.toLowerCase())) continue;
    const negated = NEGATED_STRING.has(t.base.toLowerCase());
    const restricts = s.effect === 'Allow' ? !negated : s.effect === 'Deny' ? negated : true;
    if (restricts) continue;
    r.add(
      'S3_PREFIX_IN_NEGATIVE_CONTEXT',
      t.member.key,
      `s3:prefix under ${t.operator} in ${s.effect === 'Deny' ? 'a Deny' : 'an Allow'} statement does not block listing the objects under those prefixes: a request for a shorter prefix does not match and still lists them. Use StringLike in an Allow statement, or StringNotLike in a Deny statement.`,
    );
  }
}

/**
 * dynamodb:Attributes is only in a request that names the attributes to return: an Allow limited by it
 * also allows a read without a projection expression, which returns whole items, unless the statement
 * also requires dynamodb:Select to be SPECIFIC_ATTRIBUTES.
 */
function dynamoDbAttributesWithoutSelect(s: StatementModel, tests: readonly KeyUse[], r: Reporter): void {
  if (s.effect !== 'Allow') return;
  const attributes = tests.find((t) => t.key.toLowerCase() === 'dynamodb:attributes');
  if (attributes === undefined) return;
  const selectsSpecific = tests.some(
    (t) =>
      t.key.toLowerCase() === 'dynamodb:select' &&
      t.base.toLowerCase() === 'stringequals' &&
      (stringsOf(t.member.value) ?? []).some((v) => v.value === 'SPECIFIC_ATTRIBUTES'),
  );
  if (selectsSpecific) return;
  r.add(
    'DYNAMODB_ATTRIBUTES_WITHOUT_SELECT',
    attributes.member.key,
    'Restricting dynamodb:Attributes without also setting dynamodb:Select to SPECIFIC_ATTRIBUTES allows all attributes to be returned on read requests that omit a projection expression: add StringEquals {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"} to the same Condition.',
  );
}
