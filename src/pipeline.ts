// discover -> extract -> analyze -> decide (DESIGN.md section 1). Plain data in, a GateReport out; the only
// I/O is reading the workspace's files (discover) and the analyzer's calls.

import { type CacheLocation, openCache } from './analyze/cache';
import { withCache } from './analyze/cached-analyzer';
import type { CustomChecks } from './analyze/custom-checks';
import { type Backends, selectBackends } from './analyze/select';
import type { SimulateLists } from './analyze/simulate';
import { type Settings, thresholdsOf } from './config/settings';
import { appendAll } from './core/append';
import type { AwsClientFactories } from './core/aws-client-factories';
import { listed } from './core/list-text';
import type { Logger } from './core/logger';
import { DEFAULT_SIMULATE_DENY } from './core/privilege-escalation';
import type {
  BaseBranch,
  FileSource,
  Finding,
  GateReport,
  IfNoFilesFound,
  IgnoreRule,
  PolicyTarget,
  PolicyTypeRule,
  ScannedFile,
  Severity,
  Thresholds,
} from './core/types';
import { markExisting } from './decide/baseline';
import { applyIgnores } from './decide/ignore';
import { onePerRisk } from './decide/one-per-risk';
import { redactingLogger, redactSensitiveFindings, sensitiveTermsOf } from './decide/redact-sensitive';
import { applySeverityOverrides } from './decide/severity-overrides';
import { decide, sortFindings } from './decide/verdict';
import { type Discovery, discover } from './discover';
import { noFilesFound } from './discover/no-files-found';
import { readBaselines, terraformBaselines } from './extract/baseline';
import { extractJsonPolicy } from './extract/json-file';
import { extractTerraformPlan } from './extract/terraform-plan';
import { mapTerraformExtraction } from './extract/terraform-source';
import { type GateRules, runGateChecks } from './gate-checks';

export interface PipelineOptions {
  workspace: string;
  policies: readonly string[];
  terraformPlans: readonly string[];
  /** Scope `changed`: only these workspace-relative files are analysed (plans always are). */
  changedFiles?: ReadonlySet<string>;
  /** What a pattern that matches no file means, per source (no-files-found.ts). */
  ifNoFilesFound: Readonly<Record<FileSource, IfNoFilesFound>>;
  /** Discovery already done (discoverFiles): the CLI checks the paths it was given before analysing. */
  discovered?: Discovery;
  policyTypeRules: readonly PolicyTypeRule[];
  thresholds: Thresholds;
  severityOverrides: Readonly<Record<string, Severity>>;
  ignore: readonly IgnoreRule[];
  /** The simulate lists; empty lists simulate nothing. */
  simulate: SimulateLists;
  /** Findings that exist unchanged on the base branch are listed as existing and do not fail the gate. */
  newOnly: boolean;
  /** Access Analyzer's custom checks (or their local counterparts); all off by default. */
  checks: CustomChecks;
  /** `rules:`, the gate checks switched off or at another severity; unset: each on, at its default. */
  rules?: GateRules;
  /**
   * The base branch, for `new-only` and `checks.no-new-access` on JSON files (Terraform plans carry their
   * own `before` values). Without it, JSON policies have no baseline and every finding counts as new.
   */
  base?: BaseBranch;
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
  | 'ifNoFilesFound'
  | 'policyTypeRules'
  | 'thresholds'
  | 'severityOverrides'
  | 'ignore'
  | 'simulate'
  | 'newOnly'
  | 'checks'
  | 'rules'
> {
  return {
    policies: settings.policies,
    terraformPlans: settings.terraformPlans,
    ifNoFilesFound: settings.ifNoFilesFound,
    policyTypeRules: settings.policyTypes,
    thresholds: thresholdsOf(settings),
    severityOverrides: settings.severityOverrides,
    ignore: settings.ignore,
    simulate: simulateListsOf(settings),
    newOnly: settings.newOnly,
    checks: settings.checks,
    rules: settings.rules,
  };
}

/**
 * The analysis back ends the settings ask for, the analyzer behind the result cache when a cache file is
 * given (README, "Result cache").
 */
export async function createBackends(
  settings: Settings,
  env: NodeJS.ProcessEnv,
  clients: AwsClientFactories,
  cache: { file: string | undefined; workspace: string; log: Logger; where: CacheLocation },
): Promise<Backends> {
  const selected = await selectBackends({
    mode: settings.analyzer,
    ...(settings.region ? { region: settings.region } : {}),
    maxConcurrency: settings.maxConcurrency,
    env,
    clients,
  });
  const opened = await openCache(cache.file, cache.workspace, cache.log, cache.where);
  return { ...selected, analyzer: withCache(selected.analyzer, opened) };
}

/** A file the gate had to look at but could not read fails closed: it may be a policy. */
function unreadableFinding(file: ScannedFile): Finding {
  return {
    target: file.file,
    severity: 'ERROR',
    code: 'ANALYSIS_FAILED',
    message: `${file.reason ?? 'The file could not be read'}. The gate fails closed on files it cannot read.`,
    analyzer: 'gate',
    location: file.at
      ? { file: file.file, startLine: file.at.line, endLine: file.at.line, startColumn: file.at.column }
      : { file: file.file, startLine: 1, endLine: 1 },
  };
}

/** JSON-file targets with their base-branch text; without a base branch (or when it cannot be read), none. */
async function jsonBaselines(
  targets: PolicyTarget[],
  base: BaseBranch | undefined,
  notices: string[],
  log: Logger,
): Promise<{ targets: PolicyTarget[]; known: boolean }> {
  if (!base) {
    notices.push(
      'new-only / no-new-access: there is no base branch to compare the policy files with (the action: not a ' +
        'pull request, or no github-token; the CLI: pass --base <ref>), so every finding in them counts as new.',
    );
    return { targets, known: false };
  }
  try {
    const withBase = await readBaselines(targets, base);
    const found = withBase.filter((t) => t.baseline !== undefined).length;
    log.info(`Base branch ${base.label}: ${found} of ${withBase.length} policy files exist there`);
    return { targets: withBase, known: true };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    log.warning(`Could not read the policy files on the base branch ${base.label}: ${reason}`);
    notices.push(
      `The policy files could not be read on the base branch ${base.label} (${reason}), so every finding in them ` +
        'counts as new and no new-access check compared them.',
    );
    return { targets, known: false };
  }
}

/** checks.no-new-access: the policies it could not compare because they are new in this change. */
function uncomparedNotice(targets: readonly PolicyTarget[], jsonBaselinesKnown: boolean): string[] {
  const created = targets.filter(
    (t) =>
      t.baseline === undefined &&
      (t.policyType === 'IDENTITY_POLICY' || t.policyType === 'RESOURCE_POLICY') &&
      // Without the base branch, a policy file is not known to be new (jsonBaselines said so already).
      (t.source.address !== undefined || jsonBaselinesKnown),
  );
  if (created.length === 0) return [];
  const n = created.length;
  return [
    `checks.no-new-access: ${n} ${n === 1 ? 'policy is' : 'policies are'} new in this change, with no version on ` +
      `the base branch to compare with, so no new-access check ran for ${listed(created.map((t) => t.id))}.`,
  ];
}

/**
 * The base branch's version of every target that changed, as targets of their own (ids that no current
 * target has), and each one's current target id. Unchanged targets need no second analysis.
 */
function baselineTargets(targets: readonly PolicyTarget[]): {
  targets: PolicyTarget[];
  currentOf: Map<string, string>;
} {
  const ids = new Set(targets.map((t) => t.id));
  const currentOf = new Map<string, string>();
  const out: PolicyTarget[] = [];
  for (const t of targets) {
    if (t.baseline === undefined || t.baseline === t.document) continue;
    let id = `base-branch:${t.id}`;
    while (ids.has(id)) id = `base-branch:${id}`;
    ids.add(id);
    currentOf.set(id, t.id);
    const { baseline, ...rest } = t;
    out.push({ ...rest, id, document: baseline });
  }
  return { targets: out, currentOf };
}

/**
 * new-only: a finding is existing when the base branch's version of its policy has it too. A policy that did
 * not change has, by definition, every finding it had; one that changed is compared with its baseline's.
 */
function markNew(
  findings: readonly Finding[],
  analysed: readonly Finding[],
  targets: readonly PolicyTarget[],
  currentOf: ReadonlyMap<string, string>,
): Finding[] {
  const byId = new Map(targets.map((t) => [t.id, t]));
  const unchanged = (id: string) => {
    const t = byId.get(id);
    return t?.baseline !== undefined && t.baseline === t.document;
  };
  const onBase: Finding[] = [];
  for (const f of analysed) {
    const current = currentOf.get(f.target);
    if (current !== undefined) onBase.push({ ...f, target: current });
  }
  appendAll(
    onBase,
    findings.filter((f) => unchanged(f.target)),
  );
  return markExisting(findings, onBase, {
    current: (id) => byId.get(id)?.document,
    baseline: (id) => byId.get(id)?.baseline,
  });
}

/** The discover stage: the files to look at, read and sniffed, each logged. */
export async function discoverFiles(
  opts: Pick<PipelineOptions, 'workspace' | 'policies' | 'terraformPlans' | 'changedFiles' | 'log'>,
): Promise<Discovery> {
  const { log } = opts;
  return log.group('Discover', async () => {
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
    log.info(`${result.policies.length} policy files, ${result.plans.length} Terraform plans`);
    return result;
  });
}

export async function runPipeline(opts: PipelineOptions): Promise<GateReport> {
  const { log } = opts;
  const { analyzer } = opts.backends;
  const notices: string[] = appendAll([], opts.notices ?? []);

  const found = opts.discovered ?? (await discoverFiles(opts));
  const missing = noFilesFound(found.unmatched, opts.ifNoFilesFound);
  for (const w of missing.warnings) log.warning(w);
  appendAll(notices, missing.warnings);

  const findings: Finding[] = found.files.filter((f) => f.kind === 'unreadable').map(unreadableFinding);
  appendAll(findings, missing.findings);
  let targets: PolicyTarget[] = [];
  const wantBaselines = opts.newOnly || opts.checks.noNewAccess;
  const publicAccessTypes = new Map<string, string>();
  for (const policy of found.policies) {
    const extracted = extractJsonPolicy(
      policy.file,
      policy.text,
      opts.policyTypeRules,
      policy.value !== undefined ? { value: policy.value } : {},
    );
    if (extracted.target) targets.push(extracted.target);
    appendAll(findings, extracted.findings);
  }
  // Whether a target without a baseline is known to be new (false: its base branch could not be read).
  let jsonBaselinesKnown = false;
  if (wantBaselines && targets.length > 0) {
    ({ targets, known: jsonBaselinesKnown } = await jsonBaselines(targets, opts.base, notices, log));
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
    appendAll(targets, wantBaselines ? terraformBaselines(plan.value, extracted.targets) : extracted.targets);
    appendAll(findings, extracted.findings);
    for (const [id, info] of extracted.resources) {
      if (info.publicAccessResourceType) publicAccessTypes.set(id, info.publicAccessResourceType);
    }
  }
  if (opts.checks.noNewAccess) appendAll(notices, uncomparedNotice(targets, jsonBaselinesKnown));

  // new-only: the base branch's version of each changed policy is analysed alongside, in the same calls.
  const baseline = opts.newOnly
    ? baselineTargets(targets)
    : { targets: [], currentOf: new Map<string, string>() };
  if (targets.length > 0) {
    // What the back ends log about sensitive policies (AWS's error messages, say) is redacted too.
    const analysisLog = redactingLogger(log, sensitiveTermsOf(targets));
    const analysed = await analysisLog.group(`Analyze (${analyzer.info.kind})`, async () => {
      const all = targets.concat(baseline.targets);
      const pending = Promise.all([
        analyzer.analyze(all, analysisLog),
        opts.backends.simulate(all, opts.simulate, analysisLog),
        opts.backends.customChecks(all, opts.checks, {
          log: analysisLog,
          publicAccessResourceType: (t) => publicAccessTypes.get(baseline.currentOf.get(t.id) ?? t.id),
        }),
      ]);
      // The gate's own checks, on the policy text whatever the analyzer: the same findings on AWS and
      // offline. They run on this thread while the AWS calls are in flight.
      const gate = runGateChecks(all, opts.rules);
      analysisLog.info(`Gate checks: ${gate.length} findings`);
      return appendAll((await pending).flat(), gate);
    });
    appendAll(
      findings,
      analysed.filter((f) => !baseline.currentOf.has(f.target)),
    );
    if (opts.newOnly) {
      const marked = markNew(findings, analysed, targets, baseline.currentOf);
      findings.length = 0;
      appendAll(findings, marked);
      const existing = marked.filter((f) => f.isNew === false).length;
      log.info(`new-only: ${existing} of ${marked.length} findings already on the base branch`);
    }
  }

  // One finding per risk on a statement, judged on the severity and suppression that the overrides and
  // ignore rules below give each finding, after new-only marked them (decide/one-per-risk.ts says why here).
  const now = opts.now ?? new Date();
  const settled = (list: readonly Finding[]) =>
    applyIgnores(applySeverityOverrides(list, opts.severityOverrides), opts.ignore, targets, now).findings;
  const onePerStatement = onePerRisk(findings, { targets, thresholds: opts.thresholds, effective: settled });
  // Sensitive values leave no trace in any report: redacted once, here, before anything renders a finding.
  const redacted = redactSensitiveFindings(onePerStatement, targets);
  const overridden = applySeverityOverrides(redacted, opts.severityOverrides);
  const ignored = applyIgnores(overridden, opts.ignore, targets, now);
  appendAll(notices, ignored.notices);
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
