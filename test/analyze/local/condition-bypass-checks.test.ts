import { describe, expect, it } from 'vitest';
import { analyze, codes, identity } from './helpers';

const listing = (effect: string, condition: unknown) =>
  identity({
    Effect: effect,
    Action: 's3:ListBucket',
    Resource: 'arn:aws:s3:::bucket',
    Condition: condition,
  });

describe('S3_PREFIX_IN_NEGATIVE_CONTEXT', () => {
  it.each([
    ['Deny', 'StringLike'],
    ['Deny', 'StringEquals'],
    ['Deny', 'StringLikeIfExists'],
    ['Allow', 'StringNotLike'],
    ['Allow', 'StringNotEquals'],
  ])('flags s3:prefix in %s under %s, at the key', (effect, operator) => {
    const value = operator.includes('Like') ? 'private/*' : 'private/';
    const found = analyze(listing(effect, { [operator]: { 's3:prefix': value } }));
    expect(found).toMatchObject([
      { code: 'S3_PREFIX_IN_NEGATIVE_CONTEXT', severity: 'SECURITY_WARNING', location: { startLine: 10 } },
    ]);
    expect(found[0]?.message).toContain(`under ${operator} in`);
  });

  it.each([
    ['Allow', 'StringLike'],
    ['Allow', 'StringEquals'],
    ['Deny', 'StringNotLike'],
    ['Deny', 'StringNotEqualsIfExists'],
  ])('accepts s3:prefix in %s under %s', (effect, operator) => {
    const values = operator.includes('Like') ? ['home/', 'home/*'] : ['home/', 'home/docs/'];
    expect(codes(analyze(listing(effect, { [operator]: { 'S3:Prefix': values } })))).toEqual([]);
  });

  it('accepts other keys in a Deny, and Null on s3:prefix', () => {
    expect(codes(analyze(listing('Deny', { StringEquals: { 's3:delimiter': '/' } })))).toEqual([]);
    expect(codes(analyze(listing('Deny', { Null: { 's3:prefix': 'true' } })))).toEqual([]);
  });
});

describe('DYNAMODB_ATTRIBUTES_WITHOUT_SELECT', () => {
  const read = (effect: string, condition: unknown) =>
    identity({
      Effect: effect,
      Action: ['dynamodb:GetItem', 'dynamodb:Query'],
      Resource: '*',
      Condition: condition,
    });
  const attributes = { 'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['id', 'name'] } };

  it('flags an Allow limited by dynamodb:Attributes alone, at the key', () => {
    const found = analyze(read('Allow', attributes));
    expect(found).toMatchObject([
      {
        code: 'DYNAMODB_ATTRIBUTES_WITHOUT_SELECT',
        severity: 'SECURITY_WARNING',
        location: { startLine: 13 },
      },
    ]);
  });

  it.each([
    ['StringEquals', 'ALL_ATTRIBUTES'],
    ['StringNotEquals', 'SPECIFIC_ATTRIBUTES'],
  ])('flags it when dynamodb:Select is tested otherwise (%s %s)', (operator, value) => {
    const found = analyze(read('Allow', { ...attributes, [operator]: { 'dynamodb:Select': value } }));
    expect(codes(found)).toEqual(['DYNAMODB_ATTRIBUTES_WITHOUT_SELECT']);
  });

  it.each(['StringEquals', 'StringEqualsIfExists'])(
    'accepts it with %s dynamodb:Select SPECIFIC_ATTRIBUTES, and in a Deny',
    (operator) => {
      const condition = { ...attributes, [operator]: { 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' } };
      expect(codes(analyze(read('Allow', condition)))).toEqual([]);
      expect(codes(analyze(read('Deny', attributes)))).toEqual([]);
    },
  );
});

describe('keys written with JSON escapes', () => {
  it('finds s3:prefix written s3:pr\\u0065fix', () => {
    const text = JSON.stringify(listing('Deny', { StringLike: { 's3:prQQfix': 'private/*' } })).replace(
      'QQ',
      '\\u0065',
    );
    expect(text).not.toContain('s3:prefix');
    expect(codes(analyze(text))).toEqual(['S3_PREFIX_IN_NEGATIVE_CONTEXT']);
  });
});
