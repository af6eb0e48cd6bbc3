// The bundled CLI (dist/cli/index.js) against the fake Access Analyzer: report format and exit codes.
import { chmod, cp, mkdtemp, readdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, ROOT, runCli, useAwsFakes, type Workspace } from './harness';

const fakes = useAwsFakes();
let ws: Workspace;

beforeAll(async () => {
  ws = await makeWorkspace({});
  await cp(join(ROOT, 'examples/policies'), join(ws.dir, 'repo/examples/policies'), { recursive: true });
});
afterAll(async () => {
  await ws.cleanup();
});

function cli(args: string[], env: Record<string, string> = {}, as: { uid?: number; gid?: number } = {}) {
  return runCli(ws, args, { ...fakes.env(), ...env }, as);
}

describe('iam-policy-gate check (dist/cli)', () => {
  it('reports the bad example policies like a compiler and exits 1', async () => {
    const { code, stdout } = await cli(['check', 'examples/policies']);
    expect(code).toBe(1);
    expect(stdout).toContain(
      'examples/policies/bad/deploy-pass-any-role.json:14:19 SECURITY_WARNING PASS_ROLE_WITH_STAR_IN_RESOURCE',
    );
    expect(stdout).toMatch(/examples\/policies\/bad\/typo-in-action\.json:7:\d+ ERROR INVALID_ACTION/);
    expect(stdout).toMatch(
      /examples\/policies\/bad\/typo-in-action\.json:7:\d+ ERROR INVALID_SERVICE_IN_ACTION/,
    );
    expect(stdout).not.toContain('good/');
    expect(stdout).not.toContain('\u001b['); // not a terminal: no colour
    expect(stdout.trim().split('\n').at(-1)).toMatch(/gate failed/);
  });

  it('passes the good example policies and exits 0', async () => {
    const { code, stdout } = await cli(['check', 'examples/policies/good']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/gate passed/);
  });

  it('prints the JSON report with --format json', async () => {
    const { code, stdout } = await cli(['check', 'examples/policies/bad', '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as {
      schemaVersion: number;
      result: string;
      findings: { code: string }[];
    };
    expect(report.schemaVersion).toBe(1);
    expect(report.result).toBe('fail');
    expect(report.findings.map((f) => f.code)).toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE');
  });

  it('lets --fail-on ERROR pass a SECURITY_WARNING', async () => {
    const { code } = await cli([
      'check',
      'examples/policies/bad/deploy-pass-any-role.json',
      '--fail-on',
      'ERROR',
    ]);
    expect(code).toBe(0);
  });

  it('exits 2 on a usage error, with a message and no stack trace', async () => {
    const bad = await cli(['check', '--format', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--format is 'xml'; allowed: text, json, markdown, sarif.");
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const outside = await cli(['check', '../elsewhere']);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('outside the current directory');
    const unknown = await cli(['check', '--frobnicate']);
    expect(unknown.code).toBe(2);
  });

  it('exits 2 naming each path or glob that matches nothing (a typo must not pass)', async () => {
    await ws.write('empty/README.md', 'no JSON here');
    const typo = await cli(['check', 'examples/policies/good', 'examles/']);
    expect(typo.code).toBe(2);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toContain('iam-policy-gate: examles/: no such file or directory; check the spelling');
    expect(typo.stderr).not.toContain('examples/policies/good');
    expect(typo.stderr).not.toMatch(/\n\s+at /);
    // A comma belongs to the path: `a,b/` is one directory, not `a` and `b/`.
    await ws.write('a/x.json', '{"Version":"2012-10-17","Statement":[]}');
    const comma = await cli(['check', 'a,missing/']);
    expect(comma.code).toBe(2);
    expect(comma.stderr).toContain('a,missing/: no such file or directory');
    const glob = await cli(['check', 'nomatch/**/*.json']);
    expect(glob.code).toBe(2);
    expect(glob.stderr).toContain('nomatch/**/*.json: the pattern matches no file');
    const empty = await cli(['check', 'empty']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('empty: no JSON file in this directory or below it');
  });

  it('fails closed on a directory it cannot list, naming it, instead of skipping it', async () => {
    const clean =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}';
    await ws.write('area/ok.json', clean);
    await ws.write('area/locked/admin.json', clean);
    const locked = join(ws.dir, 'repo/area/locked');
    await chmod(locked, 0o000);
    // root reads any directory: run the CLI as nobody then (the files above are world-readable).
    const asRoot = process.getuid?.() === 0;
    if (asRoot) await chmod(ws.dir, 0o755);
    try {
      const { code, stdout, stderr } = await cli(
        ['check', 'area'],
        {},
        asRoot ? { uid: 65534, gid: 65534 } : {},
      );
      expect(code, stderr).toBe(1);
      expect(stdout).toContain(
        'area/locked:1 ERROR ANALYSIS_FAILED the directory cannot be read (EACCES); its files were not analysed.',
      );
    } finally {
      await chmod(locked, 0o755);
    }
  });

  it('reads a plan over 10 MiB given as a path under the plan limit, and analyses it', async () => {
    const passRole =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}';
    const objects = Array.from({ length: 30_000 }, (_, i) => ({
      address: `aws_s3_object.o${i}`,
      mode: 'managed',
      type: 'aws_s3_object',
      name: `o${i}`,
      change: { actions: ['create'], after: { key: `k${i}`, content: 'x'.repeat(400) } },
    }));
    const policy = {
      address: 'aws_iam_policy.deploy',
      mode: 'managed',
      type: 'aws_iam_policy',
      name: 'deploy',
      change: {
        actions: ['create'],
        after: { name: 'deploy', policy: passRole },
        after_unknown: {},
        after_sensitive: {},
      },
    };
    const plan = JSON.stringify({
      format_version: '1.2',
      terraform_version: '1.9.8',
      planned_values: { root_module: {} },
      resource_changes: [...objects, policy],
    });
    expect(plan.length).toBeGreaterThan(10 * 1024 * 1024);
    await ws.write('big/plan.json', plan);
    const { code, stdout, stderr } = await cli(['check', 'big/plan.json']);
    expect(code, stderr).toBe(1);
    expect(stdout).toMatch(/big\/plan\.json.*PASS_ROLE_WITH_STAR_IN_RESOURCE/);
    expect(stdout).not.toContain('over the limit');
  });

  it('keeps --cache-file under the current directory or the temp directory, through no link', async () => {
    const outside = await mkdtemp(join(ws.dir, 'outside-'));
    await symlink(outside, join(ws.dir, 'repo', 'cache-link'));
    const linked = await cli(['check', 'examples/policies/good', '--cache-file', 'cache-link/gate.json']);
    expect(linked.code).toBe(2);
    expect(linked.stderr).toContain(
      "iam-policy-gate: --cache-file is 'cache-link/gate.json': cache-link is a symbolic link",
    );
    expect(linked.stderr).not.toMatch(/\n\s+at /);
    expect(await readdir(outside)).toEqual([]);

    const elsewhere = await cli([
      'check',
      'examples/policies/good',
      '--cache-file',
      '/nonexistent-gate/c.json',
    ]);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain(
      'the gate writes only under the current directory or the temp directory',
    );

    const local = await cli(['check', 'examples/policies/good', '--cache-file', '.cache/gate.json']);
    expect(local.code, local.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(ws.dir, 'repo/.cache/gate.json'), 'utf8')).format).toBe(
      'iam-policy-gate-result-cache',
    );
  });

  const noCredentials = {
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_ENDPOINT_URL_ACCESSANALYZER: 'http://127.0.0.1:9', // never called: a call would fail the run
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
  };

  it('runs the local analyzer without AWS credentials, and says so', async () => {
    const { code, stdout, stderr } = await cli(['check', 'examples/policies'], noCredentials);
    expect(stderr).toMatch(/Analyzer: local analyzer: no AWS credentials/);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /bad\/deploy-pass-any-role\.json:14:19 SECURITY_WARNING PASS_ROLE_WITH_STAR_IN_RESOURCE/,
    );
    expect(stdout).toMatch(/bad\/typo-in-action\.json:7:\d+ ERROR INVALID_ACTION/);
    expect(stdout).toMatch(/bad\/typo-in-action\.json:7:\d+ ERROR INVALID_SERVICE_IN_ACTION/);
    expect(stdout).not.toContain('good/');
    const good = await cli(['check', 'examples/policies/good'], noCredentials);
    expect(good.code).toBe(0);
  });

  it('exits 2 with a clear message when --analyzer aws has no AWS credentials', async () => {
    const { code, stderr } = await cli(['check', 'examples/policies', '--analyzer', 'aws'], noCredentials);
    expect(code).toBe(2);
    expect(stderr).toMatch(/No AWS credentials for IAM Access Analyzer \(analyzer: aws\)/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
