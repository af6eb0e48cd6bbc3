// The sticky comment against the fake GitHub with the real Octokit: only a comment the token's own account
// wrote is the gate's (GraphQL viewer), an edit GitHub refuses falls back to a new comment, and an unchanged
// body is not sent again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveTokenIdentity, type TokenIdentity } from '../../src/github/identity';
import { GateOctokit, type GitHubClient } from '../../src/github/octokit';
import { COMMENT_MARKER, stickyMarker, upsertStickyComment } from '../../src/github/sticky-comment';
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
});

describe('upsertStickyComment without the token identity (GraphQL viewer failed)', () => {
  const debugLog = () => {
    const lines: string[] = [];
    return { lines, debug: (m: string) => void lines.push(m) };
  };
  const GATE_BOT: GitHubUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };

  it('edits the newest bot comment with the marker, and says so in the debug log', async () => {
    seed([
      { body: body('an older report'), user: GATE_BOT },
      { body: body('the last report'), user: GATE_BOT },
    ]);
    const log = debugLog();
    const result = await upsertStickyComment(octokit, TARGET, body('v2'), {
      wanted: true,
      identity: undefined,
      log,
    });
    expect(result.outcome).toBe('updated');
    expect(gh.comments('acme', 'infra', 7).map((c) => c.body)).toEqual([body('an older report'), body('v2')]);
    const newest = gh.comments('acme', 'infra', 7)[1]?.id;
    expect(log.lines).toEqual([
      'Sticky comment: the token account is not known, so the newest comment with the marker written by a ' +
        `Bot (comment ${newest} by github-actions[bot]) is taken for the gate's.`,
    ]);
    expect(
      await upsertStickyComment(octokit, TARGET, body('v3'), { wanted: false, identity: undefined }),
    ).toMatchObject({ outcome: 'updated' });
  });

  it("never edits a person's comment with the marker, not even the newest", async () => {
    seed([
      { body: body('the report'), user: GATE_BOT },
      { body: `${COMMENT_MARKER}\nI pasted the gate's comment`, user: PERSON },
    ]);
    const result = await upsertStickyComment(octokit, TARGET, body('v2'), {
      wanted: true,
      identity: undefined,
    });
    expect(result.outcome).toBe('updated');
    expect(gh.comments('acme', 'infra', 7).map((c) => [c.user.login, c.body])).toEqual([
      ['github-actions[bot]', body('v2')],
      ['octocat', `${COMMENT_MARKER}\nI pasted the gate's comment`],
    ]);
  });

  it("with only a person's comment carrying the marker: a new comment, or none when not wanted", async () => {
    seed([{ body: `> ${COMMENT_MARKER}\nwhy?`, user: PERSON }]);
    const log = debugLog();
    expect(
      await upsertStickyComment(octokit, TARGET, body('clean'), { wanted: false, identity: undefined, log }),
    ).toEqual({ outcome: 'skipped' });
    expect(log.lines).toEqual([
      'Sticky comment: the token account is not known and no comment with the marker was written by a Bot.',
    ]);
    const result = await upsertStickyComment(octokit, TARGET, body('v1'), {
      wanted: true,
      identity: undefined,
    });
    expect(result.outcome).toBe('created');
    expect(patches()).toHaveLength(0);
    expect(gh.comments('acme', 'infra', 7).map((c) => c.user.login)).toEqual([
      'octocat',
      'github-actions[bot]',
    ]);
  });

  it("posts a new comment when the newest bot comment is another app's (GitHub refuses the edit)", async () => {
    seed([{ body: body('the other gate'), user: OTHER_APP }]);
    const result = await upsertStickyComment(octokit, TARGET, body('report'), {
      wanted: true,
      identity: undefined,
    });
    expect(result.outcome).toBe('created');
    expect(patches()).toHaveLength(1);
    expect(gh.comments('acme', 'infra', 7).map((c) => [c.user.login, c.body])).toEqual([
      ['other-gate[bot]', body('the other gate')],
      ['github-actions[bot]', body('report')],
    ]);
  });

  it("keeps to its comment-tag: another tag's newer bot comment is not its own", async () => {
    const app = stickyMarker('app');
    const data = stickyMarker('data');
    seed([
      { body: `app report\n${app}`, user: GATE_BOT },
      { body: `data report\n${data}`, user: GATE_BOT },
      { body: `untagged report\n${COMMENT_MARKER}`, user: GATE_BOT },
    ]);
    const result = await upsertStickyComment(octokit, TARGET, `app v2\n${app}`, {
      wanted: true,
      identity: undefined,
      marker: app,
    });
    expect(result.outcome).toBe('updated');
    expect(gh.comments('acme', 'infra', 7).map((c) => c.body)).toEqual([
      `app v2\n${app}`,
      `data report\n${data}`,
      `untagged report\n${COMMENT_MARKER}`,
    ]);
  });
});

/** Seeds comments into the fake's state as GitHub would hold them (ids in creation order). */
function seed(comments: { body: string; user: GitHubUser }[]): void {
  const list = gh.comments('acme', 'infra', 7);
  for (const c of comments) list.push(commentObject(KEY, gh.state.nextId++, c.body, c.user, gh.url));
}
