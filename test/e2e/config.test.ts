// The platform team's controls through dist/index.js: the config file from the base branch, thresholds,
// ignore rules and the simulate lists (against the fake Access Analyzer, IAM and GitHub).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prKey } from '../fakes/github';
import {
  CLI,
  makeWorkspace,
  pullRequestEvent,
  RUNTIMES,
  runAction,
  useFakes,
  type Workspace,
} from './harness';

const PASS_ROLE = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "PassAnyRole", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }
  ]
}
`;
const IAM_ADMIN = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "IamAdmin", "Effect": "Allow", "Action": "iam:*", "Resource": "*" }
  ]
}
`;
const READ_ONLY = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "List", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*" }
  ]
}
`;
const CONFIG = '.github/iam-policy-gate.yml';
const BASE_SHA = 'c'.repeat(40);
const PR = 12;
const node = RUNTIMES[0]?.node ?? process.execPath;

describe('config file, ignores and simulation (action e2e)', () => {
  const fakes = useFakes();
  let ws: Workspace;
  afterEach(async () => {
    await ws?.cleanup();
  });

  const run = (files: string[], baseConfig?: string, inputs: Record<string, string> = {}) => {
    const { gh } = fakes;
    gh.state.pulls[prKey('acme', 'infra', PR)] = { files: files.map((filename) => ({ filename })) };
    if (baseConfig !== undefined) gh.state.contents['acme/infra'] = { [BASE_SHA]: { [CONFIG]: baseConfig } };
    return runAction({
      node,
      ws,
      inputs: { 'github-token': 'ghs_e2e', ...inputs },
      env: fakes.env(),
      event: pullRequestEvent(PR),
    });
  };
  const comment = () => fakes.gh.comments('acme', 'infra', PR)?.[0]?.body ?? '';

  it("uses the base branch's config, not the one the pull request changes", async () => {
    // The PR tries to loosen its own gate; the base branch says fail-on ERROR only... and the PR says NONE.
    ws = await makeWorkspace({ 'iam/deploy.json': PASS_ROLE, [CONFIG]: 'fail-on: []\n' });
    const result = await run(['iam/deploy.json', CONFIG], 'fail-on: [ERROR, SECURITY_WARNING]\n');
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toContain('(from the base branch)');
    expect(comment()).toMatch(/applies after (the )?merge/);
  });

  it('lets a SECURITY_WARNING pass when the config says fail-on: [ERROR]', async () => {
    ws = await makeWorkspace({ 'iam/deploy.json': PASS_ROLE });
    const result = await run(['iam/deploy.json'], 'fail-on: [ERROR]\n');
    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs['security-warnings']).toBe('1');
  });

  it('suppresses a finding by an ignore rule and shows it collapsed with its reason', async () => {
    ws = await makeWorkspace({ 'iam/deploy.json': PASS_ROLE });
    const config = [
      'ignore:',
      '  - code: PASS_ROLE_WITH_STAR_IN_RESOURCE',
      '    path: "iam/**"',
      '    reason: "deploy role; scoped by permissions boundary (SEC-42)"',
      '',
    ].join('\n');
    const result = await run(['iam/deploy.json'], config);
    expect(result.code, result.stdout).toBe(0);
    const body = comment();
    expect(body).toMatch(/<details><summary>[^<]*1 suppressed/);
    expect(body).toContain('deploy role; scoped by permissions boundary \\(SEC-42\\)');
  });

  it('fails with the bad key and line of a malformed config', async () => {
    ws = await makeWorkspace({ 'iam/deploy.json': PASS_ROLE });
    const result = await run(['iam/deploy.json'], 'fail-on: [ERROR]\nignore:\n  - code: X\n');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /::error::.*\.github\/iam-policy-gate\.yml:3: ignore\[0\]\.reason: Required/,
    );
    expect(result.stdout).not.toMatch(/\n\s+at /);
  });

  it('accounts for every deny-listed iam: action an iam:* policy allows, and an allow-listed action it lacks', async () => {
    ws = await makeWorkspace({ 'iam/admin.json': IAM_ADMIN, 'iam/read.json': READ_ONLY });
    const result = await run(['iam/admin.json', 'iam/read.json'], 'simulate:\n  allow: [s3:GetObject]\n');
    expect(result.code).toBe(1);
    const report = JSON.parse(
      await import('node:fs/promises').then((fs) => fs.readFile(result.outputs['report-json'] ?? '', 'utf8')),
    ) as { findings: { code: string; target: string; message: string; severity: string }[] };
    const denied = report.findings.filter(
      (f) => f.code === 'SIMULATE_DENY_ALLOWED' && f.target === 'iam/admin.json',
    );
    const { DEFAULT_SIMULATE_DENY } = await import('../../src/core/privilege-escalation');
    const iamActions = DEFAULT_SIMULATE_DENY.filter((a) => a.startsWith('iam:'));
    expect(iamActions.length).toBeGreaterThan(10);
    // At most one simulation finding for the statement; the actions another finding there names (iam:* as
    // SERVICE_WIDE_WILDCARD, PassRole, the escalation sets) are listed by that finding instead (one finding
    // per risk). Together: every action.
    expect(denied.length).toBeLessThanOrEqual(1);
    const count = (list: string) => {
      const more = /^(.*) and (\d+) more$/.exec(list);
      return more ? more[1]!.split(', ').length + Number(more[2]) : list.split(', ').length;
    };
    const simulated = denied[0]
      ? Number(/^(\d+) actions that simulate\.deny forbids/.exec(denied[0].message)?.[1])
      : 0;
    const standsFor = report.findings
      .filter((f) => f.target === 'iam/admin.json')
      .flatMap((f) => [
        ...f.message.matchAll(/stands for (?:[A-Z_]+; )*SIMULATE_DENY_ALLOWED for (.+?) on this statement/g),
      ])
      .map((m) => count(m[1]!));
    expect(simulated + standsFor.reduce((a, b) => a + b, 0)).toBe(iamActions.length);
    const lacking = report.findings.filter((f) => f.code === 'SIMULATE_ALLOW_DENIED');
    expect(lacking.map((f) => [f.target, f.severity])).toEqual(
      expect.arrayContaining([['iam/read.json', 'ERROR']]),
    );
  });
});

describe('config file (CLI)', () => {
  it('exits 2 naming the bad key and line', async () => {
    const ws = await makeWorkspace({
      'p.json': PASS_ROLE,
      'gate.yml': 'fail-on: [ERROR]\nmax_warnings: 3\n',
    });
    const result = await new Promise<{ code: number; stderr: string }>((done) => {
      execFile(
        process.execPath,
        [CLI, 'check', '--config', 'gate.yml', '--analyzer', 'local'],
        { cwd: join(ws.dir, 'repo') },
        (err, _stdout, stderr) => done({ code: err ? Number(err.code ?? 1) : 0, stderr }),
      );
    });
    await ws.cleanup();
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/gate\.yml:2: max_warnings: unknown key\. Did you mean 'max-warnings'\?/);
  });
});
