// scope: changed takes the pull request's changed files from the GitHub API (DESIGN.md section 3).
import type { Inputs } from '../config/inputs';
import { ConfigurationError } from '../errors';
import type { Logger } from '../logger';
import type { GitHubContext } from './context';
import type { GitHubClient } from './octokit';
import { listPullRequestFiles, PR_FILES_API_LIMIT } from './pr-files';

/**
 * The set of files to analyse under scope `changed`, or undefined for all files. Outside a pull request
 * (push, schedule, CLI) the scope is all files; so is a pull request too large for the files API.
 */
export async function resolveChangedFiles(args: {
  inputs: Pick<Inputs, 'scope'>;
  ctx: GitHubContext;
  octokit: GitHubClient | undefined;
  log: Logger;
}): Promise<ReadonlySet<string> | undefined> {
  const { inputs, ctx, octokit, log } = args;
  const pr = ctx.pullRequest;
  const scope = inputs.scope ?? (pr ? 'changed' : 'all');
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
  if (!octokit) {
    throw new ConfigurationError(
      "Input 'scope' is 'changed' but 'github-token' is empty: the gate needs a token to list the pull " +
        "request's files. Leave github-token at its default, or set scope: all.",
    );
  }
  const files = await listPullRequestFiles(octokit, { owner: ctx.owner, repo: ctx.repo, number: pr.number });
  if (files.length >= PR_FILES_API_LIMIT) {
    log.warning(
      `The pull request changes ${files.length} files or more; GitHub lists at most ${PR_FILES_API_LIMIT}, ` +
        'so every matching file is analysed.',
    );
    return undefined;
  }
  const changed = new Set(files.filter((f) => f.status !== 'removed').map((f) => f.filename));
  log.info(`Scope: changed (${changed.size} files changed in #${pr.number})`);
  return changed;
}
