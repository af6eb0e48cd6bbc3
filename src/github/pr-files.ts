import type { GitHubClient } from './octokit';

/** GitHub's files API lists at most this many files of a pull request. */
export const PR_FILES_API_LIMIT = 3000;

export interface PullRequestFile {
  filename: string;
  status: string;
  patch?: string;
  previousFilename?: string;
}

/** Every file of the pull request, all pages. */
export async function listPullRequestFiles(
  octokit: GitHubClient,
  pr: { owner: string; repo: string; number: number },
): Promise<PullRequestFile[]> {
  const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
    owner: pr.owner,
    repo: pr.repo,
    pull_number: pr.number,
    per_page: 100,
  });
  return files.map((f) => ({
    filename: f.filename,
    status: f.status,
    ...(f.patch ? { patch: f.patch } : {}),
    ...(f.previous_filename ? { previousFilename: f.previous_filename } : {}),
  }));
}
