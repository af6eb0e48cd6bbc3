// The decision (docs/architecture.md section 5): which findings block, and whether the gate passes.

import { compareText } from '../core/compare-text';
import { type Counts, type Finding, SEVERITIES, type Thresholds, type Verdict } from '../core/types';

export function countFindings(findings: readonly Finding[]): Counts {
  const counts: Counts = {
    ERROR: 0,
    SECURITY_WARNING: 0,
    WARNING: 0,
    SUGGESTION: 0,
    suppressed: 0,
    existing: 0,
  };
  for (const f of findings) {
    if (f.suppressed) counts.suppressed += 1;
    else if (f.isNew === false) counts.existing += 1;
    else counts[f.severity] += 1;
  }
  return counts;
}

/** Orders findings most severe first, then by file and line, so every report reads the same way. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const rank = (f: Finding) => SEVERITIES.indexOf(f.severity);
  return [...findings].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      compareText(a.location?.file ?? a.target, b.location?.file ?? b.target) ||
      (a.location?.startLine ?? 0) - (b.location?.startLine ?? 0) ||
      compareText(a.code, b.code),
  );
}

/**
 * A finding blocks when it is not suppressed, not already on the base branch (isNew === false), and its
 * severity is in fail-on. The gate also fails when unsuppressed new warnings exceed max-warnings.
 */
export function decide(findings: readonly Finding[], thresholds: Thresholds): Verdict {
  const counts = countFindings(findings);
  const active = findings.filter((f) => !f.suppressed && f.isNew !== false);
  const blocking = sortFindings(active.filter((f) => thresholds.failOn.includes(f.severity)));
  const reasons: string[] = [];
  for (const severity of SEVERITIES) {
    const n = blocking.filter((f) => f.severity === severity).length;
    if (n > 0) reasons.push(`${n} ${severity} finding${n === 1 ? '' : 's'} (fail-on)`);
  }
  const warnings = active.filter((f) => f.severity === 'WARNING').length;
  if (thresholds.maxWarnings !== undefined && warnings > thresholds.maxWarnings) {
    reasons.push(`${warnings} warnings exceed max-warnings ${thresholds.maxWarnings}`);
  }
  return { result: reasons.length > 0 ? 'fail' : 'pass', blocking, counts, reasons };
}
