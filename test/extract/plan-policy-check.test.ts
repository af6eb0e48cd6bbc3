// Issue 14 (the full offline run on a 100 MiB plan): extraction checks that each of a plan's policies is
// JSON nested no deeper than the analyzer takes in one pass that builds nothing (isPlainJsonWithin), and
// asks JSON.parse and the depth scan only about a text that pass refuses, for their messages. The findings
// on bad policies are those of extractTerraformPlan's other tests (terraform-plan.test.ts).
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ parseJsonStrict: 0, nestingBeyond: 0 }));
vi.mock('../../src/core/json-position', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/core/json-position')>();
  return {
    ...original,
    parseJsonStrict: (...args: Parameters<typeof original.parseJsonStrict>) => {
      calls.parseJsonStrict += 1;
      return original.parseJsonStrict(...args);
    },
    nestingBeyond: (...args: Parameters<typeof original.nestingBeyond>) => {
      calls.nestingBeyond += 1;
      return original.nestingBeyond(...args);
    },
  };
});

import { extractTerraformPlan } from '../../src/extract/terraform-plan';

const change = (name: string, policy: unknown) => ({
  address: `aws_iam_policy.${name}`,
  mode: 'managed',
  type: 'aws_iam_policy',
  name,
  change: { actions: ['create'], after: { policy }, after_unknown: {}, after_sensitive: {} },
});
const plan = (...changes: unknown[]) => ({
  format_version: '1.2',
  planned_values: {},
  resource_changes: changes,
});
const POLICY = (i: number) =>
  `{"Version":"2012-10-17","Statement":[{"Sid":"S${i}","Effect":"Allow","Action":["s3:GetObject"],"Resource":"*"}]}`;

beforeEach(() => {
  calls.parseJsonStrict = 0;
  calls.nestingBeyond = 0;
});

describe('the policies of a plan', () => {
  it('are checked in one pass each, without JSON.parse or the depth scan', () => {
    const r = extractTerraformPlan(
      'p.json',
      plan(...Array.from({ length: 50 }, (_, i) => change(`p${i}`, POLICY(i)))),
    );
    expect(r.targets).toHaveLength(50);
    expect(r.findings).toEqual([]);
    expect(calls.parseJsonStrict).toBe(0);
    expect(calls.nestingBeyond).toBe(0);
  });

  it('that the pass refuses are asked what is wrong, as before', () => {
    const deep = `{"Statement":${'['.repeat(40)}1${']'.repeat(40)}}`;
    const r = extractTerraformPlan(
      'p.json',
      plan(change('bad', '{"Version": '), change('deep', deep), change('ok', POLICY(0))),
    );
    expect(r.targets.map((t) => t.source.address)).toEqual(['aws_iam_policy.ok']);
    expect(r.findings.map((f) => f.code)).toEqual(['JSON_SYNTAX_ERROR', 'ANALYSIS_FAILED']);
    expect(r.findings[1]?.message).toMatch(
      /nest 41 levels deep.*level 33 opens at line 1, column 45 of the policy/,
    );
    expect(calls.parseJsonStrict).toBe(2);
  });
});
