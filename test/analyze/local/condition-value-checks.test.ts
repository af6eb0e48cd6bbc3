import { describe, expect, it } from 'vitest';
import { networkAddress } from '../../../src/analyze/local/condition-value-checks';
import { analyze, codes, identity } from './helpers';

const withCondition = (condition: unknown) =>
  identity({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: condition });

describe('IMPROVE_IP_RANGE', () => {
  it.each([
    ['203.0.113.7/24', '203.0.113.0/24'],
    ['10.1.2.3/8', '10.0.0.0/8'],
    ['192.0.2.1/0', '0.0.0.0/0'],
    ['2001:db8::1/32', '2001:db8::/32'],
    ['2001:DB8:0:0:1:0:0:1/64', '2001:db8::/64'],
  ])('%s is %s', (cidr, network) => {
    expect(networkAddress(cidr)).toBe(network);
  });

  it.each([
    ['203.0.113.0/24'],
    ['203.0.113.7/32'],
    ['203.0.113.7'],
    ['2001:db8::/32'],
    ['300.0.0.1/8'],
    ['x/8'],
  ])('%s needs nothing', (cidr) => {
    expect(networkAddress(cidr)).toBeUndefined();
  });

  it('suggests the network address, at the value, for IpAddress and NotIpAddress', () => {
    const found = analyze(
      withCondition({
        IpAddress: { 'aws:SourceIp': ['198.51.100.0/24', '203.0.113.7/24'] },
        NotIpAddress: { 'aws:SourceIp': '198.51.100.7/16' },
      }),
    );
    expect(found).toMatchObject([
      { code: 'IMPROVE_IP_RANGE', severity: 'SUGGESTION', location: { startLine: 12 } },
      { code: 'IMPROVE_IP_RANGE', severity: 'SUGGESTION', location: { startLine: 16 } },
    ]);
    expect(found[0]?.message).toContain('replace it with 203.0.113.0/24');
  });
});

describe('IMPROVE_IP_RANGE on a sensitive policy', () => {
  it('does not print the network address, which redaction of the values would not hide', () => {
    const policy = withCondition({ IpAddress: { 'aws:SourceIp': '203.0.113.7/24' } });
    const [f] = analyze(policy, 'IDENTITY_POLICY', { sensitive: true });
    expect(f?.code).toBe('IMPROVE_IP_RANGE');
    expect(f?.message).not.toContain('203.0.113.0');
    expect(f?.message).toContain('its network address');
  });
});

describe('WILDCARD_WITHOUT_LIKE_OPERATOR', () => {
  it.each([
    [{ StringEquals: { 'aws:PrincipalTag/job': 'admin-*' } }, 'StringLike'],
    [{ StringNotEqualsIfExists: { 'aws:PrincipalTag/job': ['dev', 'ops-?'] } }, 'StringNotLike'],
    [{ 'ForAnyValue:StringEqualsIgnoreCase': { 'aws:TagKeys': 'team*' } }, 'StringLike'],
  ])('warns on %j, suggesting %s', (condition, like) => {
    const found = analyze(withCondition(condition));
    expect(found).toMatchObject([{ code: 'WILDCARD_WITHOUT_LIKE_OPERATOR', severity: 'WARNING' }]);
    expect(found[0]?.message).toContain(`use ${like}`);
  });

  it.each([
    [{ StringLike: { 'aws:PrincipalTag/job': 'admin-*' } }],
    [{ StringEquals: { 'aws:PrincipalTag/job': 'admin' } }],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM's escape for a literal star
    [{ StringEquals: { 'aws:PrincipalTag/job': 'a${*}b' } }],
    [{ ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:*:111122223333:t' } }],
  ])('accepts %j', (condition) => {
    expect(codes(analyze(withCondition(condition)))).toEqual([]);
  });
});

describe('MISSING_PAIRED_CONDITION_KEYS', () => {
  it('flags aws:VpcSourceIp without aws:SourceVpc as a security warning', () => {
    const found = analyze(withCondition({ IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/16' } }));
    expect(found).toMatchObject([
      { code: 'MISSING_PAIRED_CONDITION_KEYS', severity: 'SECURITY_WARNING', location: { startLine: 10 } },
    ]);
    expect(found[0]?.message).toContain('aws:SourceVpc');
  });

  it('accepts the pair in one Condition, under different operators', () => {
    const condition = {
      IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/16' },
      StringEquals: { 'aws:SourceVpc': 'vpc-1a2b3c4d' },
    };
    expect(codes(analyze(withCondition(condition)))).toEqual([]);
  });
});
