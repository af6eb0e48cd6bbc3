// discover -> extract -> analyze -> decide (DESIGN.md section 1). Plain data in, a GateReport out; the only
// I/O is reading the workspace's files (discover) and the analyzer's calls.
import type { Analyzer } from './analyze/analyzer';
import { decide, sortFindings } from './decide/verdict';
import { discover } from './discover';
import { extractJsonPolicy, type PolicyTypeRule } from './extract/json-file';
import { extractTerraformPlan } from './extract/terraform-plan';
import { mapTerraformExtraction } from './extract/terraform-source';
import type { Logger } from './logger';
import type { Finding, GateReport, PolicyTarget, ScannedFile, Thresholds } from './types';

export interface PipelineOptions {
  workspace: string;
  policies: readonly string[];
  terraformPlans: readonly string[];
  /** Scope `changed`: only these workspace-relative files are analysed (plans always are). */
  changedFiles?: ReadonlySet<string>;
  policyTypeRules: readonly PolicyTypeRule[];
  thresholds: Thresholds;
  analyzer: Analyzer;
  log: Logger;
}

/** A file the gate had to look at but could not read fails closed: it may be a policy. */
function unreadableFinding(file: ScannedFile): Finding {
  return {
    target: file.file,
    severity: 'ERROR',
    code: 'ANALYSIS_FAILED',
    message: `${file.reason ?? 'The file could not be read'}. The gate fails closed on files it cannot read.`,
    analyzer: 'gate',
    location: { file: file.file, startLine: 1, endLine: 1 },
  };
}

export async function runPipeline(opts: PipelineOptions): Promise<GateReport> {
  const { log } = opts;
  const notices: string[] = [];

  const found = await log.group('Discover', async () => {
    const result = await discover({
      workspace: opts.workspace,
      policies: [...opts.policies],
      terraformPlans: [...opts.terraformPlans],
      ...(opts.changedFiles ? { changedFiles: opts.changedFiles } : {}),
      log,
    });
    for (const f of result.files) {
      const why = f.reason ? ` (${f.reason})` : '';
      if (f.kind === 'ignored') log.debug(`${f.file}: ignored${why}`);
      else log.info(`${f.file}: ${f.kind}${why}`);
    }
    for (const w of result.warnings) log.warning(w);
    notices.push(...result.warnings);
    log.info(`${result.policies.length} policy files, ${result.plans.length} Terraform plans`);
    return result;
  });

  const findings: Finding[] = found.files.filter((f) => f.kind === 'unreadable').map(unreadableFinding);
  const targets: PolicyTarget[] = [];
  for (const policy of found.policies) {
    const extracted = extractJsonPolicy(
      policy.file,
      policy.text,
      opts.policyTypeRules,
      policy.value !== undefined ? { value: policy.value } : {},
    );
    if (extracted.target) targets.push(extracted.target);
    findings.push(...extracted.findings);
  }
  for (const plan of found.plans) {
    const extracted = mapTerraformExtraction(
      extractTerraformPlan(plan.file, plan.value),
      plan.value,
      opts.workspace,
      plan.file,
      plan.text,
    );
    log.info(`${plan.file}: ${extracted.targets.length} policies in the plan`);
    targets.push(...extracted.targets);
    findings.push(...extracted.findings);
  }

  if (targets.length > 0) {
    const analysed = await log.group(`Analyze (${opts.analyzer.info.kind})`, () =>
      opts.analyzer.analyze(targets, log),
    );
    findings.push(...analysed);
  }

  const sorted = sortFindings(findings);
  const verdict = decide(sorted, opts.thresholds);
  log.info(
    verdict.result === 'pass'
      ? `Gate passed: ${sorted.length} findings, none blocking`
      : `Gate failed: ${verdict.reasons.join('; ')}`,
  );
  return {
    targets,
    files: found.files,
    findings: sorted,
    verdict,
    thresholds: opts.thresholds,
    analyzer: opts.analyzer.info,
    notices,
  };
}
