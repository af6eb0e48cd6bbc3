// The pull request's files through the real Octokit client against the fake GitHub: a malformed answer
// fails closed instead of making scope `changed` see no files.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOctokit } from '../../src/clients/octokit';
import { MalformedAnswerError } from '../../src/core/errors';
import { silentLogger } from '../../src/core/logger';
import type { GitHubContext } from '../../src/github/context';
import { pullRequestFiles } from '../../src/github/scope';
import { type FakeGitHub, prKey, startFakeGitHub } from '../fakes/github';

let gh: FakeGitHub;
let ctx: GitHubContext;
beforeEach(async () => {
  const files = Array.from({ length: 150 }, (_, i) => ({ filename: `iam/policy-${i}.json` }));
  gh = await startFakeGitHub({ pulls: { [prKey('acme', 'infra', 7)]: { files } } });
  ctx = {
    eventName: 'pull_request',
    owner: 'acme',
    repo: 'infra',
    apiUrl: gh.url,
    serverUrl: 'https://github.com',
    workspace: '/nonexistent',
    pullRequest: { number: 7 },
  };
});
afterEach(async () => {
  await gh.close();
});

const octokit = () =>
  createOctokit({ token: 'ghs_fake', baseUrl: gh.url, userAgent: 'test', log: silentLogger });

describe('pullRequestFiles', () => {
  it('reads every page of a well-formed answer', async () => {
    const files = await pullRequestFiles(ctx, octokit());
    expect(files).toHaveLength(150);
    expect(files?.[149]).toEqual({ filename: 'iam/policy-149.json', status: 'modified' });
  });

  it.each([
    ['{}', {}, 'an object instead of a list of files'],
    ['null', null, 'null instead of a list of files'],
    ['a string', 'files', 'a string instead of a list of files'],
    ['an entry without filename', [{ status: 'added' }], 'entry 1 of the list has no "filename"'],
    ['an empty filename', [{ filename: '', status: 'added' }], 'entry 1 of the list has no "filename"'],
    ['a number for filename', [{ filename: 5, status: 'added' }], 'entry 1 of the list has no "filename"'],
    ['an entry that is null', [null], 'entry 1 of the list is null'],
    ['an entry without status', [{ filename: 'a.json' }], 'entry 1 of the list (a.json) has no "status"'],
  ])('fails closed on %s', async (_name, body, problem) => {
    gh.failNext(1, { status: 200, body }, 'pulls.listFiles');
    const listed = pullRequestFiles(ctx, octokit());
    await expect(listed).rejects.toThrow(MalformedAnswerError);
    await expect(listed).rejects.toThrow(
      `GitHub answered GET /repos/acme/infra/pulls/7/files (page 1) with ${problem}, so the gate cannot tell ` +
        'which files the pull request changes and fails closed.',
    );
  });

  it('fails closed on a malformed second page', async () => {
    gh.injectFaults({
      when: (r) => r.route === 'pulls.listFiles' && r.query.page === '2',
      fault: { status: 200, body: [{ filename: 'iam/x.json', status: 'added' }, {}] },
    });
    await expect(pullRequestFiles(ctx, octokit())).rejects.toThrow(
      '(page 2) with entry 2 of the list has no "filename"',
    );
  });
});
