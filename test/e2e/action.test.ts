// One test per user story, through the bundled dist/index.js, against the fake Access Analyzer and GitHub:
// a PR that passes with the comment, a PR that fails (the comment edited on re-run), a fork PR offline
// (the local analyzer). Every other behaviour is tested in-process on run() (test/entries/action.test.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeAccessAnalyzer } from '../fakes/access-analyzer';
import { type FakeGitHub, prKey } from '../fakes/github';
import { CLEAN, PASS_ROLE, TYPO } from '../fixtures/story-policies';
import { makeWorkspace, pullRequestEvent, RUNTIMES, runAction, useFakes, type Workspace } from './harness';

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

  const env = () => fakes.env();
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
});
