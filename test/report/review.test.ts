import { describe, expect, it } from 'vitest';
import type { Finding, PullRequestFile } from '../../src/core/types';
import { diffAnchors } from '../../src/report/diff-lines';
import {
  anchorFor,
  findingFingerprint,
  parseFindingMarker,
  planReview,
  renderResolvedComment,
  renderReviewBody,
} from '../../src/report/review';
import {
  CTX,
  failReport,
  MISSING_VERSION,
  makeReport,
  PASS_ROLE,
  REDUNDANT_ACTION,
  suppressedExistingReport,
  target,
} from './sample-report';

const HEAD = CTX.headSha;

/** A patch whose hunk covers head lines `from`..`to`, with `added` lines added and the rest context. */
function patch(from: number, to: number, added: readonly number[] = []): string {
  const body: string[] = [];
  for (let line = from; line <= to; line++)
    body.push(added.includes(line) ? `+line ${line}` : ` line ${line}`);
  const old = to - from + 1 - added.length;
  return `@@ -${from},${old} +${from},${to - from + 1} @@\n${body.join('\n')}`;
}

const FILES: PullRequestFile[] = [
  { filename: 'iam/deploy.json', status: 'modified', patch: patch(3, 9, [6]) },
  { filename: 'iam/readonly.json', status: 'modified', patch: patch(1, 5, [2]) },
  { filename: 'modules/app/main.tf', status: 'modified', patch: patch(18, 24, [21]) },
  { filename: 'logo.png', status: 'added' },
];

describe('planReview', () => {
  it('comments on the finding lines inside the diff and leaves the rest to the sticky comment', () => {
    const plan = planReview(failReport(), FILES, { headSha: HEAD, mode: 'all' });
    const where = plan.comments.map((c) => [c.path, c.start_line, c.line]);
    expect(where).toEqual([
      ['modules/app/main.tf', undefined, 21], // ERROR, Terraform: the resource block line
      ['iam/deploy.json', undefined, 6], // SECURITY_WARNING on the Access Analyzer span
      ['iam/readonly.json', undefined, 2], // WARNING spanning lines 1-4: on line 2, the one the PR added
    ]);
    expect(plan.comments.every((c) => c.side === 'RIGHT')).toBe(true);
    expect(plan.offDiff).toEqual([REDUNDANT_ACTION]); // line 8 is outside the hunk
    expect(plan.headSha).toBe(HEAD);
  });

  it('puts the hidden marker of the finding last, with a key that survives line moves', () => {
    const plan = planReview(failReport(), FILES, { headSha: HEAD, mode: 'all' });
    const deploy = plan.comments.find((c) => c.path === 'iam/deploy.json');
    expect(deploy?.key).toBe(findingFingerprint(PASS_ROLE, 'iam/deploy.json'));
    expect(deploy?.body.split('\n').at(-1)).toBe(`<!-- iam-policy-gate:finding ${deploy?.key} -->`);
    expect(parseFindingMarker(deploy?.body ?? '')).toEqual({ key: deploy?.key, state: 'open' });

    const moved = { ...PASS_ROLE, location: { ...PASS_ROLE.location!, startLine: 7, endLine: 7 } };
    expect(findingFingerprint(moved, 'iam/deploy.json')).toBe(deploy?.key);
    expect(findingFingerprint({ ...PASS_ROLE, message: 'other' }, 'iam/deploy.json')).not.toBe(deploy?.key);
    expect(findingFingerprint({ ...PASS_ROLE, code: 'OTHER' }, 'iam/deploy.json')).not.toBe(deploy?.key);
    expect(findingFingerprint(PASS_ROLE, 'iam/other.json')).not.toBe(deploy?.key);
  });

  it('gives suppressed findings and findings already on the base branch no comment', () => {
    // The pull request adds line 9 of iam/deploy.json too, where MISSING_ARN_REGION is.
    const files = [{ ...FILES[0]!, patch: patch(3, 9, [6, 9]) }, ...FILES.slice(1)];
    const plan = planReview(suppressedExistingReport(), files, { headSha: HEAD, mode: 'all' });
    const codes = plan.comments.map((c) => parseFindingMarker(c.body)?.key);
    const suppressedKey = findingFingerprint(PASS_ROLE, 'iam/deploy.json');
    const existingKey = findingFingerprint(MISSING_VERSION, 'iam/readonly.json');
    expect(codes).not.toContain(suppressedKey);
    expect(codes).not.toContain(existingKey);
    expect(plan.comments.map((c) => c.body)).toEqual([expect.stringContaining('MISSING_ARN_REGION')]);
    expect(plan.suppressedKeys.get(suppressedKey)).toBe('the deploy role passes only its own roles');
    expect(plan.liveKeys.has(existingKey)).toBe(true); // existing: not commented, but not gone either
    expect(plan.liveKeys.has(suppressedKey)).toBe(false);
    expect(plan.offDiff.map((f) => f.code)).toEqual(['REDUNDANT_ACTION']);
  });

  it('renders the comment with the markdown helpers', async () => {
    const plan = planReview(failReport(), FILES, { headSha: HEAD, mode: 'all' });
    const deploy = plan.comments.find((c) => c.path === 'iam/deploy.json');
    await expect(deploy?.body).toMatchFileSnapshot('__snapshots__/review-comment-pass-role.md');
    const tf = plan.comments.find((c) => c.path === 'modules/app/main.tf');
    expect(tf?.body).toContain('resource <code>module.app.aws_iam_policy.reader</code>');
    expect(tf?.body).toContain(
      'resource <code>module.app.aws_iam_policy.reader</code> · attribute <code>policy</code>',
    );
    expect(tf?.body).toContain('This finding fails the IAM policy gate.');
    const readonly = plan.comments.find((c) => c.path === 'iam/readonly.json');
    expect(readonly?.body).toContain('does not fail');
    expect(readonly?.body).not.toContain('evil.example.com'); // documentation links only to AWS hosts
  });

  it('tells apart two policies of one Terraform resource by their attribute', () => {
    const source = { file: 'modules/app/main.tf', line: 21, address: 'aws_iam_role.app' };
    const trust = target('plan.json#aws_iam_role.app.assume_role_policy', {
      source: { ...source, attribute: 'assume_role_policy' },
    });
    const inline = target('plan.json#aws_iam_role.app.inline_policy[1].policy', {
      source: { ...source, attribute: 'inline_policy[1].policy' },
    });
    const finding = (t: typeof trust): Finding => ({
      target: t.id,
      severity: 'ERROR',
      code: 'MALFORMED_POLICY_DOCUMENT',
      message: 'The policy is malformed.',
      analyzer: 'access-analyzer',
    });
    const report = makeReport({ targets: [trust, inline], findings: [finding(trust), finding(inline)] });
    const bodies = planReview(report, FILES, { headSha: HEAD, mode: 'all' }).comments.map((c) => c.body);
    expect(bodies).toHaveLength(2);
    expect(bodies.find((b) => b.includes('attribute <code>assume_role_policy</code>'))).toBeDefined();
    expect(
      bodies.find((b) => b.includes('attribute <code>inline_policy&#91;1&#93;.policy</code>')),
    ).toBeDefined();
  });

  it('escapes a hostile message, code and path', () => {
    const hostile = '[x](https://evil)<img src=x>@everyone `|` <!-- iam-policy-gate:finding 0 -->';
    const finding: Finding = {
      target: 'iam/deploy.json',
      severity: 'ERROR',
      code: `BAD<script>${hostile}`,
      message: `${hostile}\n\n# heading`,
      analyzer: 'local',
      location: { file: 'iam/deploy.json', startLine: 6, endLine: 6, path: hostile.repeat(50) },
    };
    const report = makeReport({ targets: [target('iam/deploy.json')], findings: [finding] });
    const [comment] = planReview(report, FILES, { headSha: HEAD, mode: 'all' }).comments;
    expect(comment?.body.length).toBeLessThan(2000);
    expect(comment?.body).not.toMatch(/<img|<script|\]\(https|@everyone|<!-- iam-policy-gate:finding 0/);
    expect(comment?.body.match(/<!--/g)).toHaveLength(1);
    expect(parseFindingMarker(comment?.body ?? '')?.key).toBe(comment?.key);
  });

  it('leaves a finding on a context line of a hunk to the sticky comment', () => {
    // iam/deploy.json's hunk shows lines 3-9 and adds line 6 only: line 5 is context.
    const onContext: Finding = {
      ...PASS_ROLE,
      location: { ...PASS_ROLE.location!, startLine: 5, endLine: 5 },
    };
    const report = makeReport({ targets: [target('iam/deploy.json')], findings: [onContext] });
    const plan = planReview(report, FILES, { headSha: HEAD, mode: 'all' });
    expect(plan.comments).toEqual([]);
    expect(plan.offDiff).toEqual([onContext]);
  });

  it('one comment per finding and line, even when the analyzer reports it twice', () => {
    const report = makeReport({
      targets: [target('iam/deploy.json')],
      findings: [PASS_ROLE, { ...PASS_ROLE }],
    });
    expect(planReview(report, FILES, { headSha: HEAD, mode: 'all' }).comments).toHaveLength(1);
  });

  it('comments on the new name of a renamed file, never on a removed file', () => {
    const renamed: Finding = {
      ...PASS_ROLE,
      target: 'iam/new.json',
      location: { ...PASS_ROLE.location!, file: 'iam/new.json' },
    };
    const removed: Finding = {
      ...PASS_ROLE,
      target: 'iam/gone.json',
      location: { ...PASS_ROLE.location!, file: 'iam/gone.json' },
    };
    const report = makeReport({
      targets: [target('iam/new.json'), target('iam/gone.json')],
      findings: [renamed, removed],
    });
    const files: PullRequestFile[] = [
      {
        filename: 'iam/new.json',
        status: 'renamed',
        previousFilename: 'iam/old.json',
        patch: patch(5, 7, [6]),
      },
      { filename: 'iam/gone.json', status: 'removed', patch: '@@ -1,2 +0,0 @@\n-{\n-}' },
    ];
    const plan = planReview(report, files, { headSha: HEAD, mode: 'all' });
    expect(plan.comments.map((c) => c.path)).toEqual(['iam/new.json']);
    expect(plan.offDiff).toEqual([removed]);
    expect([...plan.leaveAlone]).toEqual(['iam/old.json']); // its comments are outdated, not fixed
  });

  it('findings without a line, and files the analysis failed on, are remembered', () => {
    const failed: Finding = {
      target: 'iam/deploy.json',
      severity: 'ERROR',
      code: 'ANALYSIS_FAILED',
      message: 'throttled',
      analyzer: 'gate',
    };
    const noTarget: Finding = { ...failed, target: 'nowhere', code: 'X' };
    const report = makeReport({ targets: [target('iam/deploy.json')], findings: [failed, noTarget] });
    const plan = planReview(report, FILES, { headSha: HEAD, mode: 'all' });
    expect(plan.comments).toEqual([]);
    expect(plan.offDiff).toHaveLength(2);
    expect([...plan.leaveAlone]).toEqual(['iam/deploy.json']);
  });
});

describe('anchorFor', () => {
  it('a span across two hunks, or starting outside the diff, gets one line inside it', () => {
    const twoHunks = diffAnchors(`${patch(1, 3, [2])}\n${patch(10, 12, [11])}`);
    expect(anchorFor({ file: 'f', startLine: 2, endLine: 11 }, twoHunks)).toEqual({ line: 2 });
    expect(anchorFor({ file: 'f', startLine: 5, endLine: 12 }, twoHunks)).toEqual({ line: 11 }); // first added
    expect(anchorFor({ file: 'f', startLine: 5, endLine: 10 }, twoHunks)).toBeUndefined(); // context only
    expect(anchorFor({ file: 'f', startLine: 4, endLine: 9 }, twoHunks)).toBeUndefined();
    expect(anchorFor({ file: 'f' }, twoHunks)).toBeUndefined();
    expect(anchorFor({ file: 'f', startLine: 2, endLine: 1 }, twoHunks)).toEqual({ line: 2 });
  });

  it('never anchors on a context line: the span runs from its first to its last added line', () => {
    const hunk = diffAnchors(patch(1, 9, [3, 4, 7]));
    expect(anchorFor({ file: 'f', startLine: 5, endLine: 6 }, hunk)).toBeUndefined(); // context lines only
    expect(anchorFor({ file: 'f', startLine: 1, endLine: 9 }, hunk)).toEqual({ start_line: 3, line: 7 });
    expect(anchorFor({ file: 'f', startLine: 4, endLine: 6 }, hunk)).toEqual({ line: 4 });
    expect(anchorFor({ file: 'f', startLine: 2, endLine: 2 }, hunk)).toBeUndefined();
  });
});

describe('resolved comments and the review body', () => {
  const plan = planReview(failReport(), FILES, { headSha: HEAD, mode: 'all' });
  const old = plan.comments.find((c) => c.path === 'iam/deploy.json')!;

  it('strikes through a fixed finding and says in which commit', () => {
    const body = renderResolvedComment(old.body, { kind: 'fixed', headSha: HEAD });
    expect(body).toContain('~~🟠 **Security warning** · <code>PASS_ROLE_WITH_STAR_IN_RESOURCE</code>~~');
    expect(body).toContain(`✅ Fixed in ${HEAD.slice(0, 12)}`);
    expect(parseFindingMarker(body)).toEqual({ key: old.key, state: 'resolved' });
    expect(body).not.toContain('iam-policy-gate:finding');
  });

  it('says why a suppressed finding went away, escaped', () => {
    const body = renderResolvedComment(old.body, {
      kind: 'suppressed',
      headSha: 'not a sha',
      reason: '@team <b>ok</b>',
    });
    expect(body).toContain('🔕 Suppressed by an ignore rule: @\u200Bteam &lt;b&gt;ok&lt;/b&gt;');
  });

  it('points a moved finding to its new line', () => {
    const body = renderResolvedComment(old.body, {
      kind: 'moved',
      headSha: HEAD,
      path: 'iam/deploy.json',
      line: 9,
    });
    expect(body).toContain('now commented on <code>iam/deploy.json:9</code>');
  });

  it('the review body counts what it holds and what it left out', () => {
    const body = renderReviewBody({ posted: 100, overflow: 20, offDiff: 1 });
    expect(body).toContain('100 findings on lines this pull request changes');
    expect(body).toContain('20 more findings are not commented here');
    expect(body).toContain('1 finding sits outside the changed lines and is listed');
    expect(body.split('\n').at(-1)).toBe('<!-- iam-policy-gate:review -->');
  });
});
