// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are IAM policy variables, not templates
import { describe, expect, it } from 'vitest';
import { analyze, codes, identity } from './helpers';

const withCondition = (condition: unknown) =>
  identity({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: condition });
const found = (condition: unknown, code: string) =>
  analyze(withCondition(condition)).filter((f) => f.code === code);

describe('INVALID_CONDITION_DATA_TYPE', () => {
  it.each([
    [{ NumericLessThan: { 's3:TlsVersion': [1.2, '1.3'] } }],
    [{ Bool: { 'aws:SecureTransport': [true, 'false'] } }],
  ])('flags %j', (condition) => {
    expect(found(condition, 'INVALID_CONDITION_DATA_TYPE')).toMatchObject([
      { severity: 'ERROR', location: { startLine: 12 } },
    ]);
  });
  it.each([
    [{ NumericLessThan: { 's3:TlsVersion': [1.2, 1.3] } }],
    [{ NumericLessThan: { 's3:TlsVersion': ['1.2', '1.3'] } }],
    [{ DateGreaterThan: { 'aws:CurrentTime': 1700000000 } }],
  ])('accepts %j', (condition) => {
    expect(found(condition, 'INVALID_CONDITION_DATA_TYPE')).toEqual([]);
  });
});

describe('INVALID_CONDITION_MULTIPLE_BOOLEAN', () => {
  it.each([
    [{ Bool: { 'aws:SecureTransport': ['true', 'false'] } }],
    [{ BoolIfExists: { 'aws:SecureTransport': ['TRUE', 'false'] } }],
  ])('flags %j', (condition) => {
    expect(found(condition, 'INVALID_CONDITION_MULTIPLE_BOOLEAN')).toMatchObject([
      { severity: 'ERROR', location: { startLine: 10 } },
    ]);
  });
  it.each([
    [{ Bool: { 'aws:SecureTransport': ['true', 'true'] } }],
    [{ Bool: { 'aws:SecureTransport': ['true', 'TRUE'] } }],
    [{ Bool: { 'aws:SecureTransport': 'false' } }],
    [{ 'ForAnyValue:Bool': { 'aws:SecureTransport': ['true', 'false'] } }],
    [{ StringEquals: { 'aws:ResourceTag/x': ['true', 'false'] } }],
  ])('accepts %j', (condition) => {
    expect(found(condition, 'INVALID_CONDITION_MULTIPLE_BOOLEAN')).toEqual([]);
  });
});

describe('TYPE_MISMATCH_IP_RANGE', () => {
  it.each(['10.0.0.300/8', '1.2.3', '10.0.0.0/33', 'hello', '2001:db8::/129'])('flags "%s"', (value) => {
    expect(found({ IpAddress: { 'aws:SourceIp': [value] } }, 'TYPE_MISMATCH_IP_RANGE')).toMatchObject([
      { severity: 'ERROR', location: { startLine: 11 } },
    ]);
  });
  it.each(['203.0.113.0/24', '203.0.113.7', '2001:db8::/32', '::1', '${aws:PrincipalTag/ip}'])(
    'accepts "%s"',
    (value) => {
      const all = codes(analyze(withCondition({ NotIpAddressIfExists: { 'aws:SourceIp': [value] } })));
      expect(all).not.toContain('TYPE_MISMATCH_IP_RANGE');
    },
  );
  it('is the only finding for an invalid range', () => {
    expect(codes(analyze(withCondition({ IpAddress: { 'aws:SourceIp': '10.0.0.300/8' } })))).toEqual([
      'TYPE_MISMATCH_IP_RANGE',
    ]);
  });
});

describe('PRIVATE_IP_ADDRESS / PRIVATE_NOT_IP_ADDRESS', () => {
  it.each([
    ['IpAddress', 'PRIVATE_IP_ADDRESS'],
    ['IpAddressIfExists', 'PRIVATE_IP_ADDRESS'],
    ['NotIpAddress', 'PRIVATE_NOT_IP_ADDRESS'],
    ['NotIpAddressIfExists', 'PRIVATE_NOT_IP_ADDRESS'],
  ])('%s with only private ranges: %s', (operator, code) => {
    const cond = { [operator]: { 'aws:sourceip': ['10.0.0.0/8', '192.168.1.0/24', '172.20.1.1'] } };
    expect(analyze(withCondition(cond)).filter((f) => f.code === code)).toMatchObject([
      { severity: 'ERROR', location: { startLine: 10 } },
    ]);
  });
  it.each([
    [['10.0.0.0/8', '203.0.113.0/24']],
    [['8.0.0.0/6']],
    [['172.32.0.0/16']],
    [['fc00::/7']],
    [['10.0.0.0/8', '${aws:PrincipalTag/ip}']],
  ])('accepts %j', (values) => {
    const all = codes(analyze(withCondition({ IpAddress: { 'aws:SourceIp': values } })));
    expect(all.filter((c) => c.startsWith('PRIVATE_'))).toEqual([]);
  });
  it('leaves aws:VpcSourceIp alone', () => {
    const cond = {
      IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/8' },
      StringEquals: { 'aws:SourceVpc': 'vpc-12345678' },
    };
    expect(codes(analyze(withCondition(cond))).filter((c) => c.startsWith('PRIVATE_'))).toEqual([]);
  });
});

describe('INVALID_VPC_FORMAT / INVALID_VPCE_FORMAT', () => {
  it.each([
    [{ StringNotEquals: { 'aws:SourceVpce': 'vpce-123' } }, 'INVALID_VPCE_FORMAT'],
    [{ StringEquals: { 'aws:SourceVpc': ['vpc-12345678', 'vpc-1234567890'] } }, 'INVALID_VPC_FORMAT'],
    [{ StringEquals: { 'aws:sourcevpc': 'vpce-12345678' } }, 'INVALID_VPC_FORMAT'],
  ])('flags %j', (condition, code) => {
    expect(found(condition, code)).toMatchObject([{ severity: 'ERROR' }]);
  });
  it.each([
    [{ StringEquals: { 'aws:SourceVpc': ['vpc-12345678', 'vpc-11223344556677889'] } }],
    [{ StringLike: { 'aws:SourceVpce': 'vpce-*' } }],
    [{ StringEquals: { 'aws:SourceVpce': '${aws:PrincipalTag/vpce}' } }],
    [{ StringNotEqualsIfExists: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }],
    [{ Null: { 'aws:SourceVpc': 'true' } }],
  ])('accepts %j', (condition) => {
    const all = codes(analyze(withCondition(condition)));
    expect(all.filter((c) => c.startsWith('INVALID_VPC'))).toEqual([]);
  });
});
