// A bound on the size of one policy document, before any analysis. IAM's own quotas stop at 10,240
// characters (an inline role policy) and resource policies at tens of KiB, so a document of more than
// MAX_DOCUMENT_CHARS is not a policy AWS would take: analysing it only costs time and memory (a 9.9 MB
// policy of a million actions took 1.4 GB in the local analyzer). Such a target fails closed at once, on
// AWS and offline alike, and no analyzer or gate check parses it.
import { analysisFailed } from '../core/analysis-failed';
import type { Finding, PolicyTarget } from '../core/types';

/** 1 MiB: fifty times the largest resource-policy quota. */
export const MAX_DOCUMENT_CHARS = 1024 * 1024;

/** The targets to analyse, and an ANALYSIS_FAILED for each one too big to be a policy. */
export function setOversizedAside(targets: readonly PolicyTarget[]): {
  analysable: PolicyTarget[];
  oversized: Finding[];
} {
  const analysable: PolicyTarget[] = [];
  const oversized: Finding[] = [];
  for (const t of targets) {
    if (t.document.length <= MAX_DOCUMENT_CHARS) {
      analysable.push(t);
      continue;
    }
    const kib = (t.document.length / 1024).toFixed(0);
    oversized.push(
      analysisFailed(
        t,
        `the policy document is ${kib} KiB, more than the ${MAX_DOCUMENT_CHARS / 1024} KiB the gate analyses and far more than any AWS policy quota (IAM's stop at 10,240 characters), so AWS would refuse it; split it or remove what repeats.`,
      ),
    );
  }
  return { analysable, oversized };
}
