import { MalformedAnswerError } from '../core/errors';
import type { PullRequestFile } from '../core/types';
import type { GitHubClient } from './octokit';

/** GitHub's files API lists at most this many files of a pull request. */
export const PR_FILES_API_LIMIT = 3000;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** What is wrong with one page of the files API's answer, or undefined when it is a list of files. */
function problemOf(data: unknown): string | undefined {
  if (!Array.isArray(data)) return `${describe(data)} instead of a list of files`;
  for (const [i, entry] of data.entries()) {
    const at = `entry ${i + 1} of the list`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      return `${at} is ${describe(entry)}`;
    const f = entry as Record<string, unknown>;
    if (typeof f.filename !== 'string' || f.filename === '') return `${at} has no "filename"`;
    if (typeof f.status !== 'string') return `${at} (${f.filename}) has no "status"`;
    for (const key of ['patch', 'previous_filename']) {
      if (f[key] !== undefined && f[key] !== null && typeof f[key] !== 'string') {
        return `${at} (${f.filename}) has a "${key}" that is ${describe(f[key])}, not text`;
      }
    }
  }
  return undefined;
}

/**
 * Every file of the pull request, all pages. Each page is checked as it arrives: an answer that is not a
 * list of files with names (`{}`, `null`, entries without `filename`, from a proxy or an outage) would make
 * scope `changed` see no files and pass, so it fails the run instead (MalformedAnswerError).
 */
export async function listPullRequestFiles(
  octokit: GitHubClient,
  pr: { owner: string; repo: string; number: number },
): Promise<PullRequestFile[]> {
  const list = octokit.rest.pulls.listFiles;
  let page = 0;
  // paginate calls this for every page; it must see the raw answer (paginate turns `null` into []).
  const checkedList = Object.assign(
    async (...args: Parameters<typeof list>) => {
      const response = await list(...args);
      page += 1;
      const problem = problemOf(response.data as unknown);
      if (problem !== undefined) {
        throw new MalformedAnswerError(
          `GitHub answered GET /repos/${pr.owner}/${pr.repo}/pulls/${pr.number}/files (page ${page}) with ` +
            `${problem}, so the gate cannot tell which files the pull request changes and fails closed. ` +
            'Re-run the job; if it keeps happening, set scope: all to analyse every file.',
        );
      }
      return response;
    },
    { endpoint: list.endpoint },
  ) as unknown as typeof list;
  const files = await octokit.paginate(checkedList, {
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
