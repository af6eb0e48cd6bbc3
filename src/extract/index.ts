// The extract stage (DESIGN.md section 1): the policy targets of every discovered file, source by source
// (sources.ts). Pure: the files come read, from discovery.
import { appendAll } from '../core/append';
import type { PolicyFileKind, PolicyFiles } from '../core/discovered';
import type { Logger } from '../core/logger';
import type { BaselineSource, Finding, PolicyTarget, PolicyTypeRule } from '../core/types';
import { type ExtractedFile, POLICY_SOURCES } from './sources';

export interface Extraction {
  /** Every source's targets, in the table's order. */
  targets: PolicyTarget[];
  /** What extraction found wrong with the files (syntax errors, unknown values, ...). */
  findings: Finding[];
  /** Each source's targets and how to find their base-branch versions (decide/new-only.ts). */
  sources: BaselineSource[];
  /** The CheckNoPublicAccess resource type of a target whose own resourceType is not one (Terraform). */
  publicAccessResourceType(targetId: string): string | undefined;
}

/** The size limit of each kind of file, from the sources' rows: what discovery refuses to read. */
export const MAX_BYTES: Readonly<Record<PolicyFileKind, number>> = Object.fromEntries(
  POLICY_SOURCES.map((s) => [s.kind, s.maxBytes]),
) as Record<PolicyFileKind, number>;

/** Extracts the policies of every discovered file with its source's row. */
export function extractPolicies(
  found: PolicyFiles,
  opts: { policyTypeRules: readonly PolicyTypeRule[]; log: Logger },
): Extraction {
  const ctx = { policyTypeRules: opts.policyTypeRules, terraformFiles: found.terraformFiles, log: opts.log };
  const targets: PolicyTarget[] = [];
  const findings: Finding[] = [];
  const sources: BaselineSource[] = [];
  const publicAccess = new Map<string, string>();
  for (const source of POLICY_SOURCES) {
    const extracted: ExtractedFile[] = [];
    for (const file of found[source.files]) {
      const one = source.extract(file, ctx);
      extracted.push(one);
      appendAll(targets, one.targets);
      appendAll(findings, one.findings);
      for (const [id, type] of one.publicAccessResourceTypes ?? []) publicAccess.set(id, type);
    }
    sources.push({
      targets: extracted.flatMap((e) => e.targets),
      baselines: (base, log) => source.baselines(extracted, base, log),
    });
  }
  return { targets, findings, sources, publicAccessResourceType: (id) => publicAccess.get(id) };
}
