// scope: changed takes the pull request's changed files from the GitHub API (docs/architecture.md section 3).
import { ConfigurationError } from '../core/errors';
import type { Logger } from '../core/logger';
import { plural } from '../core/plural';
import type { PullRequestFile, Scope } from '../core/types';
import type { GitHubContext } from './context';
import type { GitHubClient } from './octokit';
import { listPullRequestFiles, PR_FILES_API_LIMIT } from './pr-files';

/** The pull request's files (every page), or undefined outside a pull request or without a token. */
export async function pullRequestFiles(
  ctx: GitHubContext,
  octokit: GitHubClient | undefined,
): Promise<PullRequestFile[] | undefined> {
  const pr = ctx.pullRequest;
  if (!pr || !ctx.owner || !ctx.repo || !octokit) return undefined;
  return listPullRequestFiles(octokit, { owner: ctx.owner, repo: ctx.repo, number: pr.number });
}

/** The files a pull request changes and still has (removed files are gone from the checkout). */
export function changedFileSet(files: readonly PullRequestFile[]): ReadonlySet<string> {
  return new Set(files.filter((f) => f.status !== 'removed').map((f) => f.filename));
}

/**
 * The set of files to analyse under scope `changed`, or undefined for all files. Outside a pull request
 * (push, schedule, CLI) the scope is all files; so is a pull request too large for the files API.
 */
export function scopeFiles(args: {
  scope: Scope;
  ctx: GitHubContext;
  files: readonly PullRequestFile[] | undefined;
  log: Logger;
}): ReadonlySet<string> | undefined {
  const { scope, ctx, files, log } = args;
  const pr = ctx.pullRequest;
  if (scope === 'all') {
    log.info('Scope: all matching files');
    return undefined;
  }
  if (!pr || !ctx.owner || !ctx.repo) {
    log.info(
      `Scope: changed, but this is a '${ctx.eventName || 'local'}' run, not a pull request: all files`,
    );
    return undefined;
  }
  if (!files) {
    throw new ConfigurationError(
      "Input 'scope' is 'changed' but 'github-token' is empty: the gate needs a token to list the pull " +
        "request's files. Leave github-token at its default, or set scope: all.",
    );
  }
  if (files.length >= PR_FILES_API_LIMIT) {
    log.warning(
      `The pull request changes ${files.length} files or more; GitHub lists at most ${PR_FILES_API_LIMIT}, ` +
        'so every matching file is analysed.',
    );
    return undefined;
  }
  const changed = changedFileSet(files);
  log.info(`Scope: changed (${plural(changed.size, 'file')} changed in #${pr.number})`);
  return changed;
}
