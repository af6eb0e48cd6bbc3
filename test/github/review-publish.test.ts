import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOctokit } from '../../src/clients/octokit';
import { type Logger, silentLogger } from '../../src/core/logger';
import type { Finding } from '../../src/core/types';
import type { GitHubClient } from '../../src/github/octokit';
import { publishReview } from '../../src/publish/review';
import { planReview, REVIEW_MARKER } from '../../src/report/review';
import { type FakeGitHub, githubFaults, prKey, startFakeGitHub } from '../fakes/github';
import { reviewCommentEdits } from '../fakes/github-review-edit';
import { CTX, makeReport, PASS_ROLE, target } from '../report/sample-report';

const HEAD = CTX.headSha;
/** The fake's default token user, as GraphQL viewer names it. */
const ME = { login: 'github-actions[bot]', id: 41898282 };
const PR = { owner: 'acme', repo: 'infra', number: 7, headSha: HEAD };
const KEY = prKey('acme', 'infra', 7);
const LINES = 400;
const PATCH = `@@ -0,0 +1,${LINES} @@\n${Array.from({ length: LINES }, (_, i) => `+line ${i + 1}`).join('\n')}`;
const FILES = [{ filename: 'iam/deploy.json', status: 'added' as const, patch: PATCH }];

function findings(lines: readonly number[]): Finding[] {
  return lines.map((line) => ({
    ...PASS_ROLE,
    message: `finding on line ${line}`,
    location: { file: 'iam/deploy.json', startLine: line, endLine: line + (line % 2) },
  }));
}

function plan(lines: readonly number[]) {
  const report = makeReport({ targets: [target('iam/deploy.json')], findings: findings(lines) });
  return planReview(report, FILES, { headSha: HEAD, mode: 'all' });
}

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { ...silentLogger, warning: (m) => void warnings.push(m), warnings };
}

let gh: FakeGitHub;
let octokit: GitHubClient;

beforeEach(async () => {
  gh = await startFakeGitHub({ pulls: { [KEY]: { files: FILES, headSha: HEAD } } });
  gh.options.hook = reviewCommentEdits(gh);
  octokit = createOctokit({
    token: 'ghs_fake',
    baseUrl: gh.url,
    userAgent: 'test',
    log: silentLogger,
    writeSpacing: false,
  });
});
afterEach(async () => {
  await gh.close();
});

const reviewPosts = () => gh.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/reviews'));

describe('publishReview against the fake GitHub', () => {
  it('posts one COMMENT review, and a second run adds nothing', async () => {
    const first = await publishReview(octokit, PR, plan([2, 5, 9]), silentLogger, ME);
    expect(first).toEqual({ posted: 3, skippedExisting: 0, resolved: 0, overflow: 0 });
    const [review] = gh.state.reviews[KEY] ?? [];
    expect(review).toMatchObject({ state: 'COMMENTED', commit_id: HEAD });
    expect(review?.body.split('\n').at(-1)).toBe(REVIEW_MARKER);
    expect(review?.comments.map((c) => [c.line, c.start_line])).toEqual([
      [2, undefined],
      [6, 5],
      [10, 9],
    ]);

    const second = await publishReview(octokit, PR, plan([2, 5, 9]), silentLogger, ME);
    expect(second).toEqual({ posted: 0, skippedExisting: 3, resolved: 0, overflow: 0 });
    expect(reviewPosts()).toHaveLength(1);
    expect(gh.state.reviews[KEY]).toHaveLength(1);
  });

  it('caps a review at 100 comments; the next run posts the rest (comments listed over pages)', async () => {
    const lines = Array.from({ length: 150 }, (_, i) => i * 2 + 1);
    expect(await publishReview(octokit, PR, plan(lines), silentLogger, ME)).toMatchObject({
      posted: 100,
      overflow: 50,
    });
    expect(gh.state.reviews[KEY]?.[0]?.body).toContain('50 more findings are not commented here');
    expect(await publishReview(octokit, PR, plan(lines), silentLogger, ME)).toMatchObject({
      posted: 50,
      skippedExisting: 100,
      overflow: 0,
    });
    expect(await publishReview(octokit, PR, plan(lines), silentLogger, ME)).toMatchObject({
      posted: 0,
      skippedExisting: 150,
    });
    const listPages = gh.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/comments'));
    expect(listPages.filter((r) => r.query.page === '2').length).toBeGreaterThan(0);
  });

  it('strikes through the comment of a fixed finding, once', async () => {
    await publishReview(octokit, PR, plan([2, 5]), silentLogger, ME);
    const fixed = await publishReview(octokit, PR, plan([2]), silentLogger, ME);
    expect(fixed).toEqual({ posted: 0, skippedExisting: 1, resolved: 1, overflow: 0 });
    const comments = gh.state.reviews[KEY]?.[0]?.comments ?? [];
    expect(comments[1]?.body).toContain(`✅ Fixed in ${HEAD.slice(0, 12)}`);
    expect(comments[1]?.body).toContain('<!-- iam-policy-gate:resolved ');
    expect(comments[0]?.body).toContain('<!-- iam-policy-gate:finding ');

    expect(await publishReview(octokit, PR, plan([2]), silentLogger, ME)).toMatchObject({
      resolved: 0,
      posted: 0,
    });
    expect(reviewPosts()).toHaveLength(1);
  });

  it('falls back to the sticky comment when GitHub cannot place a comment (422)', async () => {
    const log = recordingLogger();
    const offPatch = planReview(
      makeReport({ targets: [target('iam/deploy.json')], findings: findings([500]) }),
      [{ filename: 'iam/deploy.json', status: 'modified', patch: '@@ -499,2 +499,3 @@\n x\n+y\n z' }],
      { headSha: HEAD, mode: 'all' },
    );
    const result = await publishReview(octokit, PR, offPatch, log, ME);
    expect(result).toEqual({
      posted: 0,
      skippedExisting: 0,
      resolved: 0,
      overflow: 0,
      fallback: 'unprocessable',
    });
    expect(gh.state.reviews[KEY]).toBeUndefined();
    expect(log.warnings.join('\n')).toMatch(/422/);
  });

  it('a read-only token (403) is a warning and a fallback, never a failure', async () => {
    gh.injectFaults({
      when: (r) => r.route === 'pulls.createReview',
      fault: githubFaults.notAccessibleByIntegration(),
    });
    const log = recordingLogger();
    const result = await publishReview(octokit, PR, plan([2]), log, ME);
    expect(result).toMatchObject({ posted: 0, fallback: 'forbidden' });
    expect(log.warnings.join('\n')).toContain("'pull-requests: write'");
  });

  it('a 403 on listing the comments is a fallback too', async () => {
    gh.failNext(1, githubFaults.notAccessibleByIntegration(), 'pulls.listReviewComments');
    expect(await publishReview(octokit, PR, plan([2]), silentLogger, ME)).toMatchObject({
      fallback: 'forbidden',
    });
    expect(reviewPosts()).toHaveLength(0);
  });

  it('a 403 on editing an earlier comment stops there with a fallback', async () => {
    await publishReview(octokit, PR, plan([2, 5]), silentLogger, ME);
    gh.options.hook = reviewCommentEdits(gh, (r) =>
      r.method === 'PATCH' ? githubFaults.notAccessibleByIntegration() : undefined,
    );
    expect(await publishReview(octokit, PR, plan([2]), silentLogger, ME)).toMatchObject({
      resolved: 0,
      fallback: 'forbidden',
    });
  });

  it('a secondary rate limit on the review POST is not retried and not mistaken for a permission problem', async () => {
    gh.failNext(1, githubFaults.secondaryRateLimit({ retryAfterSeconds: 0 }), 'pulls.createReview');
    await expect(publishReview(octokit, PR, plan([2]), silentLogger, ME)).rejects.toMatchObject({
      status: 403,
    });
    expect(reviewPosts()).toHaveLength(1);
  });

  it("never counts nor edits another app's review comments, even with the gate's markers", async () => {
    const other = { login: 'other-gate[bot]', id: 777, type: 'Bot' as const };
    const [onLine2] = plan([2]).comments;
    const [onLine5] = plan([5]).comments;
    const copy = (c: typeof onLine2, id: number) => ({
      id,
      pull_request_review_id: 1,
      path: c?.path ?? '',
      line: c?.line ?? 0,
      side: 'RIGHT' as const,
      body: c?.body ?? '',
      user: other,
      commit_id: HEAD,
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
      html_url: `https://github.com/acme/infra/pull/7#discussion_r${id}`,
    });
    gh.state.reviews[KEY] = [
      {
        id: 1,
        body: REVIEW_MARKER,
        state: 'COMMENTED',
        commit_id: HEAD,
        user: other,
        comments: [copy(onLine2, 2), copy(onLine5, 3)],
      },
    ];
    // Line 2's finding is still there (the other app's copy does not count as posted); line 5's is "fixed",
    // but that comment is not the gate's to strike through.
    const result = await publishReview(octokit, PR, plan([2]), silentLogger, ME);
    expect(result).toEqual({ posted: 1, skippedExisting: 0, resolved: 0, overflow: 0 });
    expect(gh.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0);
    expect(gh.state.reviews[KEY]?.[0]?.comments.map((c) => c.body)).toEqual([onLine2?.body, onLine5?.body]);
  });
});
