// The action's run() in-process (src/entries/action.ts) against the fake Access Analyzer, IAM and GitHub:
// every behaviour the dist/ e2e suite (test/e2e/action.test.ts) checks, and the sticky comment's fallbacks,
// without a bundle. The e2e suite keeps one run per user story through dist/index.js.
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commentObject, githubFaults, prKey } from '../fakes/github';
import { CLEAN, PASS_ROLE, TYPO } from '../fixtures/story-policies';
import { annotationAt, pullRequestEvent, useActionRun } from './support';

const ROOT = join(__dirname, '../..');
const PR = 7;
const KEY = prKey('acme', 'infra', PR);
const MARKER = '<!-- iam-policy-gate -->';

describe('the action run() in-process', () => {
  const t = useActionRun();

  const workspace = async (files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) await t.ws.write(path, text);
  };
  const seedPr = (files: string[]) => {
    t.gh.state.pulls[KEY] = { files: files.map((filename) => ({ filename, status: 'modified' })) };
  };
  const run = (inputs: Record<string, string> = {}, env: Record<string, string> = {}) =>
    t.run({ inputs: { 'github-token': 'ghs_e2e', ...inputs }, env, event: pullRequestEvent(PR) });
  const comments = () => t.gh.comments('acme', 'infra', PR) ?? [];

  it('passes a clean policy and says so in the comment when comment: always', async () => {
    await workspace({ 'iam/reader.json': CLEAN, 'package.json': '{"name":"x"}' });
    seedPr(['iam/reader.json']);
    const result = await run({ comment: 'always' });
    expect(result.code, result.transcript).toBe(0);
    expect(result.failed).toEqual([]);
    expect(result.outputs.result).toBe('pass');
    expect(comments()).toHaveLength(1);
    expect(comments()[0]?.body).toMatch(/✅/);
    expect(comments()[0]?.body).toContain(MARKER);
    expect(result.info).toContainEqual(expect.stringMatching(/^Pull request comment: created/));
    expect(result.summary).toMatch(/✅/);
  });

  it('creates no comment on a clean run with comment: on-findings (the default)', async () => {
    await workspace({ 'iam/reader.json': CLEAN });
    seedPr(['iam/reader.json']);
    const result = await run();
    expect(result.code, result.transcript).toBe(0);
    expect(comments()).toHaveLength(0);
    expect(t.gh.requests.filter((r) => r.method === 'POST' && r.path.includes('/comments'))).toEqual([]);
  });

  it('fails on an ERROR and a SECURITY_WARNING, lists both with file:line, and edits its comment on re-run', async () => {
    await workspace({ 'iam/deploy.json': PASS_ROLE, 'iam/typo.json': TYPO, 'iam/reader.json': CLEAN });
    seedPr(['iam/deploy.json', 'iam/typo.json', 'iam/reader.json']);
    const first = await run();
    expect(first.code, first.transcript).toBe(1);
    expect(first.outputs).toMatchObject({ result: 'fail', errors: '1', 'security-warnings': '1' });
    expect(first.annotations).toContainEqual(
      annotationAt('error', 'PASS_ROLE_WITH_STAR_IN_RESOURCE', 'iam/deploy.json', 8),
    );
    expect(first.annotations).toContainEqual(annotationAt('error', 'INVALID_ACTION', 'iam/typo.json', 6));
    expect(first.failed).toEqual([expect.stringMatching(/^IAM policy gate failed/)]);
    const posted = comments();
    expect(posted).toHaveLength(1);
    const body = posted[0]?.body ?? '';
    expect(body).toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE');
    expect(body).toContain('INVALID_ACTION');
    expect(body).toMatch(/iam\/deploy\.json:8/);
    expect(body).toMatch(/iam\/typo\.json:6/);
    expect(first.summary).toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE');

    // The author fixes one policy: the same comment is edited, not a second one posted.
    await t.ws.write('iam/deploy.json', CLEAN.replace('reports', 'deploy'));
    const second = await run();
    expect(second.code).toBe(1);
    const after = comments();
    expect(after).toHaveLength(1);
    expect(after[0]?.id).toBe(posted[0]?.id);
    expect(after[0]?.body).not.toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE');
    expect(t.gh.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    expect(second.info).toContainEqual(expect.stringMatching(/^Pull request comment: updated/));

    // Everything fixed: the comment says so rather than going stale.
    await t.ws.write('iam/typo.json', CLEAN);
    const third = await run();
    expect(third.code).toBe(0);
    const last = comments();
    expect(last).toHaveLength(1);
    expect(last[0]?.body).toMatch(/✅/);
  });

  it.each([
    { status: 403, fault: githubFaults.notAccessibleByIntegration() },
    { status: 404, fault: { status: 404, body: { message: 'Not Found' } } },
  ])('posts a new comment when GitHub refuses to edit the old one ($status)', async ({ fault }) => {
    await workspace({ 'iam/deploy.json': PASS_ROLE });
    seedPr(['iam/deploy.json']);
    const first = await run();
    expect(first.code, first.transcript).toBe(1);
    expect(comments()).toHaveLength(1);
    const old = comments()[0]?.id;
    t.gh.injectFaults({ when: (r) => r.route === 'issues.updateComment', fault });
    await t.ws.write('iam/typo.json', TYPO);
    seedPr(['iam/deploy.json', 'iam/typo.json']);
    const second = await run();
    expect(second.code, second.transcript).toBe(1);
    expect(t.gh.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    const now = comments();
    expect(now).toHaveLength(2);
    expect(now[1]?.id).not.toBe(old);
    expect(now[1]?.body).toContain('INVALID_ACTION');
    expect(second.info).toContainEqual(expect.stringMatching(/^Pull request comment: created/));
    expect(second.warnings.join('\n')).not.toMatch(/Could not write the pull request comment/);
  });

  it("leaves another app's comment with the marker alone and keeps editing its own", async () => {
    await workspace({ 'iam/deploy.json': PASS_ROLE });
    seedPr(['iam/deploy.json']);
    const other = { login: 'other-gate[bot]', id: 777, type: 'Bot' as const };
    t.gh
      .comments('acme', 'infra', PR)
      .push(commentObject(KEY, t.gh.state.nextId++, `${MARKER}\nanother app`, other, t.gh.url));
    const first = await run();
    expect(first.code, first.transcript).toBe(1);
    expect(first.info).toContain('GitHub: writing as github-actions[bot]');
    expect(first.info).toContainEqual(expect.stringMatching(/^Pull request comment: created/));
    const second = await run();
    expect(second.info).toContainEqual(expect.stringMatching(/^Pull request comment: unchanged/));
    const all = comments();
    expect(all.map((c) => c.user.login)).toEqual(['other-gate[bot]', 'github-actions[bot]']);
    expect(all[0]?.body).toContain('another app');
    expect(t.gh.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0);
  });

  it('only analyses the files the pull request changes', async () => {
    await workspace({ 'iam/deploy.json': PASS_ROLE, 'iam/reader.json': CLEAN });
    seedPr(['iam/reader.json']);
    const before = t.aa.validatedDocuments.length;
    const result = await run();
    expect(result.code, result.transcript).toBe(0);
    expect(t.aa.validatedDocuments.length - before).toBe(1);
    expect(comments()).toHaveLength(0);
  });

  it('retries a throttled call and still finds the issue', async () => {
    await workspace({ 'iam/deploy.json': PASS_ROLE });
    seedPr(['iam/deploy.json']);
    t.aa.injectFaults({ times: 1, fault: { error: 'ThrottlingException' } });
    const result = await run();
    expect(result.code).toBe(1);
    expect(result.transcript).toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE');
    expect(result.transcript).not.toContain('ANALYSIS_FAILED');
  });

  it('fails closed with ANALYSIS_FAILED when the service keeps failing', async () => {
    await workspace({ 'iam/reader.json': CLEAN });
    seedPr(['iam/reader.json']);
    t.aa.injectFaults({ fault: { error: 'InternalServerException' } });
    const result = await run();
    expect(result.code).toBe(1);
    expect(result.outputs.errors).toBe('1');
    expect(result.annotations).toContainEqual(annotationAt('error', 'ANALYSIS_FAILED', 'iam/reader.json', 1));
    expect(comments()[0]?.body).toContain('ANALYSIS_FAILED');
  });

  it('ends on the verdict when the token cannot comment (fork pull request)', async () => {
    await workspace({ 'iam/deploy.json': PASS_ROLE });
    seedPr(['iam/deploy.json']);
    t.gh.injectFaults({
      when: (r) => r.route === 'issues.createComment',
      fault: githubFaults.notAccessibleByIntegration(),
    });
    const result = await run();
    expect(result.code).toBe(1);
    expect(result.warnings).toContainEqual(
      expect.stringMatching(/^Could not write the pull request comment.*pull-requests: write/),
    );
    expect(result.transcript).not.toMatch(/unexpected error/);
    expect(result.summary).toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE');
  });

  it('reports a broken JSON policy at its line without calling AWS', async () => {
    await workspace({
      'iam/broken.json':
        '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow" "Action": "s3:*" }\n  ]\n}\n',
    });
    seedPr(['iam/broken.json']);
    const before = t.aa.calls.ValidatePolicy;
    const result = await run();
    expect(result.code).toBe(1);
    expect(t.aa.calls.ValidatePolicy).toBe(before);
    expect(result.annotations).toContainEqual(
      annotationAt('error', 'JSON_SYNTAX_ERROR', 'iam/broken.json', 4),
    );
  });

  it('runs the local analyzer when auto finds no AWS credentials, and the comment says so', async () => {
    await workspace({ 'iam/deploy.json': PASS_ROLE });
    seedPr(['iam/deploy.json']);
    const before = t.aa.calls.ValidatePolicy;
    const result = await run({}, { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' });
    expect(result.code, result.transcript).toBe(1);
    expect(t.aa.calls.ValidatePolicy).toBe(before);
    expect(result.info).toContainEqual(expect.stringMatching(/^Analyzer: local \(no AWS credentials/));
    const body = comments()[0]?.body ?? '';
    expect(body).toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE');
    expect(body).toMatch(/local analyzer/i);
    expect(body).toMatch(/no AWS credentials/);
    expect(result.summary).toMatch(/local analyzer/i);
  });

  it('reports a finding in a Terraform plan at the .tf resource line, whatever the scope', async () => {
    await cp(join(ROOT, 'examples/terraform'), join(t.ws.repo, 'infra'), { recursive: true });
    seedPr(['infra/modules/reader/main.tf']);
    const result = await run({ 'terraform-plans': 'infra/plan.json' });
    expect(result.code, result.transcript).toBe(1);
    expect(result.annotations).toContainEqual(
      annotationAt('error', 'INVALID_ACTION', 'infra/modules/reader/main.tf', 12),
    );
    const body = comments()[0]?.body ?? '';
    expect(body).toContain('module.reader.aws_iam_role_policy.read_reports');
    expect(body).toMatch(/infra\/modules\/reader\/main\.tf:12/);
  });

  it('fails the check when the named plan is missing (if-no-files-found: error by default), in every report', async () => {
    await workspace({ 'iam/reader.json': CLEAN });
    seedPr(['iam/reader.json']);
    const result = await run({ 'terraform-plans': 'infra/plan.json', comment: 'always' });
    expect(result.code, result.transcript).toBe(1);
    expect(result.outputs).toMatchObject({ result: 'fail', errors: '1' });
    const missing = 'no plan at infra/plan.json: did the plan step run?';
    expect(result.annotations).toContainEqual(annotationAt('error', 'ANALYSIS_FAILED', 'infra/plan.json', 1));
    expect(result.transcript).toContain(missing);
    expect(comments()[0]?.body ?? '').toContain(missing);
    expect(result.summary).toContain(missing);
    // warn keeps it a warning, as before.
    const warned = await run({ 'terraform-plans': 'infra/plan.json', 'if-no-files-found': 'warn' });
    expect(warned.code, warned.transcript).toBe(0);
    expect(warned.warnings).toContainEqual(
      expect.stringMatching(/^terraform-plans pattern infra\/plan\.json matched no file/),
    );
  });

  it('fails closed when the pull request files API answers {} instead of a list', async () => {
    await workspace({ 'iam/deploy.json': PASS_ROLE });
    seedPr(['iam/deploy.json']);
    t.gh.injectFaults({ when: (r) => r.route === 'pulls.listFiles', fault: { status: 200, body: {} } });
    const result = await run();
    expect(result.code, result.transcript).toBe(1);
    expect(result.failed).toEqual([
      expect.stringMatching(
        /^GitHub answered GET \/repos\/acme\/infra\/pulls\/7\/files \(page 1\) with an object instead of a list of files/,
      ),
    ]);
    expect(result.transcript).not.toMatch(/unexpected error/);
  });

  it('rejects a bad input with a message naming it and no stack trace', async () => {
    await workspace({ 'iam/reader.json': CLEAN });
    const result = await run({ 'fail-on': 'CRITICAL' });
    expect(result.code).toBe(1);
    expect(result.failed).toEqual([expect.stringMatching(/^Input 'fail-on' is 'CRITICAL'; allowed values:/)]);
    expect(result.transcript).not.toMatch(/\n\s+at /);
  });

  it('ends an unexpected error with setFailed naming it, and the summary says the run did not complete', async () => {
    await workspace({ 'iam/reader.json': CLEAN });
    seedPr(['iam/reader.json']);
    const result = await t.run({
      inputs: { 'github-token': 'ghs_e2e' },
      event: pullRequestEvent(PR),
      clients: (real) => ({
        ...real,
        accessAnalyzer: () => {
          throw new Error('no client today');
        },
      }),
    });
    expect(result.failed).toEqual([
      expect.stringMatching(
        /^iam-policy-gate hit an unexpected error: no client today\. Re-run with debug logging/,
      ),
    ]);
    expect(result.debug.join('\n')).toContain('no client today');
    expect(result.summary).toContain('IAM policy gate did not complete');
  });
});
