import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeLocally } from '../../../src/analyze/local';
import type { Finding, PolicyTarget, PolicyType } from '../../../src/core/types';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'local');

export function target(
  document: string,
  policyType: PolicyType = 'IDENTITY_POLICY',
  extra: Partial<PolicyTarget> = {},
): PolicyTarget {
  return { id: 'policy.json', source: { file: 'policy.json' }, document, policyType, ...extra };
}

/** Findings of a policy given as an object (pretty-printed, so lines are predictable) or as text. */
export function analyze(
  policy: unknown,
  policyType: PolicyType = 'IDENTITY_POLICY',
  extra: Partial<PolicyTarget> = {},
): Finding[] {
  const text = typeof policy === 'string' ? policy : JSON.stringify(policy, null, 2);
  return analyzeLocally(target(text, policyType, extra));
}

export function codes(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.code);
}

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** A minimal identity policy around one statement. */
export function identity(statement: Record<string, unknown>): unknown {
  return { Version: '2012-10-17', Statement: [statement] };
}
