import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/core/errors';
import type { PolicyTypeRule } from '../../src/core/types';
import { extractJsonPolicy, MAX_POLICY_DEPTH } from '../../src/extract/json-file';

const fixtures = path.join(__dirname, '..', 'fixtures', 'policies');
const fixture = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');

describe('extractJsonPolicy', () => {
  it('sends the file text byte for byte as an identity policy', () => {
    const text = fixture('identity-good.json');
    const r = extractJsonPolicy('iam/identity-good.json', text, []);
    expect(r.findings).toEqual([]);
    expect(r.target).toEqual({
      id: 'iam/identity-good.json',
      source: { file: 'iam/identity-good.json' },
      document: text,
      policyType: 'IDENTITY_POLICY',
    });
    expect(r.target).not.toHaveProperty('resourceType');
  });

  it('treats PassRole on * as an identity policy (no Principal)', () => {
    expect(extractJsonPolicy('p.json', fixture('passrole-star.json'), []).target?.policyType).toBe(
      'IDENTITY_POLICY',
    );
  });

  it('detects a resource policy by Principal, without guessing its resource type', () => {
    const { target } = extractJsonPolicy('b.json', fixture('s3-bucket-policy.json'), []);
    expect(target?.policyType).toBe('RESOURCE_POLICY');
    expect(target).not.toHaveProperty('resourceType');
  });

  it('detects a resource policy by NotPrincipal and a single Statement object', () => {
    const text =
      '{"Statement": {"Effect": "Deny", "NotPrincipal": {"AWS": "x"}, "Action": "s3:*", "Resource": "*"}}';
    expect(extractJsonPolicy('n.json', text, []).target?.policyType).toBe('RESOURCE_POLICY');
  });

  it('detects a role trust policy', () => {
    const { target } = extractJsonPolicy('t.json', fixture('trust-policy.json'), []);
    expect(target).toMatchObject({
      policyType: 'RESOURCE_POLICY',
      resourceType: 'AWS::IAM::AssumeRolePolicyDocument',
    });
  });

  it('does not call a policy with other actions, NotAction or sts:* a trust policy', () => {
    for (const statement of [
      '{"Effect": "Allow", "Principal": {"AWS": "x"}, "Action": ["sts:AssumeRole", "s3:GetObject"]}',
      '{"Effect": "Allow", "Principal": {"AWS": "x"}, "NotAction": "sts:AssumeRole"}',
      '{"Effect": "Allow", "Principal": {"AWS": "x"}, "Action": "sts:*"}',
      '{"Effect": "Allow", "Principal": {"AWS": "x"}, "Action": []}',
    ]) {
      const { target } = extractJsonPolicy('x.json', `{"Statement": [${statement}]}`, []);
      expect(target?.policyType).toBe('RESOURCE_POLICY');
      expect(target).not.toHaveProperty('resourceType');
    }
  });

  it('matches trust actions case-insensitively', () => {
    const text =
      '{"Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "STS:assumerole"}]}';
    expect(extractJsonPolicy('x.json', text, []).target?.resourceType).toBe(
      'AWS::IAM::AssumeRolePolicyDocument',
    );
  });

  it('lets the first matching rule win over the content, type and resource type together', () => {
    const rules: PolicyTypeRule[] = [
      { path: 'buckets/**', type: 'RESOURCE_POLICY', resourceType: 'AWS::S3::Bucket' },
      { path: '**/*.json', type: 'SERVICE_CONTROL_POLICY' },
      { path: 'buckets/b.json', type: 'IDENTITY_POLICY' },
    ];
    const bucket = extractJsonPolicy('buckets/b.json', fixture('s3-bucket-policy.json'), rules).target;
    expect(bucket).toMatchObject({ policyType: 'RESOURCE_POLICY', resourceType: 'AWS::S3::Bucket' });
    const scp = extractJsonPolicy('org/.hidden/scp.json', fixture('trust-policy.json'), rules).target;
    expect(scp?.policyType).toBe('SERVICE_CONTROL_POLICY');
    expect(scp).not.toHaveProperty('resourceType');
  });

  it('rejects a resource type with another policy type, or an unknown resource type', () => {
    const text = fixture('identity-good.json');
    expect(() =>
      extractJsonPolicy('a.json', text, [
        { path: 'x/**', type: 'IDENTITY_POLICY', resourceType: 'AWS::S3::Bucket' },
      ]),
    ).toThrow(ConfigurationError);
    expect(() =>
      extractJsonPolicy('a.json', text, [
        { path: 'x/**', type: 'RESOURCE_POLICY', resourceType: 'AWS::SQS::Queue' },
      ]),
    ).toThrow(/policy-types\[0\].*AWS::SQS::Queue.*AWS::S3::Bucket/);
  });

  it('removes a leading UTF-8 BOM from the document', () => {
    const text = `\uFEFF${fixture('identity-good.json')}`;
    expect(extractJsonPolicy('a.json', text, []).target?.document).toBe(text.slice(1));
  });

  it('uses a value parsed earlier instead of parsing again', () => {
    const value = { Statement: [{ Principal: '*' }] };
    const r = extractJsonPolicy('a.json', '{"Statement": []}', [], { value });
    expect(r.target?.policyType).toBe('RESOURCE_POLICY');
  });

  it('reports invalid JSON as JSON_SYNTAX_ERROR with the line and column, and no target', () => {
    const r = extractJsonPolicy('iam/broken.json', fixture('broken.json'), []);
    expect(r.target).toBeUndefined();
    expect(r.findings).toEqual([
      {
        target: 'iam/broken.json',
        severity: 'ERROR',
        code: 'JSON_SYNTAX_ERROR',
        analyzer: 'gate',
        message:
          'iam/broken.json is not valid JSON: Expected a comma at line 7, column 7. Fix the JSON syntax; the policy was not sent to AWS.',
        location: { file: 'iam/broken.json', startLine: 7, endLine: 7, startColumn: 7, endColumn: 16 },
      },
    ]);
  });

  it('counts columns after a BOM as an editor does', () => {
    const r = extractJsonPolicy('a.json', '\uFEFF{"Statement": [] x}', []);
    expect(r.findings[0]?.location).toMatchObject({ startLine: 1, startColumn: 18 });
  });

  it('reports a truncated file at its end', () => {
    const r = extractJsonPolicy('a.json', '{\n  "Statement": [\n', []);
    expect(r.findings[0]?.message).toMatch(/Unexpected end of file .* at line 3, column 1\./);
    expect(r.findings[0]?.location).toEqual({
      file: 'a.json',
      startLine: 3,
      endLine: 3,
      startColumn: 1,
      endColumn: 1,
    });
  });
});

describe('extractJsonPolicy on deeply nested JSON', () => {
  const nested = (levels: number) =>
    `{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",\n "Condition": {"StringEquals": {"k": ${'['.repeat(levels)}"v"${']'.repeat(levels)}}}}]}`;

  it(`analyses a document nested ${MAX_POLICY_DEPTH} levels deep`, () => {
    const r = extractJsonPolicy('p.json', nested(MAX_POLICY_DEPTH - 5), []);
    expect(r.findings).toEqual([]);
    expect(r.target?.id).toBe('p.json');
    expect(extractJsonPolicy('p.json', nested(MAX_POLICY_DEPTH - 4), []).target).toBeUndefined();
  });

  it('fails closed on a deeper one, at the line and column of the first level too deep, without a target', () => {
    const text = nested(10_000);
    const r = extractJsonPolicy('p.json', text, [], { value: JSON.parse(text) });
    expect(r.target).toBeUndefined();
    const column = text.split('\n')[1]!.indexOf('[') + 1 + (MAX_POLICY_DEPTH - 5);
    expect(r.findings).toEqual([
      {
        target: 'p.json',
        severity: 'ERROR',
        code: 'ANALYSIS_FAILED',
        analyzer: 'gate',
        message: `p.json was not analysed: arrays and objects nest 10005 levels deep; an IAM policy nests at most 6, and the gate does not analyse a document nested deeper than 32 (level 33 opens at line 2, column ${column}). Fix the policy's structure; the gate fails closed.`,
        location: { file: 'p.json', startLine: 2, endLine: 2, startColumn: column, endColumn: column },
      },
    ]);
  });
});
