// Judging the change, not the repository (issue: baselines and custom checks), through dist/index.js on a
// pull_request event: the base branch's files come from the fake GitHub contents API at the base sha. One
// story here; the rest (the local analyzer, no-new-access, git history, the CLI) is tested in-process on
// run() (test/entries/new-only.test.ts, test/entries/cli.test.ts).
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { prKey } from '../fakes/github';
import { makeWorkspace, pullRequestEvent, RUNTIMES, runAction, useFakes, type Workspace } from './harness';

const CONFIG = '.github/iam-policy-gate.yml';
const BASE_SHA = 'c'.repeat(40);
const PR = 31;
const FILE = 'iam/deploy.json';
const node = RUNTIMES[0]?.node ?? process.execPath;

const policy = (...statements: object[]) =>
  `${JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2)}\n`;
const passRole = (sid: string) => ({ Sid: sid, Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' });

interface JsonReport {
  verdict: { result: string };
  findings: { code: string; isNew: boolean; location?: { startLine: number }; message: string }[];
}

for (const analyzer of ['aws'] as const) {
  describe(`new-only and no-new-access (action e2e, analyzer: ${analyzer})`, () => {
    const fakes = useFakes();
    let ws: Workspace;
    afterEach(async () => {
      await ws?.cleanup();
    });

    const run = async (head: string, base: string | undefined, config: string) => {
      ws = await makeWorkspace({ [FILE]: head });
      fakes.gh.state.pulls[prKey('acme', 'infra', PR)] = { files: [{ filename: FILE }] };
      fakes.gh.state.contents['acme/infra'] = {
        [BASE_SHA]: { [CONFIG]: config, ...(base !== undefined ? { [FILE]: base } : {}) },
      };
      const result = await runAction({
        node,
        ws,
        inputs: { 'github-token': 'ghs_e2e', analyzer, comment: 'always' },
        env: fakes.env(),
        event: pullRequestEvent(PR),
      });
      const report = JSON.parse(await readFile(result.outputs['report-json'] ?? '', 'utf8')) as JsonReport;
      const comment = fakes.gh.comments('acme', 'infra', PR)?.[0]?.body ?? '';
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
      expect(result.code, result.stdout).toBe(1);
      const passRoles = result.report.findings.filter((f) => f.code.startsWith('PASS_ROLE_WITH_STAR'));
      // Sorted by line: the added statement's Resource (line 8), then the two moved ones.
      expect(passRoles.map((f) => f.isNew)).toEqual([true, false, false]);
      const [added, old1, old2] = passRoles.map((f) => f.location?.startLine ?? 0);
      expect(result.stdout).toMatch(/1 SECURITY_WARNING finding \(fail-on\)/);
      // The comment leads with the new finding; the old ones sit collapsed below.
      const body = result.comment;
      const existing = body.search(/<summary>[^<]*already on the base branch/);
      expect(existing).toBeGreaterThan(0);
      expect(body.slice(0, existing)).toContain(`${FILE}:${added}`);
      expect(body.slice(0, existing)).not.toContain(`${FILE}:${old1}`);
      expect(body.slice(existing)).toContain(`${FILE}:${old1}`);
      expect(body.slice(existing)).toContain(`${FILE}:${old2}`);
    });
  });
}
