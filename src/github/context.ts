// The run's GitHub context, read once from the runner's environment and event payload.
import { readFileSync } from 'node:fs';

export interface PullRequestContext {
  number: number;
  headSha?: string;
  baseSha?: string;
  baseRef?: string;
}

export interface GitHubContext {
  eventName: string;
  owner?: string;
  repo?: string;
  apiUrl: string;
  serverUrl: string;
  runUrl?: string;
  sha?: string;
  workspace: string;
  pullRequest?: PullRequestContext;
}

function readEvent(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function field(obj: unknown, ...keys: string[]): unknown {
  let cur = obj;
  for (const key of keys) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

export function readGitHubContext(env: NodeJS.ProcessEnv, cwd: string): GitHubContext {
  const event = readEvent(env.GITHUB_EVENT_PATH);
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/$/, '');
  const ctx: GitHubContext = {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/$/, ''),
    serverUrl,
    workspace: env.GITHUB_WORKSPACE || cwd,
  };
  if (owner && repo) {
    ctx.owner = owner;
    ctx.repo = repo;
    if (env.GITHUB_RUN_ID) ctx.runUrl = `${serverUrl}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}`;
  }
  if (env.GITHUB_SHA) ctx.sha = env.GITHUB_SHA;
  const pr = field(event, 'pull_request');
  const number = field(pr, 'number');
  if (typeof number === 'number') {
    const pull: PullRequestContext = { number };
    const headSha = str(field(pr, 'head', 'sha'));
    const baseSha = str(field(pr, 'base', 'sha'));
    const baseRef = str(field(pr, 'base', 'ref'));
    if (headSha) pull.headSha = headSha;
    if (baseSha) pull.baseSha = baseSha;
    if (baseRef) pull.baseRef = baseRef;
    ctx.pullRequest = pull;
  }
  return ctx;
}
