// The one merged settings object (docs/architecture.md section 7): an input set in the workflow wins over the config
// file, which wins over the default. `sources` records which one each setting came from, for the log.

import type { GateRules } from '../core/gate-check-table';
import { plural } from '../core/plural';
import {
  type AnalyzerMode,
  type CommentMode,
  DEFAULT_IF_NO_FILES_FOUND,
  type FileSource,
  type IfNoFilesFound,
  type IgnoreRule,
  type PolicyTypeRule,
  type ReviewCommentsMode,
  type Scope,
  type Severity,
  type Thresholds,
} from '../core/types';
import { DEFAULT_FAIL_ON, DEFAULT_MAX_CONCURRENCY, DEFAULT_POLICIES, type Inputs } from './inputs';
import type { AccessNotGranted, RepoConfig } from './schema';

export type SettingSource = 'input' | 'config' | 'default';

export interface SimulateSettings {
  /** Actions no identity policy may allow; undefined: the built-in privilege-escalation list. */
  deny?: readonly string[];
  /** Actions that must stay allowed. */
  allow: readonly string[];
  /** Severity of SIMULATE_DENY_ALLOWED (default WARNING). SIMULATE_ALLOW_DENIED is ERROR (severity-overrides). */
  severity: Severity;
}

export interface CheckSettings {
  noNewAccess: boolean;
  accessNotGranted?: AccessNotGranted;
  noPublicAccess: boolean;
  /** Severity of NEW_ACCESS, ACCESS_GRANTED and PUBLIC_ACCESS findings (default SECURITY_WARNING). */
  severity: Severity;
}

/** `usage:` (issue 17): IAM last-accessed data for the principals a change touches; off by default. */
export interface UsageSettings {
  enabled: boolean;
  /** Access within this many days counts as used (default DEFAULT_USAGE_DAYS). */
  days: number;
  /** The budget of every last-accessed job together (default DEFAULT_USAGE_TIMEOUT_SECONDS). */
  timeoutSeconds: number;
  /** Usage that cannot be read is ANALYSIS_FAILED instead of a notice (default false). */
  required: boolean;
  /** Policy JSON file globs -> the existing principal they belong to. */
  principals: readonly { path: string; arn: string }[];
}

export const DEFAULT_USAGE_DAYS = 90;
export const DEFAULT_USAGE_TIMEOUT_SECONDS = 60;

export interface Settings {
  policies: readonly string[];
  terraformPlans: readonly string[];
  /** `cdk-out`: CDK cloud assembly directories, analysed whatever the scope. */
  cdkOut: readonly string[];
  /** `cloudformation-templates`: always analysed, whatever the scope. */
  cloudformationTemplates: readonly string[];
  /** `cloudformation-parameters`: parameter files for the templates' parameters and pseudo parameters. */
  cloudformationParameters: readonly string[];
  /** What a pattern that matches no file means, per source. */
  ifNoFilesFound: Readonly<Record<FileSource, IfNoFilesFound>>;
  scope: Scope;
  analyzer: AnalyzerMode;
  /** Undefined: AWS_REGION, then AWS_DEFAULT_REGION, then us-east-1 (resolved by the analyzer). */
  region?: string;
  failOn: readonly Severity[];
  /** Undefined: unlimited. */
  maxWarnings?: number;
  maxConcurrency: number;
  comment: CommentMode;
  reviewComments: ReviewCommentsMode;
  /** `comment-tag`; undefined: the gate's untagged comments (the markers of every earlier version). */
  commentTag?: string;
  newOnly: boolean;
  policyTypes: readonly PolicyTypeRule[];
  ignore: readonly IgnoreRule[];
  severityOverrides: Readonly<Record<string, Severity>>;
  simulate: SimulateSettings;
  checks: CheckSettings;
  /** `rules:`: gate checks switched off or set to another severity (README, "Gate checks"). */
  rules: GateRules;
  usage: UsageSettings;
  sources: Readonly<Record<SettingName, SettingSource>>;
}

export type SettingName =
  | 'policies'
  | 'terraformPlans'
  | 'cdkOut'
  | 'cloudformationTemplates'
  | 'cloudformationParameters'
  | 'ifNoFilesFound'
  | 'scope'
  | 'analyzer'
  | 'region'
  | 'failOn'
  | 'maxWarnings'
  | 'maxConcurrency'
  | 'comment'
  | 'reviewComments'
  | 'commentTag'
  | 'newOnly'
  | 'policyTypes'
  | 'ignore'
  | 'severityOverrides'
  | 'simulate'
  | 'checks'
  | 'rules'
  | 'usage';

/** Setting name -> the input or config key a user writes. */
export const SETTING_KEYS: Readonly<Record<SettingName, string>> = {
  policies: 'policies',
  terraformPlans: 'terraform-plans',
  cdkOut: 'cdk-out',
  cloudformationTemplates: 'cloudformation-templates',
  cloudformationParameters: 'cloudformation-parameters',
  ifNoFilesFound: 'if-no-files-found',
  scope: 'scope',
  analyzer: 'analyzer',
  region: 'region',
  failOn: 'fail-on',
  maxWarnings: 'max-warnings',
  maxConcurrency: 'max-concurrency',
  comment: 'comment',
  reviewComments: 'review-comments',
  commentTag: 'comment-tag',
  newOnly: 'new-only',
  policyTypes: 'policy-types',
  ignore: 'ignore',
  severityOverrides: 'severity-overrides',
  simulate: 'simulate',
  checks: 'checks',
  rules: 'rules',
  usage: 'usage',
};

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Merges inputs over the config file over the defaults; the result is deeply frozen. */
export function resolveSettings(
  inputs: Readonly<Inputs>,
  config: RepoConfig,
  env: { isPullRequest: boolean },
): Settings {
  const sources = {} as Record<SettingName, SettingSource>;
  /** input ?? config ?? default, noting where the value came from. */
  function pick<T>(name: SettingName, input: T | undefined, fromConfig: T | undefined, fallback: T): T {
    if (input !== undefined) {
      sources[name] = 'input';
      return input;
    }
    if (fromConfig !== undefined) {
      sources[name] = 'config';
      return fromConfig;
    }
    sources[name] = 'default';
    return fallback;
  }

  const simulate = config.simulate;
  const checks = config.checks;
  const settings: Settings = {
    policies: [...pick('policies', inputs.policies, config.policies, DEFAULT_POLICIES)],
    terraformPlans: [...pick('terraformPlans', inputs.terraformPlans, config.terraformPlans, [])],
    cdkOut: [...pick('cdkOut', inputs.cdkOut, config.cdkOut, [])],
    cloudformationTemplates: [
      ...pick('cloudformationTemplates', inputs.cloudformationTemplates, config.cloudformationTemplates, []),
    ],
    cloudformationParameters: [
      ...pick(
        'cloudformationParameters',
        inputs.cloudformationParameters,
        config.cloudformationParameters,
        [],
      ),
    ],
    // One value set (input or config) applies to every source; unset, each source has its own default.
    ifNoFilesFound: { ...DEFAULT_IF_NO_FILES_FOUND },
    scope: pick<Scope>('scope', inputs.scope, undefined, env.isPullRequest ? 'changed' : 'all'),
    analyzer: pick<AnalyzerMode>('analyzer', inputs.analyzer, undefined, 'auto'),
    failOn: [...pick('failOn', inputs.failOn, config.failOn, DEFAULT_FAIL_ON)],
    maxConcurrency: pick('maxConcurrency', inputs.maxConcurrency, undefined, DEFAULT_MAX_CONCURRENCY),
    comment: pick<CommentMode>('comment', inputs.comment, undefined, 'on-findings'),
    reviewComments: pick<ReviewCommentsMode>('reviewComments', inputs.reviewComments, undefined, 'blocking'),
    newOnly: pick('newOnly', undefined, config.newOnly, false),
    policyTypes: pick('policyTypes', undefined, config.policyTypes, []).map((r) => ({ ...r })),
    ignore: pick('ignore', undefined, config.ignore, []).map((r) => ({ ...r })),
    severityOverrides: { ...pick('severityOverrides', undefined, config.severityOverrides, {}) },
    simulate: {
      allow: [...(simulate?.allow ?? [])],
      severity: simulate?.severity ?? 'WARNING',
      ...(simulate?.deny ? { deny: [...simulate.deny] } : {}),
    },
    checks: {
      noNewAccess: checks?.noNewAccess ?? false,
      noPublicAccess: checks?.noPublicAccess ?? false,
      severity: checks?.severity ?? 'SECURITY_WARNING',
      ...(checks?.accessNotGranted ? { accessNotGranted: { ...checks.accessNotGranted } } : {}),
    },
    rules: { ...pick('rules', undefined, config.rules, {}) },
    usage: {
      enabled: config.usage?.enabled ?? false,
      days: config.usage?.days ?? DEFAULT_USAGE_DAYS,
      timeoutSeconds: config.usage?.timeoutSeconds ?? DEFAULT_USAGE_TIMEOUT_SECONDS,
      required: config.usage?.required ?? false,
      principals: (config.usage?.principals ?? []).map((p) => ({ ...p })),
    },
    sources,
  };
  const ifNoFilesFound = pick('ifNoFilesFound', inputs.ifNoFilesFound, config.ifNoFilesFound, undefined);
  if (ifNoFilesFound !== undefined) {
    settings.ifNoFilesFound = {
      policies: ifNoFilesFound,
      'terraform-plans': ifNoFilesFound,
      'cloudformation-templates': ifNoFilesFound,
    };
  }
  sources.simulate = simulate ? 'config' : 'default';
  sources.checks = checks ? 'config' : 'default';
  sources.usage = config.usage ? 'config' : 'default';
  const region = pick<string | undefined>('region', inputs.region, undefined, undefined);
  if (region !== undefined) settings.region = region;
  const commentTag = pick<string | undefined>('commentTag', inputs.commentTag, undefined, undefined);
  if (commentTag !== undefined) settings.commentTag = commentTag;
  const maxWarnings = pick<number | undefined>(
    'maxWarnings',
    inputs.maxWarnings,
    config.maxWarnings,
    undefined,
  );
  if (maxWarnings !== undefined) settings.maxWarnings = maxWarnings;
  return deepFreeze(settings);
}

/** The thresholds the verdict uses. */
export function thresholdsOf(settings: Settings): Thresholds {
  return settings.maxWarnings === undefined
    ? { failOn: settings.failOn }
    : { failOn: settings.failOn, maxWarnings: settings.maxWarnings };
}

function show(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.map((v) => show(v)).join(', ');
  if (value === undefined) return '(unset)';
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

function describeUsage(usage: UsageSettings): string {
  if (!usage.enabled) return 'off';
  const mapped =
    usage.principals.length > 0 ? `, ${plural(usage.principals.length, 'mapped principal')}` : '';
  const what = `${usage.days} days, ${usage.timeoutSeconds} s${usage.required ? ', required' : ''}${mapped}`;
  return `on (${what}): IAM last-accessed data for the existing principals the change touches, with AWS credentials`;
}

/** One log line per setting: `fail-on: ERROR (config .github/iam-policy-gate.yml)`. */
export function describeSettings(settings: Settings, configFile?: string): string[] {
  return (Object.keys(SETTING_KEYS) as SettingName[]).map((n) => {
    const source = settings.sources[n];
    const from = source === 'config' && configFile ? `config ${configFile}` : source;
    const value =
      n === 'ignore'
        ? plural(settings.ignore.length, 'rule')
        : n === 'maxWarnings' && settings.maxWarnings === undefined
          ? 'unlimited'
          : n === 'region' && settings.region === undefined
            ? 'from AWS_REGION, else us-east-1'
            : n === 'commentTag' && settings.commentTag === undefined
              ? '(none)'
              : n === 'usage'
                ? describeUsage(settings.usage)
                : n === 'ifNoFilesFound'
                  ? Object.entries(settings.ifNoFilesFound)
                      .map(([source, mode]) => `${mode} for ${source}`)
                      .join(', ')
                  : show(settings[n]);
    return `${SETTING_KEYS[n]}: ${value} (${from})`;
  });
}
