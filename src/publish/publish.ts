// The action's reporting edge: outputs, annotations, the sticky PR comment and the job summary.
// A reporting failure (a read-only token on a fork PR) is a warning naming the permission; it never
// masks the verdict.
import { join } from 'node:path';
import { errorMessage } from '../core/errors';
import type { Logger } from '../core/logger';
import { actionWriteRoots, runnerTempRoot, writeFileSafely } from '../core/safe-write';
import type { CommentMode, GateReport, PullRequestFile, ReviewCommentsMode } from '../core/types';
import { VERSION } from '../core/version';
import type { GitHubContext } from '../github/context';
import { isWriteRefused, statusOf } from '../github/errors';
import { resolveTokenIdentity, type TokenIdentity } from '../github/identity';
import type { GitHubClient } from '../github/octokit';
import { stickyMarker, upsertStickyComment } from '../github/sticky-comment';
import { type AnnotationSink, emitAnnotations, toAnnotations } from '../report/annotations';
import { renderComment } from '../report/comment';
import type { RenderContext } from '../report/context';
import { renderJsonReport } from '../report/json';
import { planReview, type ReviewSelectionMode } from '../report/review';
import { renderSarif } from '../report/sarif';
import { renderSummary } from '../report/summary';
import { publishReview } from './review';

/**
 * What the reports are written to on a runner: outputs, annotations and the job summary. @actions/core is
 * one; the entry passes it in (a caller may pass any other).
 */
export interface PublishCore extends AnnotationSink {
  setOutput(name: string, value: unknown): void;
  summary: { addRaw(text: string): { write(): Promise<unknown> } };
}

/** `tag`: the `comment-tag` setting, which picks the sticky comment's marker. */
export function renderContext(ctx: GitHubContext, tag?: string): RenderContext {
  const headSha = ctx.pullRequest?.headSha ?? ctx.sha;
  return {
    marker: stickyMarker(tag),
    ...(ctx.owner && ctx.repo ? { repoUrl: `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}` } : {}),
    ...(headSha ? { headSha } : {}),
    ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}),
  };
}

/** The JSON report, under runner.temp (in the workspace's `.iam-policy-gate/` off a runner). */
function writeJsonReport(report: GateReport, env: NodeJS.ProcessEnv, workspace: string): Promise<string> {
  const dir = runnerTempRoot(env)?.dir ?? join(workspace, '.iam-policy-gate');
  return writeFileSafely(
    { input: "The JSON report (output 'report-json')", path: join(dir, 'iam-policy-gate-report.json') },
    workspace,
    actionWriteRoots(env, workspace),
    `${JSON.stringify(renderJsonReport(report, { version: VERSION }), null, 2)}\n`,
  );
}

function describeGitHubError(err: unknown): string {
  const status = statusOf(err);
  if (isWriteRefused(err)) {
    return (
      `GitHub answered ${status}: the token cannot write pull request comments. Grant 'pull-requests: write' ` +
      "in the workflow's permissions; pull requests from forks get a read-only token, so there the report " +
      'is in the annotations and the job summary only.'
    );
  }
  return errorMessage(err);
}

/** `sarif-file`, relative to the workspace; in the workspace or under runner.temp, through no link. */
function writeSarif(
  report: GateReport,
  path: string,
  ctx: GitHubContext,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const repo = env.GITHUB_ACTION_REPOSITORY;
  const informationUri = repo ? `${ctx.serverUrl}/${repo}` : undefined;
  const log = renderSarif(report, { version: VERSION, ...(informationUri ? { informationUri } : {}) });
  return writeFileSafely(
    { input: "Input 'sarif-file'", path },
    ctx.workspace,
    actionWriteRoots(env, ctx.workspace),
    `${JSON.stringify(log, null, 2)}\n`,
  );
}

/** Inline review comments on the diff; false when the token may not write (said once, here). */
async function publishInlineReview(
  report: GateReport,
  pr: { owner: string; repo: string; number: number; headSha: string },
  files: readonly PullRequestFile[],
  /** Which findings get a comment, and the `comment-tag` its markers carry. */
  review: { mode: ReviewSelectionMode; tag: string | undefined },
  octokit: GitHubClient,
  log: Logger,
  identity: TokenIdentity | undefined,
): Promise<boolean> {
  if (!identity) {
    // Without knowing its own comments the gate would post every comment again on each run.
    log.warning('No review comments this run (see above); the findings are in the pull request comment.');
    return true;
  }
  try {
    const plan = planReview(report, [...files], { headSha: pr.headSha, ...review });
    const result = await publishReview(octokit, pr, plan, log, identity);
    log.info(
      `Review comments: ${result.posted} posted, ${result.skippedExisting} already there, ` +
        `${result.resolved} marked fixed, ${plan.offDiff.length} off the diff (in the PR comment only)`,
    );
    if (result.fallback === 'unprocessable') {
      log.warning('GitHub refused the review comments (422); the findings are in the pull request comment.');
    }
    return result.fallback !== 'forbidden';
  } catch (err) {
    log.warning(`Could not write the review comments. ${describeGitHubError(err)}`);
    return !isWriteRefused(err);
  }
}

/**
 * The token's account, found once for the sticky comment and the review (identity.ts); undefined, with a
 * warning, when GitHub does not say: then no review comment is written, and the sticky comment is the
 * newest one with the marker that a Bot wrote (sticky-comment.ts findStickyComment).
 */
async function identityOf(octokit: GitHubClient, log: Logger): Promise<TokenIdentity | undefined> {
  try {
    const identity = await resolveTokenIdentity(octokit);
    log.info(`GitHub: writing as ${identity.login}`);
    return identity;
  } catch (err) {
    // Octokit's GraphQL errors span lines: one log line, so nothing in GitHub's text starts a line.
    const why = errorMessage(err).replace(/\s+/g, ' ');
    log.warning(
      `Could not tell which account the token writes as (GraphQL viewer: ${why}). ` +
        'It edits the newest pull request comment with its marker that a bot wrote (none of a person), ' +
        'and writes no review comments this run.',
    );
    return undefined;
  }
}

interface PublishArgs {
  report: GateReport;
  /** The settings `comment`, `review-comments` and `comment-tag`. */
  settings: { comment: CommentMode; reviewComments: ReviewCommentsMode; commentTag?: string };
  sarifFile?: string;
  prFiles?: readonly PullRequestFile[];
  ctx: GitHubContext;
  octokit: GitHubClient | undefined;
  log: Logger;
  core: PublishCore;
  /** The runner's environment: where report files may be written (runner.temp), the action's repository. */
  env: NodeJS.ProcessEnv;
}

/**
 * Outputs, report files, annotations, then the pull request. A report file the gate refuses to write (a
 * link the pull request committed) fails the run, but only after the annotations and the comment are out.
 */
export async function publishReport(args: PublishArgs): Promise<void> {
  const { report, ctx, core, env } = args;
  const { counts } = report.verdict;
  core.setOutput('result', report.verdict.result);
  core.setOutput('errors', counts.ERROR);
  core.setOutput('security-warnings', counts.SECURITY_WARNING);
  core.setOutput('warnings', counts.WARNING);
  core.setOutput('suggestions', counts.SUGGESTION);
  let refused: unknown;
  try {
    core.setOutput('report-json', await writeJsonReport(report, env, ctx.workspace));
    if (args.sarifFile) core.setOutput('sarif', await writeSarif(report, args.sarifFile, ctx, env));
  } catch (err) {
    refused = err;
  }
  emitAnnotations(toAnnotations(report), core);
  await publishToPullRequest(args);
  if (refused !== undefined) throw refused;
}

async function publishToPullRequest(args: PublishArgs): Promise<void> {
  const { report, settings, ctx, octokit, log } = args;
  const pr = ctx.pullRequest;
  if (!pr || !ctx.owner || !ctx.repo) return;
  if (!octokit) {
    log.warning("No github-token: no pull request comment. Leave 'github-token' at its default.");
    return;
  }
  const reviewMode = settings.reviewComments;
  if (reviewMode === 'none' && settings.comment === 'never') return;
  const identity = await identityOf(octokit, log);
  const headSha = pr.headSha ?? ctx.sha;
  if (reviewMode !== 'none' && args.prFiles && headSha) {
    const target = { owner: ctx.owner, repo: ctx.repo, number: pr.number, headSha };
    const review = { mode: reviewMode, tag: settings.commentTag };
    const canWrite = await publishInlineReview(report, target, args.prFiles, review, octokit, log, identity);
    if (!canWrite) return; // the warning named the missing permission; the comment would fail the same way
  }
  if (settings.comment === 'never') return;
  const wanted = settings.comment === 'always' || report.findings.some((f) => !f.suppressed);
  try {
    const context = renderContext(ctx, settings.commentTag);
    const body = renderComment(report, context);
    const { outcome, url } = await upsertStickyComment(
      octokit,
      { owner: ctx.owner, repo: ctx.repo, issueNumber: pr.number },
      body,
      { wanted, identity, marker: context.marker, log },
    );
    log.info(`Pull request comment: ${outcome}${url ? ` (${url})` : ''}`);
  } catch (err) {
    log.warning(`Could not write the pull request comment. ${describeGitHubError(err)}`);
  }
}

export async function writeJobSummary(args: {
  report: GateReport | undefined;
  ctx: GitHubContext;
  core: PublishCore;
  log: Logger;
  env: NodeJS.ProcessEnv;
}): Promise<void> {
  const { report, ctx, core, log } = args;
  if (!args.env.GITHUB_STEP_SUMMARY) return;
  try {
    const body = report
      ? renderSummary(report, renderContext(ctx))
      : '### ⚠️ IAM policy gate did not complete\n\nThe run stopped before a verdict; the step log says why.\n';
    await core.summary.addRaw(body).write();
  } catch (err) {
    log.warning(`Could not write the job summary: ${errorMessage(err)}`);
  }
}
