// The action's entry (DESIGN.md section 8): read inputs once, build the clients, run the pipeline, hand the
// report to the reporters. One catch; core.setFailed once, at the end, after every output is set; the job
// summary is written in `finally`.
import * as core from '@actions/core';
import { selectAnalyzer } from './analyze/select';
import { readInputs } from './config/inputs';
import { ConfigurationError } from './errors';
import { readGitHubContext } from './github/context';
import { createOctokit } from './github/octokit';
import { resolveChangedFiles } from './github/scope';
import type { Logger } from './logger';
import { runPipeline } from './pipeline';
import { publishReport, writeJobSummary } from './report/publish';
import type { GateReport } from './types';
import { VERSION } from './version';

const coreLogger: Logger = {
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  debug: (m) => core.debug(m),
  group: (name, fn) => core.group(name, fn),
};

async function run(): Promise<string | undefined> {
  const inputs = readInputs((name) => core.getInput(name));
  const ctx = readGitHubContext(process.env, process.cwd());
  const log = coreLogger;
  const octokit =
    inputs.githubToken && ctx.owner
      ? createOctokit({
          token: inputs.githubToken,
          baseUrl: ctx.apiUrl,
          userAgent: `iam-policy-gate/${VERSION}`,
          log,
        })
      : undefined;

  let report: GateReport | undefined;
  try {
    const changedFiles = await resolveChangedFiles({ inputs, ctx, octokit, log });
    const analyzer = await selectAnalyzer({
      mode: inputs.analyzer,
      ...(inputs.region ? { region: inputs.region } : {}),
      maxConcurrency: inputs.maxConcurrency,
      env: process.env,
    });
    log.info(`Analyzer: ${analyzer.info.kind}${analyzer.info.why ? ` (${analyzer.info.why})` : ''}`);
    report = await runPipeline({
      workspace: ctx.workspace,
      policies: inputs.policies,
      terraformPlans: inputs.terraformPlans,
      ...(changedFiles ? { changedFiles } : {}),
      policyTypeRules: [],
      thresholds: {
        failOn: inputs.failOn,
        ...(inputs.maxWarnings !== undefined ? { maxWarnings: inputs.maxWarnings } : {}),
      },
      analyzer,
      log,
    });
    await publishReport({ report, inputs, ctx, octokit, log, core });
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
    if (err instanceof ConfigurationError) {
      failure = err.message;
    } else {
      core.debug(err instanceof Error ? (err.stack ?? err.message) : String(err));
      failure =
        `iam-policy-gate hit an unexpected error: ${err instanceof Error ? err.message : String(err)}. ` +
        'Re-run with debug logging (ACTIONS_STEP_DEBUG) to see the stack, and report it.';
    }
  }
  if (failure) core.setFailed(failure);
}

void main();
