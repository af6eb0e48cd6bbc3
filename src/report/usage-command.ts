// The CLI's `usage` and `generate` reports (issue 17, docs/architecture.md section 9): pure renderers of the
// figures (core/usage-figures.ts) as text for a terminal, or as JSON with the same figures for scripts.
import type { GenerationFigures, UsageFigures } from '../core/usage-figures';

/** A list under a heading, indented, or "none". */
function list(heading: string, items: readonly string[]): string[] {
  if (items.length === 0) return [`${heading}: none`];
  return [`${heading} (${items.length}):`, ...items.map((i) => `  ${i}`)];
}

const IAM_FACTS =
  'IAM records activity within about 4 hours; denied attempts count as access; services without ' +
  'action-level tracking are judged by the service alone.';

export function renderUsageText(f: UsageFigures): string {
  const lines = [
    `Principal: ${f.principal}`,
    `Window: the last ${f.days} days${f.reportedAt ? ` (IAM's report of ${f.reportedAt})` : ''}`,
    ...list('Policies read', f.policies),
    '',
    `Actions granted: ${f.granted.length} (wildcards expanded)`,
    `Used within ${f.days} days: ${f.used.length}`,
    ...f.used.map((u) => `  ${u.action}  last ${u.lastAccessed}`),
    ...list('Services granted but never used', f.servicesNeverUsed),
    ...list(
      'Services with service-level data only (their untracked actions are not judged one by one)',
      f.serviceLevel,
    ),
    ...list('Unused actions', f.unused),
    `Reduction: ${f.reductionPercent}% (${f.unused.length} unused of ${f.granted.length} granted)`,
    ...(f.notCounted > 0
      ? [`Not counted: ${f.notCounted} statement(s) with NotAction or unreadable JSON`]
      : []),
    '',
    IAM_FACTS,
  ];
  return `${lines.join('\n')}\n`;
}

export function renderGenerationText(f: GenerationFigures): string {
  const lines = [
    `Principal: ${f.principal}`,
    `Generated from CloudTrail, the last ${f.days} days (job ${f.jobId})${f.out ? `: written to ${f.out}` : ''}`,
    ...(f.isComplete
      ? []
      : ['Access Analyzer marked the generated policy incomplete: review it before use.']),
    ...list('Policies read', f.policies),
    '',
    `Current actions: ${f.current.length} (wildcards expanded)`,
    `Used actions (in the generated policy): ${f.used.length}`,
    ...list('Unused actions', f.unused),
    `Reduction: ${f.reductionPercent}% (${f.unused.length} unused of ${f.current.length} current)`,
  ];
  return `${lines.join('\n')}\n`;
}

/** The figures as JSON, under a `kind` naming the command. */
export function renderUsageCommandJson(
  kind: 'usage' | 'generate',
  figures: UsageFigures | GenerationFigures,
): string {
  return `${JSON.stringify({ kind, ...figures }, null, 2)}\n`;
}
