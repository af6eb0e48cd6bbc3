// One test per user story, through the bundled dist/index.js, against the fake Access Analyzer and GitHub.
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeAccessAnalyzer } from '../fakes/access-analyzer';
import { commentObject, type FakeGitHub, githubFaults, prKey } from '../fakes/github';
import {
  makeWorkspace,
  pullRequestEvent,
  ROOT,
  RUNTIMES,
  runAction,
  useFakes,
  type Workspace,
} from './harness';

const PASS_ROLE = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "PassAnyRole",
      "Effect": "Allow",
      "Action": "iam:PassRole",
      "Resource": "*"
    }
  ]
}
`;
const TYPO = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObjekt",
      "Resource": "arn:aws:s3:::reports/*"
    }
  ]
}
`;
const CLEAN = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*" }
  ]
}
`;

const PR = 7;
const KEY = prKey('acme', 'infra', PR);

describe.each(RUNTIMES)('action e2e ($name)', ({ node }) => {
  const fakes = useFakes({ region: 'eu-west-1' });
  let aa: FakeAccessAnalyzer;
  let gh: FakeGitHub;
  let ws: Workspace;
  beforeEach(() => {
    ({ aa, gh } = fakes);
  });
  afterEach(async () => {
    await ws?.cleanup();
  });
  const env = fakes.env;
  const seedPr = (files: string[]) => {
    gh.state.pulls[KEY] = { files: files.map((filename) => ({ filename, status: 'modified' })) };
  };
  const run = (inputs: Record<string, string> = {}) =>
    runAction({
      node,
      ws,
      inputs: { 'github-token': 'ghs_e2e', ...inputs },
      env: env(),
      event: pullRequestEvent(PR),
    });

  it('passes a clean policy and says so in the comment when comment: always', async () => {
    ws = await makeWorkspace({ 'iam/reader.json': CLEAN, 'package.json': '{"name":"x"}' });
    seedPr(['iam/reader.json']);
    const result = await run({ comment: 'always' });
    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs.result).toBe('pass');
    const comments = gh.comments('acme', 'infra', PR) ?? [];
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toMatch(/✅/);
    expect(comments[0]?.body).toContain('<!-- iam-policy-gate -->');
    expect(result.summary).toMatch(/✅/);
  });

  it('fails on an ERROR and a SECURITY_WARNING, lists both with file:line, and edits its comment on re-run', async () => {
    ws = await makeWorkspace({
      'iam/deploy.json': PASS_ROLE,
      'iam/typo.json': TYPO,
      'iam/reader.json': CLEAN,
    });
    seedPr(['iam/deploy.json', 'iam/typo.json', 'iam/reader.json']);
    const first = await run();
    expect(first.code, first.stdout).toBe(1);
    expect(first.outputs).toMatchObject({ result: 'fail', errors: '1', 'security-warnings': '1' });
    expect(first.stdout).toMatch(
      /::error title=PASS_ROLE_WITH_STAR_IN_RESOURCE[^:]*file=iam\/deploy\.json,line=8,/,
    );
    expect(first.stdout).toMatch(/::error title=INVALID_ACTION[^:]*file=iam\/typo\.json,line=6,/);
    expect(first.stdout).toMatch(/::error::IAM policy gate failed/);
    const comments = gh.comments('acme', 'infra', PR) ?? [];
    expect(comments).toHaveLength(1);
    const body = comments[0]?.body ?? '';
    expect(body).toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE');
    expect(body).toContain('INVALID_ACTION');
    expect(body).toMatch(/iam\/deploy\.json:8/);
    expect(body).toMatch(/iam\/typo\.json:6/);
    expect(first.summary).toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE');

    // The author fixes one policy: the same comment is edited, not a second one posted.
    await ws.write('iam/deploy.json', CLEAN.replace('reports', 'deploy'));
    const second = await run();
    expect(second.code).toBe(1);
    const after = gh.comments('acme', 'infra', PR) ?? [];
    expect(after).toHaveLength(1);
    expect(after[0]?.id).toBe(comments[0]?.id);
    expect(after[0]?.body).not.toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE');
    expect(gh.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);

    // Everything fixed: the comment says so rather than going stale.
    await ws.write('iam/typo.json', CLEAN);
    const third = await run();
    expect(third.code).toBe(0);
    const last = gh.comments('acme', 'infra', PR) ?? [];
    expect(last).toHaveLength(1);
    expect(last[0]?.body).toMatch(/✅/);
  });

  it("leaves another app's comment with the marker alone and keeps editing its own", async () => {
    ws = await makeWorkspace({ 'iam/deploy.json': PASS_ROLE });
    seedPr(['iam/deploy.json']);
    const other = { login: 'other-gate[bot]', id: 777, type: 'Bot' as const };
    gh.comments('acme', 'infra', PR).push(
      commentObject(KEY, gh.state.nextId++, '<!-- iam-policy-gate -->\nanother app', other, gh.url),
    );
    const first = await run();
    expect(first.code, first.stdout).toBe(1);
    expect(first.stdout).toContain('GitHub: writing as github-actions[bot]');
    expect(first.stdout).toContain('Pull request comment: created');
    const second = await run();
    expect(second.stdout).toContain('Pull request comment: unchanged');
    const comments = gh.comments('acme', 'infra', PR);
    expect(comments.map((c) => c.user.login)).toEqual(['other-gate[bot]', 'github-actions[bot]']);
    expect(comments[0]?.body).toContain('another app');
    expect(gh.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0);
  });

  it('only analyses the files the pull request changes', async () => {
    ws = await makeWorkspace({ 'iam/deploy.json': PASS_ROLE, 'iam/reader.json': CLEAN });
    seedPr(['iam/reader.json']);
    const before = aa.validatedDocuments.length;
    const result = await run();
    expect(result.code, result.stdout).toBe(0);
    expect(aa.validatedDocuments.length - before).toBe(1);
    expect(gh.comments('acme', 'infra', PR) ?? []).toHaveLength(0);
  });

  it('retries a throttled call and still finds the issue', async () => {
    ws = await makeWorkspace({ 'iam/deploy.json': PASS_ROLE });
    seedPr(['iam/deploy.json']);
    aa.injectFaults({ times: 1, fault: { error: 'ThrottlingException' } });
    const result = await run();
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE');
    expect(result.stdout).not.toContain('ANALYSIS_FAILED');
  });

  it('fails closed with ANALYSIS_FAILED when the service keeps failing', async () => {
    ws = await makeWorkspace({ 'iam/reader.json': CLEAN });
    seedPr(['iam/reader.json']);
    aa.injectFaults({ fault: { error: 'InternalServerException' } });
    const result = await run();
    expect(result.code).toBe(1);
    expect(result.outputs.errors).toBe('1');
    expect(result.stdout).toMatch(/::error title=ANALYSIS_FAILED[^:]*file=iam\/reader\.json,line=1,/);
    expect(gh.comments('acme', 'infra', PR)?.[0]?.body).toContain('ANALYSIS_FAILED');
  });

  it('ends on the verdict when the token cannot comment (fork pull request)', async () => {
    ws = await makeWorkspace({ 'iam/deploy.json': PASS_ROLE });
    seedPr(['iam/deploy.json']);
    gh.injectFaults({
      when: (r) => r.route === 'issues.createComment',
      fault: githubFaults.notAccessibleByIntegration(),
    });
    const result = await run();
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /::warning::Could not write the pull request comment.*pull-requests: write/,
    );
    expect(result.stdout).not.toMatch(/unexpected error/);
    expect(result.summary).toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE');
  });

  it('reports a broken JSON policy at its line without calling AWS', async () => {
    ws = await makeWorkspace({
      'iam/broken.json':
        '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow" "Action": "s3:*" }\n  ]\n}\n',
    });
    seedPr(['iam/broken.json']);
    const before = aa.calls.ValidatePolicy;
    const result = await run();
    expect(result.code).toBe(1);
    expect(aa.calls.ValidatePolicy).toBe(before);
    expect(result.stdout).toMatch(/::error title=JSON_SYNTAX_ERROR[^:]*file=iam\/broken\.json,line=4,/);
  });

  it('runs the local analyzer when auto finds no AWS credentials, and the comment says so', async () => {
    ws = await makeWorkspace({ 'iam/deploy.json': PASS_ROLE });
    seedPr(['iam/deploy.json']);
    const before = aa.calls.ValidatePolicy;
    const result = await runAction({
      node,
      ws,
      inputs: { 'github-token': 'ghs_e2e' },
      env: { ...env(), AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' },
      event: pullRequestEvent(PR),
    });
    expect(result.code, result.stdout).toBe(1);
    expect(aa.calls.ValidatePolicy).toBe(before);
    expect(result.stdout).toMatch(/Analyzer: local \(no AWS credentials/);
    const body = gh.comments('acme', 'infra', PR)?.[0]?.body ?? '';
    expect(body).toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE');
    expect(body).toMatch(/local analyzer/i);
    expect(body).toMatch(/no AWS credentials/);
    expect(result.summary).toMatch(/local analyzer/i);
  });

  it('reports a finding in a Terraform plan at the .tf resource line, whatever the scope', async () => {
    ws = await makeWorkspace({});
    await cp(join(ROOT, 'examples/terraform'), join(ws.dir, 'repo/infra'), { recursive: true });
    seedPr(['infra/modules/reader/main.tf']);
    const result = await run({ 'terraform-plans': 'infra/plan.json' });
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toMatch(
      /::error title=INVALID_ACTION[^:]*file=infra\/modules\/reader\/main\.tf,line=12,/,
    );
    const body = gh.comments('acme', 'infra', PR)?.[0]?.body ?? '';
    expect(body).toContain('module.reader.aws_iam_role_policy.read_reports');
    expect(body).toMatch(/infra\/modules\/reader\/main\.tf:12/);
  });

  it('fails the check when the named plan is missing (if-no-files-found: error by default), in every report', async () => {
    ws = await makeWorkspace({ 'iam/reader.json': CLEAN });
    seedPr(['iam/reader.json']);
    const result = await run({ 'terraform-plans': 'infra/plan.json', comment: 'always' });
    expect(result.code, result.stdout).toBe(1);
    expect(result.outputs).toMatchObject({ result: 'fail', errors: '1' });
    const missing = 'no plan at infra/plan.json: did the plan step run?';
    expect(result.stdout).toMatch(/::error title=ANALYSIS_FAILED[^:]*file=infra\/plan\.json,line=1/);
    expect(result.stdout).toContain(missing);
    expect(gh.comments('acme', 'infra', PR)?.[0]?.body ?? '').toContain(missing);
    expect(result.summary).toContain(missing);
    // warn keeps it a warning, as before.
    const warned = await run({ 'terraform-plans': 'infra/plan.json', 'if-no-files-found': 'warn' });
    expect(warned.code, warned.stdout).toBe(0);
    expect(warned.stdout).toContain('::warning::terraform-plans pattern infra/plan.json matched no file');
  });

  it('fails closed when the pull request files API answers {} instead of a list', async () => {
    ws = await makeWorkspace({ 'iam/deploy.json': PASS_ROLE });
    seedPr(['iam/deploy.json']);
    gh.injectFaults({ when: (r) => r.route === 'pulls.listFiles', fault: { status: 200, body: {} } });
    const result = await run();
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toContain(
      '::error::GitHub answered GET /repos/acme/infra/pulls/7/files (page 1) with an object instead of a list of files',
    );
    expect(result.stdout).not.toMatch(/unexpected error/);
  });

  it('rejects a bad input with a message naming it and no stack trace', async () => {
    ws = await makeWorkspace({ 'iam/reader.json': CLEAN });
    const result = await run({ 'fail-on': 'CRITICAL' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("::error::Input 'fail-on' is 'CRITICAL'; allowed values:");
    expect(result.stdout).not.toMatch(/\n\s+at /);
  });
});
