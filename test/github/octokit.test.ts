// createOctokit's write spacing: the throttling plugin holds writes 1 s apart (3 s for those that notify) in
// production; `writeSpacing: false`, for tests against the fake GitHub, drops the wait but not the order.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOctokit } from '../../src/clients/octokit';
import { silentLogger } from '../../src/core/logger';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github';

let gh: FakeGitHub;
beforeAll(async () => {
  gh = await startFakeGitHub({ issueComments: { 'acme/infra#8': [{ body: 'sticky' }] } });
});
afterAll(async () => {
  await gh.close();
});

const client = (writeSpacing?: boolean) =>
  createOctokit({
    token: 'ghs_fake',
    baseUrl: gh.url,
    userAgent: 'test',
    log: silentLogger,
    ...(writeSpacing === undefined ? {} : { writeSpacing }),
  });

/** Runs three writes one after the other; the ms from the first answer to the last. */
async function threeWrites(write: (n: number) => Promise<unknown>): Promise<number> {
  await write(1);
  const start = Date.now();
  await write(2);
  await write(3);
  return Date.now() - start;
}

describe('createOctokit write spacing', () => {
  it('is on by default: edits of a comment go out at least 1 s apart', async () => {
    const octokit = client();
    const id = gh.state.issueComments['acme/infra#8']?.[0]?.id ?? 0;
    const edit = (n: number) =>
      octokit.rest.issues.updateComment({ owner: 'acme', repo: 'infra', comment_id: id, body: `e${n}` });
    // The plugin spaces the starts of writes; measured between answers, two gaps come to a bit under 2 s.
    expect(await threeWrites(edit)).toBeGreaterThanOrEqual(1_600);
    expect(gh.state.issueComments['acme/infra#8']?.[0]?.body).toBe('e3');
  }, 20_000);

  it('writeSpacing: false sends writes (even those that notify) at once, still one at a time and in order', async () => {
    const octokit = client(false);
    const post = (n: number) =>
      octokit.rest.issues.createComment({ owner: 'acme', repo: 'infra', issue_number: 9, body: `c${n}` });
    const before = gh.state.issueComments['acme/infra#9']?.length ?? 0;
    // "At once" is a bound on the waits the limiter asks for, not on the wall clock (a loaded machine
    // slows the requests themselves): with spacing on, the second and third writes each wait ~1 s.
    const waits = vi.spyOn(globalThis, 'setTimeout');
    try {
      await threeWrites(post);
      const delays = waits.mock.calls.map(([, ms]) => Number(ms ?? 0));
      expect(Math.max(0, ...delays)).toBeLessThan(100);
    } finally {
      waits.mockRestore();
    }
    const bodies = (gh.state.issueComments['acme/infra#9'] ?? []).slice(before).map((c) => c.body);
    expect(bodies).toEqual(['c1', 'c2', 'c3']);
  });
});
