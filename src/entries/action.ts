// The action's entry (docs/architecture.md section 8): read inputs once, build the clients, run the pipeline, hand the
// report to the reporters. One catch; core.setFailed once, at the end, after every output is set; the job
// summary is written in `finally`. run() takes everything it touches outside the workspace as a parameter
// (inputs, context, environment, clients, log, the runner's sink); launchAction() wires the runner's own.
import * as actionsCore from '@actions/core';
import { createBackends } from '../analyze';
import { type Clients, defaultClients } from '../clients';
import { configSourceFor, readInputs } from '../config/inputs';
import { loadSettings } from '../config/load-settings';
import { ConfigurationError, errorMessage, MalformedAnswerError } from '../core/errors';
import { inGitHubActions } from '../core/log-line';
import { type Logger, safeLogger } from '../core/logger';
import { runnerTempRoot } from '../core/safe-write';
import type { BaseBranch, GateReport, PullRequestFile } from '../core/types';
import { VERSION } from '../core/version';
import { gitBaseBranch } from '../discover';
import { readFileAtRef } from '../github/contents';
import { type GitHubContext, readGitHubContext } from '../github/context';
import type { GitHubClient } from '../github/octokit';
import { changedFileSet, pullRequestFiles, scopeFiles } from '../github/scope';
import { pipelineOptionsFrom, runPipeline } from '../pipeline';
import { type PublishCore, publishReport, writeJobSummary } from '../publish/publish';
import type { PollBackoff } from '../usage';

/** The runner's side of a run: the reports' sink (publish.ts), the failure, and the raw debug log. */
export interface ActionCore extends PublishCore {
  setFailed(message: string): void;
  debug(message: string): void;
}

export interface ActionDeps {
  /** One input by name, as the runner gives it (core.getInput). */
  getInput(name: string): string;
  ctx: GitHubContext;
  env: NodeJS.ProcessEnv;
  clients: Clients;
  log: Logger;
  core: ActionCore;
  /** The usage stage's poll backoff of IAM's jobs (default: the services' pace). */
  pollMs?: PollBackoff;
}

/** The action's log on the runner: core.info writes its text raw, so every line goes through safeLogger. */
function runnerLogger(env: NodeJS.ProcessEnv): Logger {
  return safeLogger(
    {
      info: (m) => actionsCore.info(m),
      warning: (m) => actionsCore.warning(m),
      debug: (m) => actionsCore.debug(m),
      group: (name, fn) => actionsCore.group(name, fn),
    },
    inGitHubActions(env),
  );
}

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

/** One run of the gate; the failure message when the check fails, undefined when it passes. */
async function gate(deps: ActionDeps): Promise<string | undefined> {
  const { ctx, env, clients, log, core } = deps;
  const inputs = readInputs(deps.getInput);
  const token = inputs.githubToken;
  const octokit =
    token && ctx.owner
      ? clients.github({ token, baseUrl: ctx.apiUrl, userAgent: `iam-policy-gate/${VERSION}`, log })
      : undefined;

  let report: GateReport | undefined;
  try {
    const prFiles = await pullRequestFiles(ctx, octokit);
    const base = await baseBranchOf(ctx, octokit, prFiles, log);
    const pr = ctx.pullRequest;
    const changed = prFiles && changedFileSet(prFiles);
    const { settings, notices } = await log.group('Configuration', () =>
      loadSettings({
        inputs,
        source: configSourceFor(inputs, Boolean(pr)),
        workspace: ctx.workspace,
        ...(base?.readBase ? { readBase: base.readBase } : {}),
        ...(changed ? { changedFiles: changed } : {}),
        isPullRequest: Boolean(pr),
        log,
      }),
    );
    const changedFiles = scopeFiles({ scope: settings.scope, ctx, files: prFiles, log });
    const backends = await createBackends(settings, env, clients, {
      file: inputs.cacheFile,
      workspace: ctx.workspace,
      log,
      // The workspace is the pull request's: the cache lives under runner.temp only.
      where: {
        input: "Input 'cache-file'",
        roots: [runnerTempRoot(env)].filter((r) => r !== undefined),
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
      ...(deps.pollMs ? { usagePollMs: deps.pollMs } : {}),
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
      env,
    });
    return report.verdict.result === 'fail'
      ? `IAM policy gate failed: ${report.verdict.reasons.join('; ')}`
      : undefined;
  } finally {
    await writeJobSummary({ report, ctx, core, log, env });
  }
}

/** Runs the gate and ends the step: core.setFailed with the reason when the check fails. Never throws. */
export async function run(deps: ActionDeps): Promise<void> {
  const { core } = deps;
  let failure: string | undefined;
  try {
    failure = await gate(deps);
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

/** The action on a runner: its inputs, event, environment, the real clients and @actions/core. */
export function launchAction(): Promise<void> {
  const env = process.env;
  return run({
    getInput: (name) => actionsCore.getInput(name),
    ctx: readGitHubContext(env, process.cwd()),
    env,
    clients: defaultClients(env),
    log: runnerLogger(env),
    core: actionsCore,
  });
}
