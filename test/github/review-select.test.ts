import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/types';
import { type ExistingReviewComment, selectReviewComments } from '../../src/publish/review';
import {
  findingFingerprint,
  MAX_REVIEW_COMMENTS,
  parseFindingMarker,
  planReview,
  type ReviewPlan,
  renderResolvedComment,
} from '../../src/report/review';
import { CTX, failReport, makeReport, PASS_ROLE, target } from '../report/sample-report';

const HEAD = CTX.headSha;
const wholeFile = (lines: number) =>
  `@@ -0,0 +1,${lines} @@\n${Array.from({ length: lines }, (_, i) => `+line ${i + 1}`).join('\n')}`;

function manyOnDiff(n: number): ReviewPlan {
  const findings: Finding[] = Array.from({ length: n }, (_, i) => ({
    ...PASS_ROLE,
    message: `finding ${i}`,
    location: { file: 'iam/deploy.json', startLine: i + 1, endLine: i + 1 },
  }));
  const report = makeReport({ targets: [target('iam/deploy.json')], findings });
  return planReview(report, [{ filename: 'iam/deploy.json', status: 'added', patch: wholeFile(n) }], {
    headSha: HEAD,
    mode: 'all',
  });
}

const ours = { ours: true } as const;
const asExisting = (plan: ReviewPlan, ids = 1): ExistingReviewComment[] =>
  plan.comments.map((c, i) => ({ id: ids + i, path: c.path, line: c.line, body: c.body, ...ours }));

describe('selectReviewComments', () => {
  it(`posts at most ${MAX_REVIEW_COMMENTS} comments, most severe first, and counts the rest`, () => {
    const plan = manyOnDiff(150);
    expect(plan.comments).toHaveLength(150);
    const selection = selectReviewComments(plan, []);
    expect(selection.post).toHaveLength(MAX_REVIEW_COMMENTS);
    expect(selection.overflow).toBe(50);
    expect(selection.post[0]).toBe(plan.comments[0]);
    expect(selection.resolve).toEqual([]);
  });

  it('skips comments the gate already left on the same line, then fills up to the cap', () => {
    const plan = manyOnDiff(150);
    const existing = asExisting({ ...plan, comments: plan.comments.slice(0, 100) });
    const selection = selectReviewComments(plan, existing);
    expect(selection.skippedExisting).toBe(100);
    expect(selection.post).toEqual(plan.comments.slice(100));
    expect(selection.overflow).toBe(0);
  });

  it("ignores a human's comment that quotes the marker, and re-posts on an outdated line", () => {
    const plan = planReview(
      failReport(),
      [{ filename: 'iam/deploy.json', status: 'modified', patch: wholeFile(9) }],
      {
        headSha: HEAD,
        mode: 'all',
      },
    );
    const [mine] = asExisting(plan);
    const human = { ...mine!, ours: false };
    expect(selectReviewComments(plan, [human]).post).toHaveLength(1);
    expect(selectReviewComments(plan, [{ ...mine!, line: null }]).post).toHaveLength(1);
    expect(selectReviewComments(plan, [mine!]).post).toHaveLength(0);
  });

  it('resolves the comments of findings that are gone, once', () => {
    const before = manyOnDiff(3);
    const existing = asExisting(before);
    const after = manyOnDiff(2); // finding 2 is fixed
    const selection = selectReviewComments(after, existing);
    expect(selection.post).toEqual([]);
    expect(selection.skippedExisting).toBe(2);
    expect(selection.resolve).toEqual([
      { id: 3, kind: 'fixed', body: expect.stringContaining('✅ Fixed in') },
    ]);

    const edited = existing.map((c) => (c.id === 3 ? { ...c, body: selection.resolve[0]!.body } : c));
    expect(selectReviewComments(after, edited).resolve).toEqual([]);
    // The finding comes back: a fresh comment, the struck one stays as it is.
    const again = selectReviewComments(before, edited);
    expect(again.post.map((c) => c.line)).toEqual([3]);
    expect(again.resolve).toEqual([]);
  });

  it('says "suppressed" when an ignore rule took the finding, and leaves files that failed analysis alone', () => {
    const before = manyOnDiff(1);
    const [old] = asExisting(before);
    const f = PASS_ROLE;
    const suppressed = makeReport({
      targets: [target('iam/deploy.json')],
      findings: [
        {
          ...f,
          message: 'finding 0',
          location: { file: 'iam/deploy.json', startLine: 1, endLine: 1 },
          suppressed: { reason: 'accepted risk', rule: 'ignore[0]' },
        },
      ],
    });
    const plan = planReview(suppressed, [], { headSha: HEAD, mode: 'all' });
    expect(selectReviewComments(plan, [old!]).resolve).toEqual([
      {
        id: 1,
        kind: 'suppressed',
        body: expect.stringContaining('Suppressed in 0123456789ab by an ignore rule: accepted risk'),
      },
    ]);

    const failed = makeReport({
      targets: [target('iam/deploy.json')],
      findings: [
        {
          target: 'iam/deploy.json',
          severity: 'ERROR',
          code: 'ANALYSIS_FAILED',
          message: 'AccessDenied',
          analyzer: 'gate',
        },
      ],
    });
    expect(
      selectReviewComments(planReview(failed, [], { headSha: HEAD, mode: 'all' }), [old!]).resolve,
    ).toEqual([]);
  });

  it('marks a comment whose finding moved to another line, pointing to the new one', () => {
    const before = manyOnDiff(1);
    const [old] = asExisting(before);
    const moved = makeReport({
      targets: [target('iam/deploy.json')],
      findings: [
        {
          ...PASS_ROLE,
          message: 'finding 0',
          location: { file: 'iam/deploy.json', startLine: 5, endLine: 5 },
        },
      ],
    });
    const plan = planReview(moved, [{ filename: 'iam/deploy.json', status: 'added', patch: wholeFile(9) }], {
      headSha: HEAD,
      mode: 'all',
    });
    const selection = selectReviewComments(plan, [old!]);
    expect(selection.post.map((c) => c.line)).toEqual([5]);
    expect(selection.resolve).toEqual([
      {
        id: 1,
        kind: 'moved',
        body: expect.stringContaining('now commented on <code>iam/deploy.json:5</code>'),
      },
    ]);
    expect(parseFindingMarker(selection.resolve[0]!.body)?.state).toBe('resolved');
  });

  it('keeps the same comment for the same finding across runs (key from file, code, policy, message)', () => {
    const a = manyOnDiff(1).comments[0]!;
    const b = manyOnDiff(1).comments[0]!;
    expect(a.key).toBe(b.key);
    expect(a.key).toBe(findingFingerprint({ ...PASS_ROLE, message: 'finding 0' }, 'iam/deploy.json'));
    expect(renderResolvedComment(a.body, { kind: 'fixed', headSha: HEAD })).not.toBe(a.body);
  });
});

describe('comment-tag', () => {
  const tagged = (tag: string | undefined) =>
    planReview(failReport(), [{ filename: 'iam/deploy.json', status: 'modified', patch: wholeFile(9) }], {
      headSha: HEAD,
      mode: 'all',
      ...(tag !== undefined ? { tag } : {}),
    });

  it('writes the tag into every marker, and reads it back', () => {
    const plan = tagged('infra-eu');
    const [comment] = plan.comments;
    expect(comment?.body.split('\n').at(-1)).toBe(
      `<!-- iam-policy-gate:finding ${comment?.key} tag="infra-eu" -->`,
    );
    expect(parseFindingMarker(comment?.body ?? '')).toEqual({
      key: comment?.key,
      state: 'open',
      tag: 'infra-eu',
    });
    const resolved = renderResolvedComment(comment?.body ?? '', { kind: 'fixed', headSha: HEAD });
    expect(parseFindingMarker(resolved)).toEqual({ key: comment?.key, state: 'resolved', tag: 'infra-eu' });
    expect(parseFindingMarker(tagged(undefined).comments[0]?.body ?? '')).toEqual({
      key: comment?.key,
      state: 'open',
    });
  });

  it("neither skips, resolves nor moves another tag's comments, nor an untagged run a tagged one's", () => {
    const a = tagged('a');
    const gone = { ...a, liveKeys: new Set<string>() }; // every finding of tag a is fixed
    for (const other of [tagged('b'), tagged(undefined)]) {
      const othersGone = { ...other, liveKeys: new Set<string>() };
      const selection = selectReviewComments(othersGone, asExisting(a));
      expect(selection.resolve).toEqual([]);
      expect(selectReviewComments(other, asExisting(a)).post).toHaveLength(other.comments.length);
    }
    // Its own tag's are: fixed and struck through.
    expect(selectReviewComments(gone, asExisting(a)).resolve).toHaveLength(a.comments.length);
  });
});
