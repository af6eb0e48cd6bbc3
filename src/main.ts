// The action's entry (DESIGN.md section 8): read inputs once, build the clients, run the pipeline, hand the
// report to the reporters. One catch; core.setFailed once, at the end, after every output is set; the job
// summary is written in `finally`.
import * as core from '@actions/core';
import { createBackends } from './analyze';
import { configSourceFor, readInputs } from './config/inputs';
import { loadRepoConfig } from './config/load';
import { describeSettings, resolveSettings, type Settings } from './config/settings';
import { ConfigurationError, errorMessage, MalformedAnswerError } from './core/errors';
import { inGitHubActions } from './core/log-line';
import { type Logger, safeLogger } from './core/logger';
import { runnerTempRoot } from './core/safe-write';
import type { BaseBranch, GateReport, PullRequestFile } from './core/types';
import { VERSION } from './core/version';
import { gitBaseBranch } from './discover';
import { readFileAtRef } from './github/contents';
import { type GitHubContext, readGitHubContext } from './github/context';
import { createOctokit, type GitHubClient } from './github/octokit';
import { changedFileSet, pullRequestFiles, scopeFiles } from './github/scope';
import { pipelineOptionsFrom, runPipeline } from './pipeline';
import { publishReport, writeJobSummary } from './publish/publish';

// core.info writes its text raw: every line goes through safeLogger, the one edge of the log.
const coreLogger: Logger = safeLogger(
  {
    info: (m) => core.info(m),
    warning: (m) => core.warning(m),
    debug: (m) => core.debug(m),
    group: (name, fn) => core.group(name, fn),
  },
  inGitHubActions(process.env),
);

/**
 * The PR's base branch at the base commit: from git when the checkout has that commit (`fetch-depth: 0`; no API
 * calls), else through the contents API. Renames follow the PR's files. None off a pull request.
 */
async function baseBranchOf(
  ctx: GitHubContext,
  octokit: GitHubClient | undefined,
  prFiles: readonly PullRequestFile[] | undefined,
  log: Logger,
): Promise<BaseBranch | undefined> {
  const pr = ctx.pullRequest;
  const { owner, repo } = ctx;
  const ref = pr?.baseSha ?? pr?.baseRef;
  if (!pr || !ref) return undefined;
  const renamed = new Map<string, string>();
  for (const f of prFiles ?? []) if (f.previousFilename) renamed.set(f.filename, f.previousFilename);
  const label = pr.baseRef ?? ref;
  if (pr.baseSha) {
    const local = await gitBaseBranch(ctx.workspace, pr.baseSha, { renames: false }).catch(() => undefined);
    if (local) {
      log.info(`Base branch ${label}: read from the checkout's git history`);
      return { ...local, label, renamed };
    }
  }
  if (!octokit || !owner || !repo) return undefined;
  return { label, readBase: (path) => readFileAtRef(octokit, { owner, repo, path, ref }), renamed };
}

/** The repository's config file (from the base branch on pull requests) merged with the inputs. */
async function loadSettings(args: {
  inputs: ReturnType<typeof readInputs>;
  ctx: GitHubContext;
  base: BaseBranch | undefined;
  changedFiles: ReadonlySet<string> | undefined;
  log: Logger;
}): Promise<{ settings: Settings; notices: string[] }> {
  const { inputs, ctx, base, changedFiles, log } = args;
  const pr = ctx.pullRequest;
  const readBase = base?.readBase;
  const loaded = await loadRepoConfig({
    path: inputs.config,
    source: configSourceFor(inputs, Boolean(pr)),
    workspace: ctx.workspace,
    ...(readBase ? { readBase } : {}),
    ...(changedFiles ? { changedFiles } : {}),
  });
  log.info(
    loaded.file
      ? `Config: ${loaded.file} (from the ${loaded.origin === 'base' ? 'base branch' : 'working tree'})`
      : `Config: no ${inputs.config}; defaults apply`,
  );
  const settings = resolveSettings(inputs, loaded.config, { isPullRequest: Boolean(pr) });
  for (const line of describeSettings(settings, loaded.file)) log.info(line);
  return { settings, notices: loaded.notices };
}

async function run(): Promise<string | undefined> {
  const inputs = readInputs((name) => core.getInput(name));
  const ctx = readGitHubContext(process.env, process.cwd());
  const log = coreLogger;
  const token = inputs.githubToken;
  const octokit =
    token && ctx.owner
      ? createOctokit({ token, baseUrl: ctx.apiUrl, userAgent: `iam-policy-gate/${VERSION}`, log })
      : undefined;

  let report: GateReport | undefined;
  try {
    const prFiles = await pullRequestFiles(ctx, octokit);
    const base = await baseBranchOf(ctx, octokit, prFiles, log);
    const { settings, notices } = await log.group('Configuration', () =>
      loadSettings({ inputs, ctx, base, changedFiles: prFiles && changedFileSet(prFiles), log }),
    );
    const changedFiles = scopeFiles({ scope: settings.scope, ctx, files: prFiles, log });
    const backends = await createBackends(settings, process.env, {
      file: inputs.cacheFile,
      workspace: ctx.workspace,
      log,
      // The workspace is the pull request's: the cache lives under runner.temp only.
      where: {
        input: "Input 'cache-file'",
        roots: [runnerTempRoot(process.env)].filter((r) => r !== undefined),
        refuseWorkspace: true,
      },
    });
    const { kind, why } = backends.analyzer.info;
    log.info(`Analyzer: ${kind}${why ? ` (${why})` : ''}`);
    report = await runPipeline({
      ...pipelineOptionsFrom(settings),
      workspace: ctx.workspace,
      ...(changedFiles ? { changedFiles } : {}),
      ...(base ? { base } : {}),
      backends,
      notices,
      log,
    });
    await publishReport({
      report,
      settings,
      ...(inputs.sarifFile ? { sarifFile: inputs.sarifFile } : {}),
      ...(prFiles ? { prFiles } : {}),
      ctx,
      octokit,
      log,
      core,
    });
    return report.verdict.result === 'fail'
      ? `IAM policy gate failed: ${report.verdict.reasons.join('; ')}`
      : undefined;
  } finally {
    await writeJobSummary({ report, ctx, core, log });
  }
}

async function main(): Promise<void> {
  let failure: string | undefined;
  try {
    failure = await run();
  } catch (err) {
    if (err instanceof ConfigurationError || err instanceof MalformedAnswerError) {
      failure = err.message;
    } else {
      core.debug(err instanceof Error ? (err.stack ?? err.message) : String(err));
      failure =
        `iam-policy-gate hit an unexpected error: ${errorMessage(err)}. ` +
        'Re-run with debug logging (ACTIONS_STEP_DEBUG) to see the stack, and report it.';
    }
  }
  if (failure) core.setFailed(failure);
}

void main();
