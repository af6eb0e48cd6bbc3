// discover -> extract -> analyze -> decide (DESIGN.md section 1). Plain data in, a GateReport out; the only
// I/O is reading the workspace's files (discover) and the analyzer's calls.
import { DEFAULT_SIMULATE_DENY } from './analyze/privilege-escalation';
import type { AnalyzerChoice, Backends } from './analyze/select';
import type { SimulateLists } from './analyze/simulate';
import type { IgnoreRule } from './config/schema';
import { type Settings, thresholdsOf } from './config/settings';
import { applyIgnores } from './decide/ignore';
import { applySeverityOverrides } from './decide/severity-overrides';
import { decide, sortFindings } from './decide/verdict';
import { discover } from './discover';
import { extractJsonPolicy, type PolicyTypeRule } from './extract/json-file';
import { extractTerraformPlan } from './extract/terraform-plan';
import { mapTerraformExtraction } from './extract/terraform-source';
import type { Logger } from './logger';
import type { Finding, GateReport, PolicyTarget, ScannedFile, Severity, Thresholds } from './types';

export interface PipelineOptions {
  workspace: string;
  policies: readonly string[];
  terraformPlans: readonly string[];
  /** Scope `changed`: only these workspace-relative files are analysed (plans always are). */
  changedFiles?: ReadonlySet<string>;
  policyTypeRules: readonly PolicyTypeRule[];
  thresholds: Thresholds;
  severityOverrides: Readonly<Record<string, Severity>>;
  ignore: readonly IgnoreRule[];
  /** The simulate lists; empty lists simulate nothing. */
  simulate: SimulateLists;
  backends: Backends;
  /** Notices from earlier stages (e.g. the config file), shown in every report. */
  notices?: readonly string[];
  /** Today, for ignore rules' `expires`. */
  now?: Date;
  log: Logger;
}

/** The simulate lists of the settings: deny defaults to the built-in privilege-escalation list. */
export function simulateListsOf(settings: Pick<Settings, 'simulate'>): SimulateLists {
  return {
    deny: settings.simulate.deny ?? DEFAULT_SIMULATE_DENY,
    allow: settings.simulate.allow,
    denySeverity: settings.simulate.severity,
  };
}

/** The pipeline options that come from the settings: which files, how to type them, how to judge. */
export function pipelineOptionsFrom(
  settings: Settings,
): Pick<
  PipelineOptions,
  | 'policies'
  | 'terraformPlans'
  | 'policyTypeRules'
  | 'thresholds'
  | 'severityOverrides'
  | 'ignore'
  | 'simulate'
> {
  return {
    policies: settings.policies,
    terraformPlans: settings.terraformPlans,
    policyTypeRules: settings.policyTypes,
    thresholds: thresholdsOf(settings),
    severityOverrides: settings.severityOverrides,
    ignore: settings.ignore,
    simulate: simulateListsOf(settings),
  };
}

/** The analysis back ends the settings ask for. */
export function backendChoiceFrom(settings: Settings, env: NodeJS.ProcessEnv): AnalyzerChoice {
  return {
    mode: settings.analyzer,
    ...(settings.region ? { region: settings.region } : {}),
    maxConcurrency: settings.maxConcurrency,
    env,
  };
}

/** Config settings this version accepts but does not apply yet: said in every report, never silently. */
export function unappliedSettingsNotices(settings: Pick<Settings, 'newOnly' | 'checks'>): string[] {
  const set: string[] = [];
  if (settings.newOnly) set.push('new-only');
  if (settings.checks.noNewAccess) set.push('checks.no-new-access');
  if (settings.checks.accessNotGranted) set.push('checks.access-not-granted');
  if (settings.checks.noPublicAccess) set.push('checks.no-public-access');
  return set.length === 0
    ? []
    : [`${set.join(', ')}: set in the config file but not applied by this version of the gate.`];
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
  const { analyzer } = opts.backends;
  const notices: string[] = [...(opts.notices ?? [])];

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
    const analysed = await log.group(`Analyze (${analyzer.info.kind})`, async () => {
      const [validated, simulated] = await Promise.all([
        analyzer.analyze(targets, log),
        opts.backends.simulate(targets, opts.simulate, log),
      ]);
      return [...validated, ...simulated];
    });
    findings.push(...analysed);
  }

  const overridden = applySeverityOverrides(findings, opts.severityOverrides);
  const ignored = applyIgnores(overridden, opts.ignore, targets, opts.now ?? new Date());
  notices.push(...ignored.notices);
  for (const note of ignored.unused) log.debug(note);
  const sorted = sortFindings(ignored.findings);
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
    analyzer: analyzer.info,
    notices,
  };
}
