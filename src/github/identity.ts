// Who the token writes as, so that the gate edits only comments it wrote itself: "a Bot comment with the
// marker" also matches another app's comment (editing it is a 403 and the report is lost) and any bot that
// quotes the marker. Found once per run with GraphQL `viewer { login databaseId }`, which answers every kind
// of token: REST `GET /user` is a 403 for installation tokens (GITHUB_TOKEN, GitHub Apps) and `GET /app`
// needs the app's JWT. `viewer` is a User: its login is the REST login (`github-actions[bot]`) and its
// databaseId the REST `user.id`, the stable key compared first.
import type { GitHubClient } from './octokit';

export interface TokenIdentity {
  login: string;
  /** The account's numeric id (REST `user.id`); compared when both sides have it. */
  id?: number;
}

interface ViewerAnswer {
  viewer?: { login?: unknown; databaseId?: unknown } | null;
}

/** The token's account. Throws when GitHub does not say (the caller decides what not to edit then). */
export async function resolveTokenIdentity(octokit: GitHubClient): Promise<TokenIdentity> {
  const answer = await octokit.graphql<ViewerAnswer>('query { viewer { login databaseId } }');
  const login = answer?.viewer?.login;
  const id = answer?.viewer?.databaseId;
  if (typeof login !== 'string' || login === '') {
    throw new Error('GitHub answered the GraphQL viewer query without a login');
  }
  return Number.isSafeInteger(id) ? { login, id: id as number } : { login };
}

/** A comment author as REST gives it. */
export interface CommentAuthor {
  login?: string | undefined;
  id?: number | bigint | undefined;
  type?: string | undefined;
}

/**
 * The comment was written by the token's own account: same id when both are known, else the same login (an
 * app's login may come without its `[bot]` suffix, as GraphQL spells Bot logins; then the author must be a Bot).
 */
export function isWrittenBy(author: CommentAuthor | null | undefined, identity: TokenIdentity): boolean {
  if (!author) return false;
  if (identity.id !== undefined && author.id !== undefined) return Number(author.id) === identity.id;
  const login = author.login ?? '';
  return login === identity.login || (author.type === 'Bot' && login === `${identity.login}[bot]`);
}

/**
 * The author is a GitHub App's bot account (`github-actions[bot]` for GITHUB_TOKEN). Only an app's
 * installation token writes as a Bot, so no person can post a comment that GitHub shows with this author:
 * what the sticky comment falls back on when the token's own account is not known.
 */
export function isBotAuthor(author: CommentAuthor | null | undefined): boolean {
  return author?.type === 'Bot';
}
