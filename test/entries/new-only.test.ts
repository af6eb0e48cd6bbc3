// Judging the change, not the repository, through the action's run() in-process: every behaviour
// test/e2e/new-only.test.ts checks. The base branch's files come from the fake GitHub contents API at the
// base sha, or from the checkout's git history; the same stories run on the fake Access Analyzer + IAM and
// on the local analyzer.
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { prKey } from '../fakes/github';
import { jsonReport, pullRequestEvent, useActionRun } from './support';

const CONFIG = '.github/iam-policy-gate.yml';
const BASE_SHA = 'c'.repeat(40);
const PR = 31;
const FILE = 'iam/deploy.json';

const policy = (...statements: object[]) =>
  `${JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2)}\n`;
const passRole = (sid: string) => ({ Sid: sid, Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' });
const s3 = (action: string) => ({
  Sid: 'Read',
  Effect: 'Allow',
  Action: action,
  Resource: 'arn:aws:s3:::reports/*',
});

interface JsonReport {
  verdict: { result: string };
  findings: { code: string; isNew: boolean; location?: { startLine: number }; message: string }[];
}

for (const analyzer of ['aws', 'local'] as const) {
  describe(`new-only and no-new-access (action run(), analyzer: ${analyzer})`, () => {
    const t = useActionRun();

    const run = async (head: string, base: string | undefined, config: string) => {
      await t.ws.write(FILE, head);
      t.gh.state.pulls[prKey('acme', 'infra', PR)] = { files: [{ filename: FILE }] };
      t.gh.state.contents['acme/infra'] = {
        [BASE_SHA]: { [CONFIG]: config, ...(base !== undefined ? { [FILE]: base } : {}) },
      };
      const result = await t.run({
        inputs: { 'github-token': 'ghs_e2e', analyzer, comment: 'always' },
        event: pullRequestEvent(PR),
      });
      const report = await jsonReport<JsonReport>(result);
      const comment = t.gh.comments('acme', 'infra', PR)?.[0]?.body ?? '';
      return { ...result, report, comment };
    };

    it('fails only on the statement the PR adds; the two findings already on the base branch are listed as existing', async () => {
      const base = policy(passRole('Old1'), {
        ...passRole('Old2'),
        Action: ['iam:PassRole', 's3:GetObject'],
      });
      // The new statement goes first, so every old statement moves down a line and an index.
      const head = policy(passRole('AddedInThisPr'), passRole('Old1'), {
        ...passRole('Old2'),
        Action: ['iam:PassRole', 's3:GetObject'],
      });
      const result = await run(head, base, 'new-only: true\n');
      expect(result.code, result.transcript).toBe(1);
      const passRoles = result.report.findings.filter((f) => f.code.startsWith('PASS_ROLE_WITH_STAR'));
      // Sorted by line: the added statement's Resource (line 8), then the two moved ones.
      expect(passRoles.map((f) => f.isNew)).toEqual([true, false, false]);
      const [added, old1, old2] = passRoles.map((f) => f.location?.startLine ?? 0);
      expect(result.failed.join('\n')).toMatch(/1 SECURITY_WARNING finding \(fail-on\)/);
      // The comment leads with the new finding; the old ones sit collapsed below.
      const body = result.comment;
      const existing = body.search(/<summary>[^<]*already on the base branch/);
      expect(existing).toBeGreaterThan(0);
      expect(body.slice(0, existing)).toContain(`${FILE}:${added}`);
      expect(body.slice(0, existing)).not.toContain(`${FILE}:${old1}`);
      expect(body.slice(existing)).toContain(`${FILE}:${old1}`);
      expect(body.slice(existing)).toContain(`${FILE}:${old2}`);
    });

    it('passes a PR that only adds a clean statement to a policy with old findings', async () => {
      const base = policy(passRole('Old1'), passRole('Old2'));
      const result = await run(
        policy(passRole('Old1'), passRole('Old2'), s3('s3:GetObject')),
        base,
        'new-only: true\n',
      );
      expect(result.code, result.transcript).toBe(0);
      expect(
        result.report.findings.filter((f) => f.code.startsWith('PASS_ROLE')).every((f) => !f.isNew),
      ).toBe(true);
      expect(result.comment).toMatch(/<summary>\d+ already on the base branch: 2 security warnings/);
    });

    it('without new-only, the same old findings fail the gate', async () => {
      const base = policy(passRole('Old1'));
      const result = await run(
        policy(passRole('Old1'), s3('s3:GetObject')),
        base,
        'fail-on: [ERROR, SECURITY_WARNING]\n',
      );
      expect(result.code, result.transcript).toBe(1);
    });

    it('fails a PR that widens s3:GetObject to s3:* with NEW_ACCESS, and passes one that narrows it', async () => {
      const config = 'checks:\n  no-new-access: true\n';
      const widened = await run(policy(s3('s3:*')), policy(s3('s3:GetObject')), config);
      expect(widened.code, widened.transcript).toBe(1);
      const newAccess = widened.report.findings.filter((f) => f.code === 'NEW_ACCESS');
      expect(newAccess).toHaveLength(1);
      expect(newAccess[0]?.location?.startLine).toBe(4);
      if (analyzer === 'aws') expect(newAccess[0]?.message).toContain('index: 0');
      else expect(newAccess[0]?.message).toContain('(local check)');

      const narrowed = await run(policy(s3('s3:GetObject')), policy(s3('s3:*')), config);
      expect(narrowed.code, narrowed.transcript).toBe(0);
      expect(narrowed.report.findings.filter((f) => f.code === 'NEW_ACCESS')).toEqual([]);
    });

    it('says so when a policy is new in the PR and there is nothing to compare with', async () => {
      const result = await run(policy(s3('s3:*')), undefined, 'checks:\n  no-new-access: true\n');
      expect(result.code, result.transcript).toBe(0);
      expect(result.comment).toMatch(/new in this change.*no new-access check ran for iam\/deploy\.json/s);
    });
  });
}

describe("new-only from the checkout's git history (action run())", () => {
  const t = useActionRun();

  it('reads the base commit with git when the checkout has it, without the contents API', async () => {
    await t.ws.write(FILE, policy(passRole('Old1')));
    const git = (...args: string[]) =>
      new Promise<string>((done, fail) =>
        execFile(
          'git',
          ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args],
          { cwd: t.ws.repo },
          (err, out) => (err ? fail(err) : done(out.trim())),
        ),
      );
    await git('init', '-q', '-b', 'main');
    await git('add', '.');
    await git('commit', '-qm', 'base');
    const baseSha = await git('rev-parse', 'HEAD');
    await t.ws.write(FILE, policy(passRole('Old1'), passRole('New')));
    await t.ws.write(CONFIG, 'new-only: true\n');
    t.gh.state.pulls[prKey('acme', 'infra', PR)] = { files: [{ filename: FILE }] };
    const event = pullRequestEvent(PR);
    event.payload.pull_request.base.sha = baseSha;
    const result = await t.run({
      inputs: { 'github-token': 'ghs_e2e', analyzer: 'local', 'config-source': 'head' },
      event,
    });
    expect(result.code, result.transcript).toBe(1);
    expect(result.info).toContainEqual(expect.stringContaining("read from the checkout's git history"));
    const report = await jsonReport<JsonReport>(result);
    const passRoles = report.findings.filter((f) => f.code === 'PASS_ROLE_WITH_STAR_IN_RESOURCE');
    expect(passRoles.map((f) => f.isNew)).toEqual([false, true]);
    expect(t.gh.requests.filter((r) => r.path.includes('/contents/'))).toEqual([]);
  });
});
