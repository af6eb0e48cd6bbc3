// Several gates on one pull request (a matrix, two directories), through the action's run() in-process
// against the fake GitHub: each `comment-tag` keeps its own sticky comment and its own review comments, and
// a run never edits or resolves another tag's (nor an untagged run a tagged one's).
import { describe, expect, it } from 'vitest';
import { prKey } from '../fakes/github';
import { addedFilePatch } from '../fixtures/added-file-patch';
import { PASS_ROLE, TYPO } from '../fixtures/story-policies';
import { pullRequestEvent, useActionRun } from './support';

const PR = 41;
const KEY = prKey('acme', 'infra', PR);

describe('comment-tag (action run())', () => {
  const t = useActionRun();

  async function setUp() {
    await t.ws.write('app/iam/deploy.json', PASS_ROLE);
    await t.ws.write('data/iam/reader.json', TYPO);
    t.gh.state.pulls[KEY] = {
      files: [
        { filename: 'app/iam/deploy.json', status: 'added', patch: addedFilePatch(PASS_ROLE) },
        { filename: 'data/iam/reader.json', status: 'added', patch: addedFilePatch(TYPO) },
      ],
    };
  }
  /** One gate: the policies of one directory, under one tag (none when undefined). */
  const gate = (dir: string, tag?: string) =>
    t.run({
      inputs: {
        'github-token': 'ghs_e2e',
        analyzer: 'local',
        policies: `${dir}/**/*.json`,
        ...(tag !== undefined ? { 'comment-tag': tag } : {}),
      },
      event: pullRequestEvent(PR),
    });
  const sticky = () => t.gh.comments('acme', 'infra', PR) ?? [];
  const reviewComments = () => (t.gh.state.reviews[KEY] ?? []).flatMap((r) => r.comments);

  it('two tags keep two sticky comments and leave each other review comments alone', async () => {
    await setUp();
    expect((await gate('app', 'app')).code).toBe(1);
    expect((await gate('data', 'data')).code).toBe(1);

    const comments = sticky();
    expect(comments).toHaveLength(2);
    const app = comments.find((c) => c.body.endsWith('<!-- iam-policy-gate tag="app" -->'));
    const data = comments.find((c) => c.body.endsWith('<!-- iam-policy-gate tag="data" -->'));
    expect(app?.body).toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE');
    expect(app?.body).not.toContain('s3:GetObjekt');
    expect(data?.body).toContain('s3:GetObjekt');

    // Each gate's review comment is open, with its tag: the data gate did not read the app gate's finding
    // (not in its report) as fixed.
    const byPath = new Map(reviewComments().map((c) => [c.path, c.body]));
    expect(byPath.get('app/iam/deploy.json')).toMatch(
      /<!-- iam-policy-gate:finding [0-9a-f]{32} tag="app" -->$/,
    );
    expect(byPath.get('data/iam/reader.json')).toMatch(
      /<!-- iam-policy-gate:finding [0-9a-f]{32} tag="data" -->$/,
    );
    expect(reviewComments().some((c) => c.body.includes('Fixed'))).toBe(false);

    // Re-runs edit their own sticky comment only and post no review comment twice.
    await gate('app', 'app');
    await gate('data', 'data');
    expect(sticky()).toHaveLength(2);
    expect(reviewComments()).toHaveLength(2);
  });

  it('an untagged run keeps the old marker and never touches a tagged comment', async () => {
    await setUp();
    await gate('app', 'app');
    await gate('data'); // no tag: today's markers exactly
    const untagged = sticky().find((c) => !c.body.includes('tag="'));
    expect(untagged?.body.split('\n').at(-1)).toBe('<!-- iam-policy-gate -->');
    expect(sticky()).toHaveLength(2);
    const app = reviewComments().find((c) => c.path === 'app/iam/deploy.json');
    expect(app?.body).not.toContain('Fixed');
    expect(app?.body).toMatch(/tag="app" -->$/);
    const data = reviewComments().find((c) => c.path === 'data/iam/reader.json');
    expect(data?.body).toMatch(/<!-- iam-policy-gate:finding [0-9a-f]{32} -->$/);

    // The tagged gate, re-run, leaves the untagged gate's comments alone too.
    await gate('app', 'app');
    expect(reviewComments().find((c) => c.path === 'data/iam/reader.json')?.body).not.toContain('Fixed');
    expect(sticky()).toHaveLength(2);
  });

  it('rejects a tag that could break the marker, naming the input', async () => {
    await setUp();
    const result = await gate('app', 'a" --><img src=x>');
    expect(result.code).toBe(1);
    expect(result.failed.join('\n')).toContain("Input 'comment-tag' is");
    expect(result.failed.join('\n')).toContain("it must be 1 to 64 letters, digits, '.', '_' or '-'");
    expect(sticky()).toEqual([]);
  });
});
