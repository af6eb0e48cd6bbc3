import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DeadlineOptions } from '../../src/analyze/deadline';
import { type GateRules, runGateChecks } from '../../src/gate-checks';
import type { Finding, PolicyType } from '../../src/types';
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

/** The AWS managed policies of the shared corpus (../shared/corpora/aws-managed-policies), by name. */
export function managedPolicy(name: string): string | undefined {
  const file = join(__dirname, '../../../shared/corpora/aws-managed-policies/cases.jsonl.gz');
  let text: string;
  try {
    text = gunzipSync(readFileSync(file)).toString('utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const c = JSON.parse(line) as { name: string; document: string };
    if (c.name === name) return c.document;
  }
  return undefined;
}
