// The extract stage (docs/architecture.md section 1): the policy targets of every discovered file, source by source
// (sources.ts). Pure: the files come read, from discovery.
import { appendAll } from '../core/append';
import type { DiscoveredJson, PolicyFiles } from '../core/discovered';
import type { Logger } from '../core/logger';
import type { BaselineSource, Finding, PolicyTarget, PolicyTypeRule } from '../core/types';
import { type ExtractedFile, POLICY_SOURCES, type PolicySource } from './sources';

export type { ExtractContext, ExtractedFile, FileExtraction, PolicySource } from './sources';

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

/**
 * A file discovery recognised as a kind no source extracts (the two tables disagree): it was never
 * analysed, so it fails closed rather than vanish.
 */
function noSourceFor(kind: string, file: DiscoveredJson): Finding {
  return {
    target: file.file,
    severity: 'ERROR',
    code: 'ANALYSIS_FAILED',
    message: `Recognised as a file of kind "${kind}", which no policy source extracts, so nothing in it was analysed and the gate fails closed.`,
    analyzer: 'gate',
    location: { file: file.file, startLine: 1, endLine: 1 },
  };
}

/** Extracts the policies of every discovered file with its source's row (default POLICY_SOURCES). */
export function extractPolicies(
  found: PolicyFiles,
  opts: { policyTypeRules: readonly PolicyTypeRule[]; log: Logger; sources?: readonly PolicySource[] },
): Extraction {
  const ctx = {
    policyTypeRules: opts.policyTypeRules,
    terraformFiles: found.terraformFiles,
    ...(found.cloudformationParameters ? { cloudformationParameters: found.cloudformationParameters } : {}),
    log: opts.log,
  };
  const table = opts.sources ?? POLICY_SOURCES;
  const targets: PolicyTarget[] = [];
  const findings: Finding[] = [];
  const sources: BaselineSource[] = [];
  const publicAccess = new Map<string, string>();
  for (const source of table) {
    const extracted: ExtractedFile[] = [];
    const files = found.byKind[source.kind] ?? [];
    for (const file of files) {
      const one = source.extract(file, { ...ctx, siblings: files });
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
  for (const [kind, files] of Object.entries(found.byKind)) {
    if (!table.some((s) => s.kind === kind))
      appendAll(
        findings,
        files.map((f) => noSourceFor(kind, f)),
      );
  }
  return { targets, findings, sources, publicAccessResourceType: (id) => publicAccess.get(id) };
}
