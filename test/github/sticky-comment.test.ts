// The sticky comment against the fake GitHub with the real Octokit: only a comment the token's own account
// wrote is the gate's (GraphQL viewer), an edit GitHub refuses falls back to a new comment, and an unchanged
// body is not sent again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveTokenIdentity, type TokenIdentity } from '../../src/github/identity';
import { GateOctokit, type GitHubClient } from '../../src/github/octokit';
import { COMMENT_MARKER, upsertStickyComment } from '../../src/github/sticky-comment';
import { renderComment } from '../../src/report/comment';
import {
  commentObject,
  type FakeGitHub,
  type GitHubUser,
  githubFaults,
  prKey,
  startFakeGitHub,
} from '../fakes/github';
import { CTX, manyFindingsReport } from '../report/sample-report';

const KEY = prKey('acme', 'infra', 7);
const TARGET = { owner: 'acme', repo: 'infra', issueNumber: 7 };
const OTHER_APP: GitHubUser = { login: 'other-gate[bot]', id: 777, type: 'Bot' };
const PERSON: GitHubUser = { login: 'octocat', id: 1, type: 'User' };
const body = (text: string) => `${COMMENT_MARKER}\n${text}`;

let gh: FakeGitHub;
let octokit: GitHubClient;
let me: TokenIdentity;

const patches = () => gh.requests.filter((r) => r.method === 'PATCH');
/** The gate's client without the throttling plugin's spacing of writes (this is not about rate limits). */
const client = (token: string): GitHubClient =>
  new GateOctokit({ auth: token, baseUrl: gh.url, throttle: { enabled: false }, retry: { enabled: false } });

beforeEach(async () => {
  gh = await startFakeGitHub({ pulls: { [KEY]: {} } });
  octokit = client('ghs_fake');
  me = await resolveTokenIdentity(octokit);
});
afterEach(async () => {
  await gh.close();
});

describe('resolveTokenIdentity', () => {
  it("is the token's account from GraphQL viewer: login and REST id", async () => {
    expect(me).toEqual({ login: 'github-actions[bot]', id: 41898282 });
    gh.state.users.ghp_person = PERSON;
    expect(await resolveTokenIdentity(client('ghp_person'))).toEqual({ login: 'octocat', id: 1 });
  });
});

describe('upsertStickyComment', () => {
  it("never edits another app's comment that carries the marker: it posts its own", async () => {
    seed([{ body: body('the other gate'), user: OTHER_APP }]);
    const result = await upsertStickyComment(octokit, TARGET, body('report'), { wanted: true, identity: me });
    expect(result.outcome).toBe('created');
    expect(patches()).toHaveLength(0);
    const comments = gh.comments('acme', 'infra', 7);
    expect(comments.map((c) => [c.user.login, c.body])).toEqual([
      ['other-gate[bot]', body('the other gate')],
      ['github-actions[bot]', body('report')],
    ]);

    // The next run finds its own comment, not the other app's.
    const again = await upsertStickyComment(octokit, TARGET, body('report v2'), {
      wanted: true,
      identity: me,
    });
    expect(again.outcome).toBe('updated');
    expect(gh.comments('acme', 'infra', 7).map((c) => c.body)).toEqual([
      body('the other gate'),
      body('report v2'),
    ]);
  });

  it("never edits a person's comment that quotes the marker", async () => {
    seed([{ body: `> quoting the gate\n> ${COMMENT_MARKER}\nwhy does this fail?`, user: PERSON }]);
    const result = await upsertStickyComment(octokit, TARGET, body('report'), { wanted: true, identity: me });
    expect(result.outcome).toBe('created');
    expect(patches()).toHaveLength(0);
    expect(gh.comments('acme', 'infra', 7)[0]?.body).toContain('why does this fail?');
    expect(gh.comments('acme', 'infra', 7)).toHaveLength(2);
  });

  it("with a person's token, edits that person's own comment and nobody else's", async () => {
    gh.state.users.ghp_person = PERSON;
    const personal = client('ghp_person');
    const identity = await resolveTokenIdentity(personal);
    seed([
      {
        body: body('a bot with the marker'),
        user: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
      },
      { body: body('first report'), user: PERSON },
    ]);
    const result = await upsertStickyComment(personal, TARGET, body('second report'), {
      wanted: true,
      identity,
    });
    expect(result.outcome).toBe('updated');
    expect(gh.comments('acme', 'infra', 7).map((c) => c.body)).toEqual([
      body('a bot with the marker'),
      body('second report'),
    ]);
  });

  it('does not send an unchanged comment again: two identical runs make one comment and no PATCH', async () => {
    const first = await upsertStickyComment(octokit, TARGET, body('same'), { wanted: true, identity: me });
    const second = await upsertStickyComment(octokit, TARGET, body('same'), { wanted: true, identity: me });
    expect([first.outcome, second.outcome]).toEqual(['created', 'unchanged']);
    expect(second.url).toBe(first.url);
    expect(patches()).toHaveLength(0);
    expect(gh.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/comments'))).toHaveLength(1);
    expect(gh.comments('acme', 'infra', 7)).toHaveLength(1);
  });

  it('falls back to a new comment when GitHub refuses the edit (403)', async () => {
    await upsertStickyComment(octokit, TARGET, body('v1'), { wanted: true, identity: me });
    gh.failNext(1, githubFaults.notAccessibleByIntegration(), 'issues.updateComment');
    const result = await upsertStickyComment(octokit, TARGET, body('v2'), { wanted: true, identity: me });
    expect(result.outcome).toBe('created');
    expect(patches()).toHaveLength(1);
    expect(gh.comments('acme', 'infra', 7).map((c) => c.body)).toEqual([body('v1'), body('v2')]);
  });

  it('GitHub takes the largest comment the default budget renders (its limit is 65,536 characters)', async () => {
    const largest = renderComment(manyFindingsReport(5000, 4000), { ...CTX, marker: COMMENT_MARKER });
    const result = await upsertStickyComment(octokit, TARGET, largest, { wanted: true, identity: me });
    expect(result.outcome).toBe('created');
    expect(gh.comments('acme', 'infra', 7)[0]?.body).toBe(largest);
  });

  it('without an identity, edits nothing and posts a new comment', async () => {
    await upsertStickyComment(octokit, TARGET, body('v1'), { wanted: true, identity: me });
    const result = await upsertStickyComment(octokit, TARGET, body('v2'), {
      wanted: true,
      identity: undefined,
    });
    expect(result.outcome).toBe('created');
    expect(patches()).toHaveLength(0);
    expect(
      await upsertStickyComment(octokit, TARGET, body('v3'), { wanted: false, identity: undefined }),
    ).toEqual({ outcome: 'skipped' });
  });
});

/** Seeds comments into the fake's state as GitHub would hold them (ids in creation order). */
function seed(comments: { body: string; user: GitHubUser }[]): void {
  const list = gh.comments('acme', 'infra', 7);
  for (const c of comments) list.push(commentObject(KEY, gh.state.nextId++, c.body, c.user, gh.url));
}
