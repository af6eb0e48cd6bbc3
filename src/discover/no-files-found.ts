// A pattern that matches no file (discover's `unmatched`): `if-no-files-found` says, per source, whether it
// fails the check (error: a blocking ANALYSIS_FAILED finding, shown in every report), is a warning, or nothing.
import fg from 'fast-glob';
import type { FileSource, Finding, IfNoFilesFound } from '../core/types';
import type { UnmatchedPattern } from './discover';

/** What is missing, e.g. "no plan at infra/plan.json", "no file matches iam/*.json". */
function nothingAt(u: UnmatchedPattern): string {
  const what =
    u.source === 'terraform-plans' ? 'plan' : u.source === 'cloudformation-templates' ? 'template' : 'file';
  return fg.isDynamicPattern(u.pattern) ? `no ${what} matches ${u.pattern}` : `no ${what} at ${u.pattern}`;
}

function hint(u: UnmatchedPattern): string {
  if (u.source === 'terraform-plans') {
    return 'did the plan step run? Write the plan with `terraform show -json tfplan > plan.json` before this step';
  }
  if (u.source === 'cloudformation-templates') {
    return 'did the synth step run? Write the templates (`cdk synth`, `sam build`) before this step';
  }
  return 'is the path right?';
}

function unmatchedFinding(u: UnmatchedPattern): Finding {
  return {
    target: u.pattern,
    severity: 'ERROR',
    code: 'ANALYSIS_FAILED',
    message:
      `${u.source}: ${nothingAt(u)}: ${hint(u)}, or fix the pattern. Nothing was analysed for it, so the gate ` +
      `fails closed (if-no-files-found: error; warn or ignore accept it).`,
    analyzer: 'gate',
    location: { file: u.pattern, startLine: 1, endLine: 1 },
  };
}

/** The findings (error) and warnings (warn) for the patterns that matched nothing. */
export function noFilesFound(
  unmatched: readonly UnmatchedPattern[],
  modes: Readonly<Record<FileSource, IfNoFilesFound>>,
): { findings: Finding[]; warnings: string[] } {
  const findings: Finding[] = [];
  const warnings: string[] = [];
  for (const u of unmatched) {
    const mode = modes[u.source];
    if (mode === 'error') findings.push(unmatchedFinding(u));
    else if (mode === 'warn') warnings.push(`${u.source} pattern ${u.pattern} matched no file; ${hint(u)}`);
  }
  return { findings, warnings };
}
