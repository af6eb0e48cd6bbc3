// State of the fake GitHub (plain data that tests seed and inspect) and the REST objects built from it.
import { createHash } from 'node:crypto';

export interface GitHubUser {
  login: string;
  id: number;
  type: 'Bot' | 'User';
}

export const ACTIONS_BOT: GitHubUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };

/** A changed file of a pull request as seeded; missing counts are computed from the patch. */
export interface PullFileSeed {
  filename: string;
  status?: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  /** Unified diff hunks, as GitHub returns them (absent for binary or very large diffs). */
  patch?: string;
  previous_filename?: string;
  additions?: number;
  deletions?: number;
  sha?: string;
}

export interface PullSeed {
  files?: PullFileSeed[];
  title?: string;
  headSha?: string;
  headRef?: string;
  /** owner/repo of the head branch; differs from the base repository for a fork PR. */
  headRepo?: string;
  baseRef?: string;
  baseSha?: string;
}

export interface IssueComment {
  id: number;
  node_id: string;
  url: string;
  html_url: string;
  issue_url: string;
  body: string;
  user: GitHubUser;
  created_at: string;
  updated_at: string;
  author_association: string;
}

export interface ReviewComment {
  id: number;
  pull_request_review_id: number;
  path: string;
  line: number;
  side: 'LEFT' | 'RIGHT';
  start_line?: number;
  start_side?: 'LEFT' | 'RIGHT';
  body: string;
  user: GitHubUser;
  commit_id: string;
  created_at: string;
  updated_at: string;
  html_url: string;
}

export interface Review {
  id: number;
  body: string;
  state: 'COMMENTED' | 'APPROVED' | 'CHANGES_REQUESTED' | 'PENDING';
  event?: string;
  commit_id: string;
  user: GitHubUser;
  comments: ReviewComment[];
}

export interface FakeGitHubState {
  /** Key `owner/repo#number`. */
  pulls: Record<string, PullSeed>;
  /** Key `owner/repo#number`: comments of the issue or pull request, oldest first. */
  issueComments: Record<string, IssueComment[]>;
  /** Key `owner/repo#number`: reviews created through the API. */
  reviews: Record<string, Review[]>;
  /** `owner/repo` -> ref (branch, tag or sha) -> path -> file text. */
  contents: Record<string, Record<string, Record<string, string>>>;
  defaultBranch: string;
  /** Token -> the user it authenticates as (any other token: github-actions[bot]). */
  users: Record<string, GitHubUser>;
  /** Tokens answered with 401 Bad credentials. */
  badTokens: string[];
  nextId: number;
}

/** What a test may seed: comments need only a body (and a user, default github-actions[bot]). */
export interface FakeGitHubSeed extends Partial<Omit<FakeGitHubState, 'issueComments'>> {
  issueComments?: Record<string, (Partial<IssueComment> & { body: string })[]>;
}

export const prKey = (owner: string, repo: string, number: number | string): string =>
  `${owner}/${repo}#${number}`;

export const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

export const fakeSha = (text: string): string => createHash('sha1').update(text).digest('hex');

export const gitBlobSha = (text: string): string =>
  createHash('sha1')
    .update(`blob ${Buffer.byteLength(text)}\0`)
    .update(text)
    .digest('hex');

export function userObject(user: GitHubUser): Record<string, unknown> {
  const html =
    user.type === 'Bot'
      ? `https://github.com/apps/${user.login.replace(/\[bot\]$/, '')}`
      : `https://github.com/${user.login}`;
  return {
    login: user.login,
    id: user.id,
    node_id: Buffer.from(`04:User${user.id}`).toString('base64'),
    avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    url: `https://api.github.com/users/${encodeURIComponent(user.login)}`,
    html_url: html,
    type: user.type,
    site_admin: false,
  };
}

export function normalizeSeed(seed: FakeGitHubSeed, apiUrl: string): FakeGitHubState {
  const state: FakeGitHubState = {
    pulls: seed.pulls ?? {},
    issueComments: {},
    reviews: seed.reviews ?? {},
    contents: seed.contents ?? {},
    defaultBranch: seed.defaultBranch ?? 'main',
    users: seed.users ?? {},
    badTokens: seed.badTokens ?? [],
    nextId: seed.nextId ?? 1000,
  };
  for (const [key, comments] of Object.entries(seed.issueComments ?? {})) {
    state.issueComments[key] = comments.map((c) => {
      const id = c.id ?? state.nextId++;
      return { ...commentObject(key, id, c.body, c.user ?? ACTIONS_BOT, apiUrl), ...c, id };
    });
  }
  return state;
}

export function commentObject(
  key: string,
  id: number,
  body: string,
  user: GitHubUser,
  apiUrl: string,
): IssueComment {
  const [repo = '', number = ''] = key.split('#');
  const time = now();
  return {
    id,
    node_id: Buffer.from(`012:IssueComment${id}`).toString('base64'),
    url: `${apiUrl}/repos/${repo}/issues/comments/${id}`,
    html_url: `https://github.com/${repo}/pull/${number}#issuecomment-${id}`,
    issue_url: `${apiUrl}/repos/${repo}/issues/${number}`,
    body,
    user,
    created_at: time,
    updated_at: time,
    author_association: user.type === 'Bot' ? 'NONE' : 'MEMBER',
  };
}

export function renderComment(comment: IssueComment): Record<string, unknown> {
  return {
    ...comment,
    user: userObject(comment.user),
    performed_via_github_app: null,
    reactions: { url: `${comment.url}/reactions`, total_count: 0, '+1': 0, '-1': 0 },
  };
}

export function pullFileObject(
  repo: string,
  headSha: string,
  file: PullFileSeed,
  apiUrl: string,
): Record<string, unknown> {
  const lines = (file.patch ?? '').split('\n');
  const additions = file.additions ?? lines.filter((l) => l.startsWith('+')).length;
  const deletions = file.deletions ?? lines.filter((l) => l.startsWith('-')).length;
  const path = file.filename.split('/').map(encodeURIComponent).join('/');
  return {
    sha: file.sha ?? fakeSha(`${headSha}:${file.filename}`),
    filename: file.filename,
    status: file.status ?? 'modified',
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: `https://github.com/${repo}/blob/${headSha}/${path}`,
    raw_url: `https://github.com/${repo}/raw/${headSha}/${path}`,
    contents_url: `${apiUrl}/repos/${repo}/contents/${path}?ref=${headSha}`,
    ...(file.patch !== undefined ? { patch: file.patch } : {}),
    ...(file.previous_filename !== undefined ? { previous_filename: file.previous_filename } : {}),
  };
}

/** Lines a review comment may anchor to, per side, from a file's patch (GitHub answers 422 otherwise). */
export function diffLines(patch: string | undefined): { LEFT: Set<number>; RIGHT: Set<number> } {
  const sides = { LEFT: new Set<number>(), RIGHT: new Set<number>() };
  let oldLine = 0;
  let newLine = 0;
  for (const line of (patch ?? '').split('\n')) {
    const hunk = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (hunk) {
      oldLine = Number(hunk[1]);
      newLine = Number(hunk[2]);
    } else if (line.startsWith('+')) {
      sides.RIGHT.add(newLine++);
    } else if (line.startsWith('-')) {
      sides.LEFT.add(oldLine++);
    } else if (line.startsWith(' ')) {
      sides.LEFT.add(oldLine++);
      sides.RIGHT.add(newLine++);
    }
  }
  return sides;
}
