import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DeadlineOptions } from '../../src/core/deadline';
import type { Finding, PolicyType } from '../../src/core/types';
import { type GateRules, runGateChecks } from '../../src/gate-checks';
import { target } from '../analyze/local/helpers';

/** The gate checks' findings for a policy given as an object (pretty-printed: predictable lines) or text. */
export function gate(
  policy: unknown,
  policyType: PolicyType = 'IDENTITY_POLICY',
  rules: GateRules = {},
  deadline: DeadlineOptions = {},
): Finding[] {
  const text = typeof policy === 'string' ? policy : JSON.stringify(policy, null, 2);
  return runGateChecks([target(text, policyType)], rules, deadline);
}

export const codesOf = (findings: readonly Finding[]) => findings.map((f) => f.code);

const CORPUS = join(__dirname, '../../../shared/corpora/aws-managed-policies/cases.jsonl.gz');

/** The AWS managed policies of the shared corpus (../shared/corpora/aws-managed-policies); none without it. */
export function managedPolicies(): Array<{ name: string; document: string }> {
  let text: string;
  try {
    text = gunzipSync(readFileSync(CORPUS)).toString('utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { name: string; document: string });
}

/** One managed policy of the corpus by name. */
export function managedPolicy(name: string): string | undefined {
  return managedPolicies().find((c) => c.name === name)?.document;
}
