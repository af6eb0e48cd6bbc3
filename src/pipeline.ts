// The five steps of docs/architecture.md section 1: discover -> extract -> analyze (the gate checks after
// it, whatever analyzer ran) -> decide -> report (the caller renders the GateReport). Plain data in, a
// GateReport out; the only I/O is reading the workspace's files (discover) and the analyzer's calls. Each
// step is its stage's entry function; what is here only hands one step's result to the next.

import {
  analyzePolicies,
  type Backends,
  type CustomChecks,
  type SimulateLists,
  setOversizedAside,
} from './analyze';
import { type Settings, thresholdsOf, type UsageSettings } from './config/settings';
import { appendAll } from './core/append';
import { type DeadlineOptions, startRunBudget } from './core/deadline';
import type { Logger } from './core/logger';
import { plural } from './core/plural';
import { keepingPriorState, POLICY_FILE_KINDS, type PolicyFileKinds } from './core/policy-file-kinds';
import { DEFAULT_SIMULATE_DENY } from './core/privilege-escalation';
import { placeAtSourceLines } from './core/source-lines';
import type {
  BaseBranch,
  FileSource,
  Finding,
  GateReport,
  IfNoFilesFound,
  IgnoreRule,
  PolicyTarget,
  PolicyTypeRule,
  Severity,
  Thresholds,
} from './core/types';
import { type AnalysisRun, analyzeAgainstBaseBranch, decideVerdict } from './decide';
import { type Discovered, type DiscoverFilesOptions, discoverFiles as discoverStage } from './discover';
import { type Extraction, extractPolicies, type PolicySource } from './extract';
import { createGateChecks, type GateRules } from './gate-checks';
import {
  type PollBackoff,
  runUsageStage,
  type UsageStageResult,
  type UsageSubject,
  usageSubjectsOf,
} from './usage';

export interface PipelineOptions {
  workspace: string;
  policies: readonly string[];
  terraformPlans: readonly string[];
  /** `cdk-out`: CDK cloud assemblies, analysed whatever the scope. */
  cdkOut?: readonly string[];
  /** `cloudformation-templates`: always analysed, like plans. */
  cloudformationTemplates?: readonly string[];
  /** `cloudformation-parameters`: the templates' parameter values. */
  cloudformationParameters?: readonly string[];
  /** Scope `changed`: only these workspace-relative files are analysed (plans always are). */
  changedFiles?: ReadonlySet<string>;
  /** What a pattern that matches no file means, per source (discover/no-files-found.ts). */
  ifNoFilesFound: Readonly<Record<FileSource, IfNoFilesFound>>;
  /** Discovery already done (discoverFiles): the CLI checks the paths it was given before analysing. */
  discovered?: Discovered;
  /**
   * The kinds of policy file and how discovery recognises each (default POLICY_FILE_KINDS), and the sources
   * that extract them, keyed by the same kinds (default POLICY_SOURCES): the only places sources are named.
   */
  fileKinds?: PolicyFileKinds;
  sources?: readonly PolicySource[];
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
  /**
   * `usage:`, least privilege from IAM's last-accessed data (docs/architecture.md section 9); off when absent
   * or not enabled. Read with the back ends' AWS calls (`backends.awsCalls`).
   */
  usage?: UsageSettings;
  /** The usage stage's poll backoff (tests shorten it). */
  usagePollMs?: PollBackoff;
  /** The budget of the run's offline analysis (default RUN_DEADLINE_MS on the real clock; tests shorten it). */
  offlineBudget?: DeadlineOptions;
  /** Today, for ignore rules' `expires` and the usage window. */
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
  | 'cdkOut'
  | 'cloudformationTemplates'
  | 'cloudformationParameters'
  | 'ifNoFilesFound'
  | 'policyTypeRules'
  | 'thresholds'
  | 'severityOverrides'
  | 'ignore'
  | 'simulate'
  | 'newOnly'
  | 'checks'
  | 'rules'
  | 'usage'
> {
  return {
    policies: settings.policies,
    terraformPlans: settings.terraformPlans,
    cdkOut: settings.cdkOut,
    cloudformationTemplates: settings.cloudformationTemplates,
    cloudformationParameters: settings.cloudformationParameters,
    ifNoFilesFound: settings.ifNoFilesFound,
    policyTypeRules: settings.policyTypes,
    thresholds: thresholdsOf(settings),
    severityOverrides: settings.severityOverrides,
    ignore: settings.ignore,
    simulate: simulateListsOf(settings),
    newOnly: settings.newOnly,
    checks: settings.checks,
    rules: settings.rules,
    usage: settings.usage,
  };
}

/** The analysis of one run: the back ends' findings, and the gate's own checks while their calls are out. */
async function analyze(run: AnalysisRun, extracted: Extraction, opts: PipelineOptions): Promise<Finding[]> {
  const { backends } = opts;
  return run.log.group(`Analyze (${backends.analyzer.info.kind})`, async () => {
    // The gate's own checks, on the policy text whatever the analyzer: the same findings on AWS and
    // offline. The local analyzer hands them each model it builds, so a document is parsed once; the
    // targets it did not parse (AWS, the result cache) they check on this thread while the AWS calls are
    // in flight.
    const resourceTypeOf = (t: PolicyTarget) => extracted.publicAccessResourceType(run.currentIdOf(t.id));
    const checks = createGateChecks(opts.rules, {}, resourceTypeOf);
    // A document too big to be a policy fails closed here, before anything parses it.
    const { analysable, oversized } = setOversizedAside(run.targets);
    const pending = analyzePolicies(analysable, {
      backends,
      simulate: opts.simulate,
      checks: opts.checks,
      publicAccessResourceType: resourceTypeOf,
      onModel: checks.see,
      log: run.log,
    });
    const gate = checks.findings(analysable);
    run.log.info(`Gate checks: ${plural(gate.length, 'finding')}`);
    // A template's statements are at lines of their own: the analyzers' findings move there.
    return appendAll(placeAtSourceLines(appendAll(await pending, gate), run.targets), oversized);
  });
}

/** The discover step alone: the CLI checks its paths before the rest. */
export function discoverFiles(
  opts: Pick<
    PipelineOptions,
    | 'workspace'
    | 'policies'
    | 'terraformPlans'
    | 'cdkOut'
    | 'cloudformationTemplates'
    | 'cloudformationParameters'
    | 'changedFiles'
    | 'ifNoFilesFound'
    | 'fileKinds'
    | 'usage'
    | 'log'
  > &
    Pick<DiscoverFilesOptions, 'elsewhere'>,
): Promise<Discovered> {
  const { fileKinds, usage, ...rest } = opts;
  // The usage stage resolves roles and users through a plan's prior state, which discovery otherwise skips.
  const kinds = usage?.enabled ? keepingPriorState(fileKinds ?? POLICY_FILE_KINDS) : fileKinds;
  return discoverStage({ ...rest, ...(kinds ? { kinds } : {}) });
}

/** What the run keeps of discovery and extraction. */
interface FoundAndExtracted {
  files: Discovered['files'];
  warnings: Discovered['warnings'];
  /** Discovery's findings, then extraction's. */
  earlier: Finding[];
  extracted: Extraction;
  /** The principals the usage stage reads, when usage is on (taken while the plans' values are alive). */
  usage: { subjects: UsageSubject[]; notices: string[] };
}

/**
 * Discovery and extraction, in a function of their own: what it returns holds no file's text or parsed
 * value (a plan's run to hundreds of MiB), so once the targets are out the collector may take them before
 * the analysis (unless the caller holds `opts.discovered`).
 */
async function discoverAndExtract(opts: PipelineOptions): Promise<FoundAndExtracted> {
  const found = opts.discovered ?? (await discoverFiles(opts));
  const extracted = extractPolicies(found, {
    policyTypeRules: opts.policyTypeRules,
    log: opts.log,
    ...(opts.sources ? { sources: opts.sources } : {}),
  });
  const earlier = appendAll(appendAll([], found.findings), extracted.findings);
  const usage = opts.usage?.enabled
    ? usageSubjectsOf(found, { principals: opts.usage.principals, targets: extracted.targets })
    : { subjects: [], notices: [] };
  return { files: found.files, warnings: found.warnings, earlier, extracted, usage };
}

/** The usage stage, started before the analysis so that its IAM jobs run while the other AWS calls do. */
function startUsage(opts: PipelineOptions, found: FoundAndExtracted): Promise<UsageStageResult> | undefined {
  const settings = opts.usage;
  if (!settings?.enabled) return undefined;
  const source = opts.backends.awsCalls ?? { unavailable: 'these analysis back ends make no AWS calls' };
  return opts.log.group('Usage', () =>
    runUsageStage(found.usage.subjects, {
      days: settings.days,
      timeoutSeconds: settings.timeoutSeconds,
      required: settings.required,
      source,
      targets: found.extracted.targets,
      ...(opts.base ? { base: opts.base } : {}),
      now: opts.now ?? new Date(),
      ...(opts.usagePollMs ? { pollMs: opts.usagePollMs } : {}),
      log: opts.log,
    }),
  );
}

export async function runPipeline(opts: PipelineOptions): Promise<GateReport> {
  const { log } = opts;
  startRunBudget(opts.offlineBudget);
  const found = await discoverAndExtract(opts);
  const { files, warnings, earlier, extracted } = found;
  const usage = startUsage(opts, found);

  const analysed = await analyzeAgainstBaseBranch(extracted.sources, earlier, {
    newOnly: opts.newOnly,
    noNewAccess: opts.checks.noNewAccess,
    base: opts.base,
    analyze: (run) => analyze(run, extracted, opts),
    log,
  });

  const used = await usage;
  // UNUSED_ACCESS_ADDED (and, under usage.required, ANALYSIS_FAILED) are ordinary findings: decided as any.
  const findings = used ? appendAll(analysed.findings, used.findings) : analysed.findings;
  const decided = decideVerdict(findings, {
    targets: analysed.targets,
    thresholds: opts.thresholds,
    severityOverrides: opts.severityOverrides,
    ignore: opts.ignore,
    now: opts.now ?? new Date(),
    log,
  });

  const notices: string[] = [];
  for (const more of [
    opts.notices ?? [],
    warnings,
    found.usage.notices,
    used?.notices ?? [],
    analysed.notices,
    decided.notices,
  ]) {
    appendAll(notices, more);
  }
  return {
    targets: analysed.targets,
    files,
    findings: decided.findings,
    verdict: decided.verdict,
    thresholds: opts.thresholds,
    analyzer: opts.backends.analyzer.info,
    notices,
    ...(used ? { leastPrivilege: used.entries } : {}),
  };
}
