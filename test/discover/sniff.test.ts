import { describe, expect, it } from 'vitest';
import { sniff } from '../../src/discover/sniff';

describe('sniff', () => {
  it('finds a policy by its top-level Statement and returns the parsed value', () => {
    const r = sniff('{"Version": "2012-10-17", "Statement": []}');
    expect(r).toEqual({ kind: 'policy', value: { Version: '2012-10-17', Statement: [] } });
  });

  it.each([
    ['planned_values', '{"format_version": "1.2", "planned_values": {}}'],
    ['resource_changes', '{"format_version": "1.2", "resource_changes": []}'],
    ['configuration (a no-change plan)', '{"format_version": "1.2", "configuration": {}}'],
  ])('finds a Terraform plan by format_version and %s', (_what, text) => {
    expect(sniff(text).kind).toBe('terraform-plan');
  });

  it('ignores a Terraform state with a reason', () => {
    const r = sniff('{"format_version": "1.0", "terraform_version": "1.9.0", "values": {}}');
    expect(r.kind).toBe('ignored');
    expect(r.reason).toMatch(/state/);
  });

  it('ignores JSON without Statement, and a nested Statement (e.g. a CloudFormation template)', () => {
    expect(sniff('{"compilerOptions": {"strict": true}}')).toMatchObject({ kind: 'ignored' });
    const cfn = '{"Resources": {"P": {"Properties": {"PolicyDocument": {"Statement": []}}}}}';
    expect(sniff(cfn)).toMatchObject({
      kind: 'ignored',
      reason: expect.stringMatching(/top-level "Statement"/),
    });
    expect(sniff('[{"Statement": []}]')).toMatchObject({
      kind: 'ignored',
      reason: expect.stringMatching(/array/),
    });
  });

  it('reports invalid JSON with "Statement" as a policy, so the syntax error is reported', () => {
    const r = sniff('{"Statement": [}');
    expect(r.kind).toBe('policy');
    expect(r).not.toHaveProperty('value');
  });

  it('reports invalid JSON with "format_version" as a plan', () => {
    expect(sniff('{"format_version": "1.2", ').kind).toBe('terraform-plan');
  });

  it('ignores other invalid JSON, e.g. a tsconfig with comments', () => {
    const r = sniff('{\n  // Statement of intent\n  "compilerOptions": {"strict": true},\n}');
    expect(r).toEqual({
      kind: 'ignored',
      reason: expect.stringMatching(/^not valid JSON and does not look like a policy/),
    });
    expect(sniff('{"Statement" /* x */ : []}').kind).toBe('policy');
  });

  it.each([
    ['single quotes', "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow'}]}"],
    ['bare keys (JavaScript, JSON5)', '{Version: "2012-10-17", Statement: [{Effect: "Allow"}]}'],
    ['YAML saved as .json', 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n'],
  ])('reports a policy written with %s as a broken policy, not as ignored', (_what, text) => {
    const r = sniff(text);
    expect(r.kind).toBe('policy');
    expect(r.reason).toMatch(
      /^not valid JSON \(Unexpected character at line 1, column \d+\) but has a "Statement" key$/,
    );
  });

  it('does not parse a text that cannot be a policy or a plan', () => {
    const r = sniff('{"name": "x", "lockfileVersion": 3, "packages": {}}');
    expect(r.kind).toBe('ignored');
    expect(r).not.toHaveProperty('value');
  });

  it('still parses when a \\u escape could spell Statement', () => {
    expect(sniff('{"\\u0053tatement": []}').kind).toBe('policy');
  });
});
