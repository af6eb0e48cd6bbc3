// `severity-overrides` (docs/architecture.md section 5): issue code -> severity, applied before the thresholds. The
// original severity stays visible in the message, so a report never hides that the config changed it.
import { type Finding, SEVERITIES, type Severity } from '../core/types';

/** Returns new findings with the configured severities; findings without an override are returned as is. */
export function applySeverityOverrides(
  findings: readonly Finding[],
  overrides: Readonly<Record<string, Severity>>,
): Finding[] {
  return findings.map((finding) => {
    const severity = Object.hasOwn(overrides, finding.code) ? overrides[finding.code] : undefined;
    if (severity === undefined || severity === finding.severity) return finding;
    const raised = SEVERITIES.indexOf(severity) < SEVERITIES.indexOf(finding.severity);
    return {
      ...finding,
      severity,
      message: `${finding.message} (severity ${raised ? 'raised' : 'lowered'} from ${finding.severity} by severity-overrides)`,
    };
  });
}
