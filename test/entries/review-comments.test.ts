// Which findings get an inline review comment, through the action's run() in-process against the fake GitHub:
// `review-comments: blocking` (the default) comments on the findings that fail the check, `all` on every
// new finding, `none` on none; a comment sits only on a line the pull request adds.
import { describe, expect, it } from 'vitest';
import { prKey } from '../fakes/github';
import { addedFilePatch } from '../fixtures/added-file-patch';
import { EMPTY_SID_AND_TYPO as READER } from '../fixtures/story-policies';
import { pullRequestEvent, useActionRun } from './support';

const PR = 31;
const FILE = 'iam/reader.json';
describe('review-comments (action run())', () => {
  const t = useActionRun();
  const reviewComments = () =>
    (t.gh.state.reviews[prKey('acme', 'infra', PR)] ?? []).flatMap((r) => r.comments);
  const codesOf = (bodies: readonly { body: string }[]) =>
    bodies.map((c) => /<code>([A-Z_]+)<\/code>/.exec(c.body)?.[1]).sort();

  async function runWith(inputs: Record<string, string>, patch = addedFilePatch(READER)) {
    await t.ws.write(FILE, READER);
    t.gh.state.pulls[prKey('acme', 'infra', PR)] = { files: [{ filename: FILE, status: 'added', patch }] };
    const result = await t.run({
      inputs: { 'github-token': 'ghs_e2e', analyzer: 'local', ...inputs },
      event: pullRequestEvent(PR),
    });
    expect(result.code, result.transcript).toBe(1); // INVALID_ACTION is an ERROR
    return result;
  }

  it('by default comments on the blocking findings only', async () => {
    await runWith({});
    const comments = reviewComments();
    expect(codesOf(comments)).toEqual(['INVALID_ACTION']);
    expect(comments.map((c) => c.line)).toEqual([6]);
    const sticky = t.gh.comments('acme', 'infra', PR)?.[0]?.body ?? '';
    expect(sticky).toContain('EMPTY_SID_VALUE'); // the sticky comment keeps every finding
  });

  it('all: every new finding on an added line', async () => {
    await runWith({ 'review-comments': 'all' });
    expect(codesOf(reviewComments())).toEqual(['EMPTY_SID_VALUE', 'INVALID_ACTION', 'MISSING_VERSION']);
  });

  it('true is all, false is none', async () => {
    await runWith({ 'review-comments': 'true' });
    expect(codesOf(reviewComments())).toHaveLength(3);
    t.gh.state.reviews = {};
    await runWith({ 'review-comments': 'false' });
    expect(t.gh.state.reviews[prKey('acme', 'infra', PR)] ?? []).toEqual([]);
    expect(t.gh.comments('acme', 'infra', PR)?.[0]?.body).toContain('INVALID_ACTION'); // the sticky comment
  });

  it('none: no review at all', async () => {
    await runWith({ 'review-comments': 'none' });
    expect(t.gh.state.reviews[prKey('acme', 'infra', PR)] ?? []).toEqual([]);
  });

  it('never on a context line: a finding the pull request did not touch stays in the sticky comment', async () => {
    // The pull request changes line 4 only (the Sid); the typo on line 6 is context.
    const patch = [
      '@@ -3,5 +3,5 @@',
      '     {',
      '-      "Sid": "Read",',
      '+      "Sid": "",',
      '       "Effect": "Allow",',
      '       "Action": "s3:GetObjekt",',
      '       "Resource": "arn:aws:s3:::reports/*"',
    ].join('\n');
    await runWith({ 'review-comments': 'all' }, patch);
    const comments = reviewComments();
    expect(codesOf(comments)).toEqual(['EMPTY_SID_VALUE']);
    expect(comments.map((c) => c.line)).toEqual([4]);
  });

  it('a certain fix comes as a suggestion that, applied, fixes the finding', async () => {
    await runWith({});
    const [comment] = reviewComments();
    expect(comment?.line).toBe(6);
    expect(comment?.start_line).toBeUndefined();
    const m = /\n```suggestion\n(.*)\n```\n/.exec(comment?.body ?? '');
    expect(m?.[1]).toBe('      "Action": "s3:GetObject",');

    // The author applies it (GitHub replaces line 6 with the block) and pushes.
    const lines = READER.split('\n');
    lines.splice(5, 1, m?.[1] ?? '');
    const fixed = lines.join('\n');
    await t.ws.write(FILE, fixed);
    t.gh.state.pulls[prKey('acme', 'infra', PR)] = {
      files: [{ filename: FILE, status: 'added', patch: addedFilePatch(fixed) }],
    };
    const again = await t.run({
      inputs: { 'github-token': 'ghs_e2e', analyzer: 'local' },
      event: pullRequestEvent(PR),
    });
    expect(again.code, again.transcript).toBe(0); // only the warning and the suggestion are left
    expect(t.gh.comments('acme', 'infra', PR)?.[0]?.body).not.toContain('INVALID_ACTION');
    expect(reviewComments()[0]?.body).toContain('✅ Fixed');
    expect(reviewComments()[0]?.body).not.toContain('suggestion');
  });

  it('rejects another value, naming the input and the allowed values', async () => {
    await t.ws.write(FILE, READER);
    const result = await t.run({
      inputs: { 'github-token': 'ghs_e2e', analyzer: 'local', 'review-comments': 'sometimes' },
      event: pullRequestEvent(PR),
    });
    expect(result.code).toBe(1);
    expect(result.failed.join('\n')).toContain(
      "Input 'review-comments' is 'sometimes'; allowed values: blocking, all, none",
    );
    expect(result.transcript).not.toMatch(/\n\s+at /); // no stack trace
  });
});
