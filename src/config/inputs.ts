// Reads the action's inputs once, typed and frozen (docs/architecture.md sections 7 and 8).
// An empty input is unset (undefined here), so the config file's value or the default applies under it
// (resolveSettings in settings.ts); lists split on newlines or commas; enums are checked.
import { isAbsolute } from 'node:path';
import { ConfigurationError } from '../core/errors';
import {
  type AnalyzerMode,
  type CommentMode,
  IF_NO_FILES_FOUND,
  type IfNoFilesFound,
  type ReviewCommentsMode,
  type Scope,
  SEVERITIES,
  type Severity,
} from '../core/types';
import { CDK_OUT_HINT, cdkOutProblem } from './cdk-out';

export type ConfigSource = 'base' | 'head';

export const ANALYZER_MODES: readonly AnalyzerMode[] = ['auto', 'aws', 'local'];
export const COMMENT_MODES: readonly CommentMode[] = ['on-findings', 'always', 'never'];
export const REVIEW_COMMENTS_MODES: readonly ReviewCommentsMode[] = ['blocking', 'all', 'none'];

/** What the workflow set. Every optional field is undefined when its input is empty. */
export interface Inputs {
  policies?: readonly string[];
  terraformPlans?: readonly string[];
  /** `cdk-out`: CDK cloud assembly directories (each checked by cdkOutProblem). */
  cdkOut?: readonly string[];
  cloudformationTemplates?: readonly string[];
  cloudformationParameters?: readonly string[];
  /** Undefined: per source, error for terraform-plans, warn for policies (DEFAULT_IF_NO_FILES_FOUND). */
  ifNoFilesFound?: IfNoFilesFound;
  /** Undefined: decided by the event (changed on pull_request events, all otherwise). */
  scope?: Scope;
  analyzer?: AnalyzerMode;
  region?: string;
  /** The config file, workspace-relative; always set (default `.github/iam-policy-gate.yml`). */
  config: string;
  /** Undefined: decided by the event (base on pull_request events, head otherwise); see configSourceFor. */
  configSource?: ConfigSource;
  failOn?: readonly Severity[];
  maxWarnings?: number;
  maxConcurrency?: number;
  comment?: CommentMode;
  reviewComments?: ReviewCommentsMode;
  /** `comment-tag`: one sticky comment and one set of review comments per tag (several gates on one PR). */
  commentTag?: string;
  sarifFile?: string;
  /** The result cache file (README "Result cache"); undefined: no cache. Workspace-relative or absolute. */
  cacheFile?: string;
  githubToken?: string;
}

export const DEFAULT_CONFIG_PATH = '.github/iam-policy-gate.yml';
export const DEFAULT_POLICIES = ['**/*.json'] as const;
export const DEFAULT_FAIL_ON: readonly Severity[] = ['ERROR', 'SECURITY_WARNING'];
export const DEFAULT_MAX_CONCURRENCY = 8;
export const MAX_CONCURRENCY_LIMIT = 64;

/** Splits a list input on newlines or commas, trimming blanks. */
export function splitList(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  const v = value.trim();
  if ((allowed as readonly string[]).includes(v)) return v as T;
  throw new ConfigurationError(
    `Input '${name}' is '${v}'; allowed values: ${allowed.join(', ')}. Leave it empty for the default.`,
  );
}

function integer(name: string, value: string, min: number, max: number): number {
  const v = value.trim();
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new ConfigurationError(
      `Input '${name}' is '${v}'; it must be a whole number from ${min} to ${max}.`,
    );
  }
  return Number(v);
}

/** `review-comments`: blocking, all or none; `true` and `false` (the input's values before) mean all and none. */
function reviewCommentsMode(value: string): ReviewCommentsMode {
  const v = value.trim();
  const legacy = v.toLowerCase();
  if (legacy === 'true') return 'all';
  if (legacy === 'false') return 'none';
  if ((REVIEW_COMMENTS_MODES as readonly string[]).includes(v)) return v as ReviewCommentsMode;
  throw new ConfigurationError(
    `Input 'review-comments' is '${v}'; allowed values: ${REVIEW_COMMENTS_MODES.join(', ')} ` +
      '(true means all, false means none). Leave it empty for the default, blocking.',
  );
}

export function parseSeverities(name: string, value: string): Severity[] {
  const items = splitList(value).map((s) => s.toUpperCase().replace(/-/g, '_'));
  if (items.length === 1 && items[0] === 'NONE') return [];
  return items.map((item) => oneOf(name, item, SEVERITIES));
}

/** What a `comment-tag` may be: it goes into the hidden markers, so nothing that could end an HTML comment. */
export const COMMENT_TAG = /^[A-Za-z0-9._-]{1,64}$/;

function commentTag(value: string): string {
  if (COMMENT_TAG.test(value)) return value;
  throw new ConfigurationError(
    `Input 'comment-tag' is ${JSON.stringify(value.slice(0, 80))}; it must be 1 to 64 letters, digits, '.', '_' ` +
      "or '-' (e.g. 'prod' or 'infra-eu'). Leave it empty for the gate's one comment.",
  );
}

/** The config file path must stay inside the workspace: relative, no `..` segment. Returns it with `/`. */
export function checkConfigPath(path: string): string {
  const posix = path.trim().replace(/\\/g, '/').replace(/^\.\//, '');
  if (posix === '' || posix.startsWith('/') || /^[A-Za-z]:/.test(posix) || posix.split('/').includes('..')) {
    throw new ConfigurationError(
      `Input 'config' is '${path}'; it must be a workspace-relative path without '..', e.g. ${DEFAULT_CONFIG_PATH}.`,
    );
  }
  return posix;
}

/**
 * `cache-file`: absolute (e.g. under `runner.temp`), or workspace-relative without `..`. Where it may be is
 * checked when the cache is opened (openCache in src/analyze/cache.ts): the action refuses the workspace,
 * and no path may go through a symbolic link.
 */
export function checkCacheFilePath(path: string): string {
  const p = path.trim();
  if (!isAbsolute(p) && p.replace(/\\/g, '/').split('/').includes('..')) {
    throw new ConfigurationError(
      `Input 'cache-file' is '${path}'; it must be an absolute path (e.g. under \${{ runner.temp }}) or a ` +
        "workspace-relative path without '..'.",
    );
  }
  return p;
}

/** The `cdk-out` input: directories, each workspace-relative without `..` (cdk-out.ts). */
export function checkCdkOut(value: string): string[] {
  return splitList(value).map((dir) => {
    const problem = cdkOutProblem(dir);
    if (problem !== undefined)
      throw new ConfigurationError(`Input 'cdk-out' is '${dir}', which ${problem}; ${CDK_OUT_HINT}.`);
    return dir;
  });
}

/** `config-source`: the input when set, else base on pull_request events (a PR cannot loosen its own gate). */
export function configSourceFor(inputs: Pick<Inputs, 'configSource'>, isPullRequest: boolean): ConfigSource {
  return inputs.configSource ?? (isPullRequest ? 'base' : 'head');
}

/**
 * Reads every input through `getInput` (core.getInput in the action). Throws ConfigurationError naming the
 * input and the allowed values for a bad one.
 */
export function readInputs(getInput: (name: string) => string): Readonly<Inputs> {
  const raw = (name: string) => getInput(name).trim();
  const inputs: Inputs = { config: raw('config') ? checkConfigPath(raw('config')) : DEFAULT_CONFIG_PATH };
  if (raw('policies')) inputs.policies = splitList(raw('policies'));
  if (raw('terraform-plans')) inputs.terraformPlans = splitList(raw('terraform-plans'));
  if (raw('cdk-out')) inputs.cdkOut = checkCdkOut(raw('cdk-out'));
  if (raw('cloudformation-templates')) {
    inputs.cloudformationTemplates = splitList(raw('cloudformation-templates'));
  }
  if (raw('cloudformation-parameters')) {
    inputs.cloudformationParameters = splitList(raw('cloudformation-parameters'));
  }
  if (raw('if-no-files-found')) {
    inputs.ifNoFilesFound = oneOf('if-no-files-found', raw('if-no-files-found'), IF_NO_FILES_FOUND);
  }
  if (raw('scope')) inputs.scope = oneOf('scope', raw('scope'), ['changed', 'all'] as const);
  if (raw('analyzer')) inputs.analyzer = oneOf('analyzer', raw('analyzer'), ANALYZER_MODES);
  if (raw('region')) inputs.region = raw('region');
  if (raw('config-source')) {
    inputs.configSource = oneOf('config-source', raw('config-source'), ['base', 'head'] as const);
  }
  if (raw('fail-on')) inputs.failOn = parseSeverities('fail-on', raw('fail-on'));
  if (raw('max-warnings')) inputs.maxWarnings = integer('max-warnings', raw('max-warnings'), 0, 1_000_000);
  if (raw('max-concurrency')) {
    inputs.maxConcurrency = integer('max-concurrency', raw('max-concurrency'), 1, MAX_CONCURRENCY_LIMIT);
  }
  if (raw('comment')) inputs.comment = oneOf('comment', raw('comment'), COMMENT_MODES);
  if (raw('review-comments')) inputs.reviewComments = reviewCommentsMode(raw('review-comments'));
  if (raw('comment-tag')) inputs.commentTag = commentTag(raw('comment-tag'));
  if (raw('sarif-file')) inputs.sarifFile = raw('sarif-file');
  if (raw('cache-file')) inputs.cacheFile = checkCacheFilePath(raw('cache-file'));
  if (raw('github-token')) inputs.githubToken = raw('github-token');
  return Object.freeze(inputs);
}
