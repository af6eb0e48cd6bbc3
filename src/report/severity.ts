// How each severity reads in a report. Order and names come from SEVERITIES (types.ts), most severe first.
import { type Counts, SEVERITIES, type Severity } from '../core/types';
import { plural } from './markdown';

/** `security warning` for SECURITY_WARNING. */
export function severityLabel(severity: Severity): string {
  return severity.toLowerCase().replace(/_/g, ' ');
}

/** 0 for the most severe. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** The Markdown icon of a severity, by rank: red, orange, yellow, blue. */
export function severityIcon(severity: Severity): string {
  return ['🔴', '🟠', '🟡', '🔵'][severityRank(severity)] ?? '⚪';
}

/** `1 error, 2 warnings` for the severities with a count; '' when all are zero. */
export function severityCounts(counts: Pick<Counts, Severity>, separator = ', '): string {
  return SEVERITIES.filter((s) => counts[s] > 0)
    .map((s) => plural(counts[s], severityLabel(s)))
    .join(separator);
}

/** Counts by severity of a list of findings. */
export function countBySeverity(findings: readonly { severity: Severity }[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}
