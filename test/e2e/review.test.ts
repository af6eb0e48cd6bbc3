// Where PR authors read, through dist/index.js: inline review comments on the diff (against the fake Access
// Analyzer, IAM and GitHub). Hostile content made inert and the SARIF file are tested through run()
// in-process (test/entries/review.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { prKey } from '../fakes/github';
import { addedFilePatch } from '../fixtures/added-file-patch';
import { EMPTY_SID_AND_TYPO, PASS_ROLE_AND_TYPO as POLICY } from '../fixtures/story-policies';
import { makeWorkspace, pullRequestEvent, RUNTIMES, runAction, useFakes, type Workspace } from './harness';

// The pull request changes line 6 only; lines 5 and 7 are context.
const PATCH = `@@ -5,3 +5,3 @@
       "Action": "iam:PassRole",
-      "Resource": "arn:aws:iam::111122223333:role/deploy",
+      "Resource": "*",
       "Effect": "Allow"`;

const PR = 21;
const node = RUNTIMES[0]?.node ?? process.execPath;

describe('review comments (action e2e)', () => {
  const fakes = useFakes();
  let ws: Workspace;
  afterEach(async () => {
    await ws?.cleanup();
  });

  const run = (inputs: Record<string, string> = {}) =>
    runAction({
      node,
      ws,
      inputs: { 'github-token': 'ghs_e2e', ...inputs },
      env: fakes.env(),
      event: pullRequestEvent(PR),
    });
  const reviewComments = () =>
    (fakes.gh.state.reviews[prKey('acme', 'infra', PR)] ?? []).flatMap((r) => r.comments);

  it('comments on the changed line only, keeps the rest in the sticky comment, and never repeats itself', async () => {
    ws = await makeWorkspace({ 'iam/deploy.json': POLICY });
    fakes.gh.state.pulls[prKey('acme', 'infra', PR)] = {
      files: [{ filename: 'iam/deploy.json', patch: PATCH }],
    };
    const first = await run();
    expect(first.code, first.stdout).toBe(1);
    // PASS_ROLE_WITH_STAR_IN_RESOURCE, which stands for the simulation's iam:PassRole too (one finding per
    // risk): on the changed line, nothing on line 11.
    const comments = reviewComments();
    expect(new Set(comments.map((c) => `${c.path}:${c.line}`))).toEqual(new Set(['iam/deploy.json:6']));
    expect(comments.map((c) => c.body).join('\n')).toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE');
    const sticky = fakes.gh.comments('acme', 'infra', PR)?.[0]?.body ?? '';
    expect(sticky).toContain('INVALID_ACTION');
    expect(sticky).toMatch(/iam\/deploy\.json:11/);

    const second = await run();
    expect(second.code).toBe(1);
    expect(reviewComments()).toHaveLength(comments.length);
    expect(fakes.gh.state.reviews[prKey('acme', 'infra', PR)]).toHaveLength(1);
  });

  it('by default comments on the blocking finding only, with a suggestion, under its comment-tag', async () => {
    ws = await makeWorkspace({ 'iam/reader.json': EMPTY_SID_AND_TYPO });
    fakes.gh.state.pulls[prKey('acme', 'infra', PR)] = {
      files: [{ filename: 'iam/reader.json', status: 'added', patch: addedFilePatch(EMPTY_SID_AND_TYPO) }],
    };
    const result = await run({ analyzer: 'local', 'comment-tag': 'iam' });
    expect(result.code, result.stdout).toBe(1);
    // INVALID_ACTION fails the check; MISSING_VERSION (warning) and EMPTY_SID_VALUE (suggestion) do not.
    const comments = reviewComments();
    expect(comments.map((c) => [c.path, c.line, c.start_line])).toEqual([['iam/reader.json', 6, undefined]]);
    const [comment] = comments;
    expect(comment?.body).toContain('<code>INVALID_ACTION</code>');
    expect(comment?.body).toContain('\n```suggestion\n      "Action": "s3:GetObject",\n```\n');
    expect(comment?.body).toMatch(/<!-- iam-policy-gate:finding [0-9a-f]{32} tag="iam" -->$/);
    const sticky = fakes.gh.comments('acme', 'infra', PR) ?? [];
    expect(sticky).toHaveLength(1);
    expect(sticky[0]?.body.split('\n').at(-1)).toBe('<!-- iam-policy-gate tag="iam" -->');
    expect(sticky[0]?.body).toContain('EMPTY_SID_VALUE');
  });
});
