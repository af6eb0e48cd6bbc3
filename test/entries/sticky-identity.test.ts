// The sticky comment when GitHub does not say who the token is (GraphQL viewer refused, rate-limited or a
// 403), through the action's run() in-process with the real Octokit against the fake GitHub: a re-run edits
// the comment the first run posted (the newest one with the marker that a Bot wrote) instead of posting one
// more on every run, and a person's comment carrying the marker is never edited.
import { describe, expect, it } from 'vitest';
import { commentObject, type GitHubFault, githubFaults, prKey } from '../fakes/github';
import { PASS_ROLE, TYPO } from '../fixtures/story-policies';
import { pullRequestEvent, useActionRun } from './support';

const PR = 7;
const KEY = prKey('acme', 'infra', PR);
const MARKER = '<!-- iam-policy-gate -->';
const PERSON = { login: 'octocat', id: 1, type: 'User' as const };

describe('the sticky comment without the token identity (action run())', () => {
  const t = useActionRun();

  const seedPr = (files: string[]) => {
    t.gh.state.pulls[KEY] = { files: files.map((filename) => ({ filename, status: 'modified' })) };
  };
  const run = (inputs: Record<string, string> = {}) =>
    t.run({ inputs: { 'github-token': 'ghs_e2e', ...inputs }, event: pullRequestEvent(PR) });
  const comments = () => t.gh.comments('acme', 'infra', PR);
  const failViewer = (fault: GitHubFault) => t.gh.injectFaults({ when: (r) => r.route === 'graphql', fault });

  it.each([
    { name: 'FORBIDDEN', fault: githubFaults.graphqlForbidden() },
    { name: 'RATE_LIMIT', fault: githubFaults.graphqlRateLimit() },
    { name: '403', fault: githubFaults.notAccessibleByIntegration('https://docs.github.com/graphql') },
  ])('a re-run edits the first run comment when viewer fails ($name)', async ({ fault }) => {
    failViewer(fault);
    await t.ws.write('iam/deploy.json', PASS_ROLE);
    seedPr(['iam/deploy.json']);
    const first = await run();
    expect(first.code, first.transcript).toBe(1);
    expect(first.warnings).toContainEqual(
      expect.stringMatching(/^Could not tell which account the token writes as \(GraphQL viewer: /),
    );
    expect(comments()).toHaveLength(1);
    const posted = comments()[0]?.id;

    await t.ws.write('iam/typo.json', TYPO);
    seedPr(['iam/deploy.json', 'iam/typo.json']);
    const second = await run();
    expect(second.code, second.transcript).toBe(1);
    expect(second.info).toContainEqual(expect.stringMatching(/^Pull request comment: updated/));
    expect(second.debug).toContain(
      'Sticky comment: the token account is not known, so the newest comment with the marker written by a ' +
        `Bot (comment ${posted} by github-actions[bot]) is taken for the gate's.`,
    );
    expect(comments()).toHaveLength(1);
    expect(comments()[0]?.id).toBe(posted);
    expect(comments()[0]?.body).toContain('INVALID_ACTION');
    expect(t.gh.requests.filter((r) => r.path === '/graphql')).toHaveLength(2);
  });

  it("never edits a person's comment that carries the marker", async () => {
    failViewer(githubFaults.graphqlForbidden());
    await t.ws.write('iam/deploy.json', PASS_ROLE);
    seedPr(['iam/deploy.json']);
    const quoted = `${MARKER}\nI copied the gate's comment: why does it fail?`;
    comments().push(commentObject(KEY, t.gh.state.nextId++, quoted, PERSON, t.gh.url));

    const first = await run();
    expect(first.info).toContainEqual(expect.stringMatching(/^Pull request comment: created/));
    // The person quotes the marker again, after the gate's comment: still not the gate's.
    comments().push(commentObject(KEY, t.gh.state.nextId++, `> ${MARKER}\n+1`, PERSON, t.gh.url));
    await t.ws.write('iam/typo.json', TYPO);
    seedPr(['iam/deploy.json', 'iam/typo.json']);
    const second = await run();
    expect(second.info).toContainEqual(expect.stringMatching(/^Pull request comment: updated/));

    const all = comments();
    expect(all.map((c) => c.user.login)).toEqual(['octocat', 'github-actions[bot]', 'octocat']);
    expect(all[0]?.body).toBe(quoted);
    expect(all[2]?.body).toBe(`> ${MARKER}\n+1`);
    expect(all[1]?.body).toContain('INVALID_ACTION');
    const edited = t.gh.requests.filter((r) => r.method === 'PATCH').map((r) => r.path);
    expect(edited).toEqual([`/repos/acme/infra/issues/comments/${all[1]?.id}`]);
  });

  it('with comment-tag, each tag edits its own comment', async () => {
    failViewer(githubFaults.graphqlForbidden());
    await t.ws.write('app/iam/deploy.json', PASS_ROLE);
    await t.ws.write('data/iam/reader.json', TYPO);
    seedPr(['app/iam/deploy.json', 'data/iam/reader.json']);
    const gate = (dir: string, tag: string) =>
      run({ analyzer: 'local', policies: `${dir}/**/*.json`, 'comment-tag': tag });
    await gate('app', 'app');
    await gate('data', 'data');
    expect(comments()).toHaveLength(2);
    const ids = comments().map((c) => c.id);

    // Each gate re-runs with a change to its own report: each edits its own comment, none is added.
    await t.ws.write('app/iam/typo.json', TYPO);
    seedPr(['app/iam/deploy.json', 'app/iam/typo.json', 'data/iam/reader.json']);
    expect((await gate('app', 'app')).info).toContainEqual(
      expect.stringMatching(/^Pull request comment: updated/),
    );
    expect((await gate('data', 'data')).info).toContainEqual(
      expect.stringMatching(/^Pull request comment: unchanged/),
    );
    const after = comments();
    expect(after.map((c) => c.id)).toEqual(ids);
    expect(after[0]?.body).toMatch(/app\/iam\/typo\.json[\s\S]*<!-- iam-policy-gate tag="app" -->$/);
    expect(after[1]?.body).not.toContain('app/iam');
    expect(after[1]?.body).toMatch(/<!-- iam-policy-gate tag="data" -->$/);
  });
});
