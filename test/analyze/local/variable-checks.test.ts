// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are IAM policy variables, not templates
import { describe, expect, it } from 'vitest';
import { variablesOf } from '../../../src/analyze/local/variable-checks';
import { analyze, codes, identity } from './helpers';

const onResource = (resource: unknown) =>
  identity({ Effect: 'Allow', Action: 's3:GetObject', Resource: resource });
const withCondition = (condition: unknown) =>
  identity({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b', Condition: condition });
const VARIABLE_CODES = new Set([
  'EMPTY_VARIABLE',
  'MISSING_BRACE_IN_VARIABLE',
  'UNSUPPORTED_SPACE_IN_VARIABLE',
  'MISSING_QUOTE_IN_VARIABLE',
  'VARIABLE_UNSUPPORTED_IN_VERSION',
  'VARIABLE_UNSUPPORTED_IN_ELEMENT',
  'INVALID_VARIABLE_FOR_OPERATOR',
]);
const bucketPolicy = (principal: unknown) => ({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
  ],
});

describe('variablesOf', () => {
  it.each([
    ['${aws:username}'],
    ['${*}'],
    ['${?}'],
    ['${$}'],
    ["${aws:PrincipalTag/team, 'company-wide'}"],
    ["${aws:userid, 'anonymous user'}"],
    ["${aws:userid, ''}"],
    ["${aws:userid,'anonymous'}"],
    ["${aws:userid, 'a}b'}"],
    ["${aws:userid, 'anonymous' }"],
    ["${aws:userid, '${aws:username}'}"],
  ])('reads %s as one well-written variable', (value) => {
    expect(variablesOf(value)).toEqual([{ text: value, malformed: undefined }]);
  });

  it('finds every variable of a string, a literal $ before one included', () => {
    expect(variablesOf('arn:aws:s3:::b/$${aws:username}/${aws:userid}/x').map((v) => v.text)).toEqual([
      '${aws:username}',
      '${aws:userid}',
    ]);
    expect(variablesOf('no variable, {braces} and $ alone')).toEqual([]);
  });

  it.each([
    ['${}', 'EMPTY_VARIABLE'],
    ['${ }', 'EMPTY_VARIABLE'],
    ["${, 'anonymous'}", 'EMPTY_VARIABLE'],
    ['${aws:username', 'MISSING_BRACE_IN_VARIABLE'],
    ['${', 'MISSING_BRACE_IN_VARIABLE'],
    ["${aws:username, 'anonymous'", 'MISSING_BRACE_IN_VARIABLE'],
    ['${aws: username}', 'UNSUPPORTED_SPACE_IN_VARIABLE'],
    ['${ aws:username}', 'UNSUPPORTED_SPACE_IN_VARIABLE'],
    ["${aws:username , 'anonymous'}", 'UNSUPPORTED_SPACE_IN_VARIABLE'],
    ['${aws:userid, anonymous}', 'MISSING_QUOTE_IN_VARIABLE'],
    ["${aws:userid, 'anonymous}", 'MISSING_QUOTE_IN_VARIABLE'],
    ["${aws:userid, anonymous'}", 'MISSING_QUOTE_IN_VARIABLE'],
    ['${aws:userid, }', 'MISSING_QUOTE_IN_VARIABLE'],
  ])('reads %s as %s', (value, code) => {
    expect(variablesOf(value)).toEqual([{ text: value, malformed: code }]);
  });

  it('reads on after a malformed variable, and a missing brace takes the rest of the string', () => {
    expect(variablesOf('${}/${aws:userid, x}/${aws:username}/${aws:userid')).toEqual([
      { text: '${}', malformed: 'EMPTY_VARIABLE' },
      { text: '${aws:userid, x}', malformed: 'MISSING_QUOTE_IN_VARIABLE' },
      { text: '${aws:username}', malformed: undefined },
      { text: '${aws:userid', malformed: 'MISSING_BRACE_IN_VARIABLE' },
    ]);
  });

  it('scans a hostile string in linear time', () => {
    const values = [
      "${a, '".repeat(100_000),
      "${a, 'x}".repeat(100_000),
      '${a'.repeat(100_000),
      '${a}'.repeat(100_000),
      `\${a, '${' '.repeat(200_000)}`,
    ];
    const started = Date.now();
    for (const v of values) variablesOf(v);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('malformed policy variables', () => {
  it.each([
    ['arn:aws:s3:::b/${aws:username', 'MISSING_BRACE_IN_VARIABLE', 'is missing a closing curly brace'],
    ['arn:aws:s3:::b/${}', 'EMPTY_VARIABLE', 'Empty policy variable'],
    ['arn:aws:s3:::b/${aws: username}', 'UNSUPPORTED_SPACE_IN_VARIABLE', 'A space is not supported'],
    ['arn:aws:s3:::b/${aws:userid, anonymous}', 'MISSING_QUOTE_IN_VARIABLE', 'single quote'],
  ])('flags %s in Resource, at the string', (resource, code, words) => {
    const found = analyze(onResource(resource));
    expect(found).toMatchObject([
      { code, severity: 'ERROR', location: { startLine: 7, path: 'Statement[0].Resource' } },
    ]);
    const variable = resource.slice(resource.indexOf('$'));
    expect(found[0]?.message).toContain(`"${variable}"`);
    expect(found[0]?.message).toContain(words);
  });

  it('flags each malformed variable, in NotResource and in condition values of any operator', () => {
    const policy = identity({
      Effect: 'Deny',
      Action: 's3:ListBucket',
      NotResource: ['arn:aws:s3:::b/${}/${aws:username'],
      Condition: {
        StringEquals: { 's3:prefix': ['home/${aws:username', 'ok/${aws:username}'] },
        NumericLessThan: { 's3:max-keys': '${}' },
      },
    });
    const found = analyze(policy).filter((f) => VARIABLE_CODES.has(f.code));
    expect(found.map((f) => [f.code, f.location?.startLine])).toEqual([
      ['EMPTY_VARIABLE', 8],
      ['MISSING_BRACE_IN_VARIABLE', 8],
      ['MISSING_BRACE_IN_VARIABLE', 13],
      ['EMPTY_VARIABLE', 18],
    ]);
  });

  it('quotes at most about 100 characters of the variable', () => {
    const found = analyze(onResource(`arn:aws:s3:::b/\${${'a'.repeat(5_000)}`));
    expect(codes(found)).toEqual(['MISSING_BRACE_IN_VARIABLE']);
    expect(found[0]?.message.length).toBeLessThan(250);
    expect(found[0]?.message).toContain(`"\${${'a'.repeat(98)}..."`);
  });

  it('does not quote the variable of a sensitive policy', () => {
    const found = analyze(onResource('arn:aws:s3:::b/${aws:secretname'), 'IDENTITY_POLICY', {
      sensitive: true,
    });
    expect(codes(found)).toEqual(['MISSING_BRACE_IN_VARIABLE']);
    expect(found[0]?.message).not.toContain('secretname');
  });

  it.each([
    ['arn:aws:s3:::b/${aws:username}/*'],
    ["arn:aws:s3:::b-${aws:PrincipalTag/team, 'company-wide'}"],
    ["arn:aws:s3:::b/${aws:userid, 'anonymous user'}/*"],
    ['arn:aws:s3:::b/${*}/${?}/${$}'],
    ['arn:aws:sqs:us-east-2:*:${aws:username}-queue'],
    ['arn:aws:iam::111122223333:user/$${aws:username}'],
    ['arn:aws:s3:::b/{braces}/$'],
  ])('accepts %s', (resource) => {
    expect(codes(analyze(onResource(resource)))).toEqual([]);
  });

  it('accepts the policy variables of IAM User Guide examples in conditions', () => {
    const condition = {
      StringLike: { 's3:prefix': ['${aws:username}/*'] },
      StringEquals: { 'aws:PrincipalAccount': "${aws:ResourceAccount, '111122223333'}" },
      ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:${aws:username}' },
      StringEqualsIfExists: { 'aws:RequestTag/owner': '${aws:username}' },
    };
    expect(codes(analyze(withCondition(condition)))).toEqual([]);
  });
});

describe('VARIABLE_UNSUPPORTED_IN_ELEMENT', () => {
  it.each([
    ['Action', 's3:${aws:username}'],
    ['NotAction', 's3:Get${*}'],
  ])('flags a variable in %s, at the string, without a catalogue warning', (element, action) => {
    const policy = identity({ Effect: 'Deny', [element]: action, Resource: '*' });
    const found = analyze(policy);
    expect(found).toMatchObject([
      {
        code: 'VARIABLE_UNSUPPORTED_IN_ELEMENT',
        severity: 'ERROR',
        location: { startLine: 6, path: `Statement[0].${element}` },
      },
    ]);
    expect(found[0]?.message).toContain(`"${action.slice(action.indexOf('$'))}" from ${element}`);
  });

  it('flags a variable in Principal and NotPrincipal', () => {
    const principal = {
      AWS: ['arn:aws:iam::111122223333:root', 'arn:aws:iam::${aws:PrincipalAccount}:root'],
    };
    expect(analyze(bucketPolicy(principal), 'RESOURCE_POLICY')).toMatchObject([
      { code: 'VARIABLE_UNSUPPORTED_IN_ELEMENT', location: { startLine: 9 } },
    ]);
    const not = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          NotPrincipal: { AWS: 'arn:aws:iam::111122223333:user/${aws:username}' },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::b/*',
        },
      ],
    };
    expect(codes(analyze(not, 'RESOURCE_POLICY'))).toContain('VARIABLE_UNSUPPORTED_IN_ELEMENT');
  });

  it('reports once per string, and a malformed variable as malformed only', () => {
    expect(codes(analyze(identity({ Effect: 'Allow', Action: '${a}:${b}', Resource: '*' })))).toEqual([
      'VARIABLE_UNSUPPORTED_IN_ELEMENT',
    ]);
    expect(codes(analyze(identity({ Effect: 'Allow', Action: 's3:${aws:username', Resource: '*' })))).toEqual(
      ['MISSING_BRACE_IN_VARIABLE'],
    );
  });

  it('leaves actions and principals without variables to the other checks', () => {
    expect(codes(analyze(identity({ Effect: 'Allow', Action: 's3:Get$Object', Resource: '*' })))).toEqual([
      'INVALID_ACTION',
    ]);
    expect(
      codes(analyze(bucketPolicy({ AWS: 'arn:aws:iam::111122223333:root' }), 'RESOURCE_POLICY')),
    ).toEqual([]);
  });
});

describe('INVALID_VARIABLE_FOR_OPERATOR', () => {
  it.each([
    [{ NumericLessThan: { 's3:max-keys': '${aws:username}' } }],
    [{ NumericLessThanEqualsIfExists: { 's3:max-keys': ['10', '${aws:username}'] } }],
    [{ DateGreaterThan: { 'aws:CurrentTime': '${aws:TokenIssueTime}' } }],
    [{ 'ForAnyValue:DateEquals': { 'aws:CurrentTime': '${aws:TokenIssueTime}' } }],
    [{ Bool: { 'aws:SecureTransport': '${aws:username}' } }],
    [{ BinaryEquals: { 'aws:RequestTag/data': '${aws:username}' } }],
    [{ IpAddress: { 'aws:SourceIp': '${aws:VpcSourceIp}' } }],
    [{ NotIpAddressIfExists: { 'aws:SourceIp': '${*}' } }],
    [{ Null: { 'aws:TokenIssueTime': '${aws:username}' } }],
  ])('flags %j, at the value', (condition) => {
    const found = analyze(withCondition(condition));
    const mine = found.filter((f) => f.code === 'INVALID_VARIABLE_FOR_OPERATOR');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      severity: 'ERROR',
      location: { path: expect.stringMatching(/Condition\./) },
    });
    expect(mine[0]?.message).toContain(`is a value of ${Object.keys(condition)[0]}`);
    expect(codes(found)).not.toContain('TYPE_MISMATCH');
  });

  it('is the only finding on a Bool key given a variable', () => {
    const found = analyze(withCondition({ Bool: { 'aws:SecureTransport': '${aws:username}' } }));
    expect(found).toMatchObject([{ code: 'INVALID_VARIABLE_FOR_OPERATOR', location: { startLine: 10 } }]);
  });

  it.each([
    [{ StringEquals: { 'aws:SecureTransport': '${aws:username}' } }],
    [{ StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': '${aws:username}' } }],
    [{ StringNotLike: { 's3:prefix': '${aws:username}/*' } }],
    [{ ArnNotEquals: { 'aws:SourceArn': 'arn:aws:sns:*:${aws:PrincipalAccount}:t' } }],
    [{ NumericLessThan: { 's3:max-keys': '10' } }],
    [{ Bool: { 'aws:SecureTransport': 'true' } }],
    [{ NumericFoo: { 's3:max-keys': '${aws:username}' } }],
  ])('leaves %j alone', (condition) => {
    expect(codes(analyze(withCondition(condition)))).not.toContain('INVALID_VARIABLE_FOR_OPERATOR');
  });
});

describe('VARIABLE_UNSUPPORTED_IN_VERSION', () => {
  const old = (statement: Record<string, unknown>) => ({ Version: '2008-10-17', Statement: [statement] });

  it('flags each string with a variable under Version 2008-10-17', () => {
    const policy = old({
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: 'arn:aws:s3:::b/${aws:username}',
      Condition: { StringLike: { 's3:prefix': '${aws:username}/*' } },
    });
    const found = analyze(policy);
    expect(found).toMatchObject([
      { code: 'VARIABLE_UNSUPPORTED_IN_VERSION', severity: 'ERROR', location: { startLine: 7 } },
      { code: 'VARIABLE_UNSUPPORTED_IN_VERSION', severity: 'ERROR', location: { startLine: 10 } },
    ]);
    expect(found[0]?.message).toContain('"${aws:username}" is literal text');
  });

  it('reports only the version under 2008-10-17, where the text is literal', () => {
    const policy = old({ Effect: 'Allow', Action: 's3:${aws:username', Resource: 'arn:aws:s3:::b/${}' });
    expect(codes(analyze(policy))).toEqual([
      'VARIABLE_UNSUPPORTED_IN_VERSION',
      'VARIABLE_UNSUPPORTED_IN_VERSION',
    ]);
  });

  it('leaves a policy without Version to MISSING_VERSION, and 2008-10-17 without variables alone', () => {
    const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:username}' };
    expect(codes(analyze({ Statement: [statement] }))).toEqual(['MISSING_VERSION']);
    expect(codes(analyze(old({ ...statement, Resource: 'arn:aws:s3:::b/*' })))).toEqual([]);
    expect(codes(analyze(identity(statement)))).toEqual([]);
  });
});

describe('variables the text writes with JSON escapes', () => {
  it('finds a variable whose $ is written \\u0024', () => {
    const text = JSON.stringify(onResource('arn:aws:s3:::b/VAR{aws:username')).replace('VAR', '\\u0024');
    expect(text).not.toContain('${');
    expect(codes(analyze(text))).toEqual(['MISSING_BRACE_IN_VARIABLE']);
  });
});
