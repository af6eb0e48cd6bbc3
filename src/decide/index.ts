// The decide stage (docs/architecture.md section 5): which findings count, at what severity, and whether the gate
// passes. new-only.ts wraps the analysis (the base branch's versions are analysed in the same calls).
import type { Logger } from '../core/logger';
import { plural } from '../core/plural';
import type { Finding, IgnoreRule, PolicyTarget, Severity, Thresholds, Verdict } from '../core/types';
import { applyIgnores } from './ignore';
import { cappedMessage, MAX_MESSAGE_CHARS } from './message-length';
import { onePerRisk } from './one-per-risk';
import { redactSensitiveFindings } from './redact-sensitive';
import { applySeverityOverrides } from './severity-overrides';
import { decide, sortFindings } from './verdict';

export { type AnalysisRun, analyzeAgainstBaseBranch } from './new-only';

export interface DecideOptions {
  targets: readonly PolicyTarget[];
  thresholds: Thresholds;
  severityOverrides: Readonly<Record<string, Severity>>;
  ignore: readonly IgnoreRule[];
  /** Today, for ignore rules' `expires`. */
  now: Date;
  log: Logger;
}

export interface Decision {
  /** Every finding as the reports show it: one per risk, redacted, overridden, ignored, sorted. */
  findings: Finding[];
  verdict: Verdict;
  /** What the ignore rules have to say (expired ones, say). */
  notices: string[];
}

/** The findings as the reports show them, and the verdict on them. */
export function decideVerdict(findings: readonly Finding[], opts: DecideOptions): Decision {
  const { targets, now, log } = opts;
  // One finding per risk on a statement, judged on the severity and suppression that the overrides and
  // ignore rules below give each finding, after new-only marked them (one-per-risk.ts says why here).
  const settled = (list: readonly Finding[]) =>
    applyIgnores(applySeverityOverrides(list, opts.severityOverrides), opts.ignore, targets, now).findings;
  const onePerStatement = onePerRisk(findings, { targets, thresholds: opts.thresholds, effective: settled });
  // Sensitive values leave no trace in any report: redacted once, here, before anything renders a finding.
  const redacted = redactSensitiveFindings(onePerStatement, targets);
  const overridden = applySeverityOverrides(redacted, opts.severityOverrides);
  const ignored = applyIgnores(overridden, opts.ignore, targets, now);
  for (const note of ignored.unused) log.debug(note);
  const sorted = sortFindings(ignored.findings).map((f) =>
    f.message.length > MAX_MESSAGE_CHARS ? { ...f, message: cappedMessage(f.message) } : f,
  );
  const verdict = decide(sorted, opts.thresholds);
  log.info(
    verdict.result === 'pass'
      ? `Gate passed: ${plural(sorted.length, 'finding')}, none blocking`
      : `Gate failed: ${verdict.reasons.join('; ')}`,
  );
  return { findings: sorted, verdict, notices: ignored.notices };
}
