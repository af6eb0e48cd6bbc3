// The bundled CLI (dist/cli/index.js) against the fake Access Analyzer: report format and exit codes.
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAccessAnalyzer, startFakeAccessAnalyzer } from '../fakes/access-analyzer';
import { type FakeIam, startFakeIam } from '../fakes/iam';
import { makeWorkspace, ROOT, runCli, type Workspace } from './harness';

let aa: FakeAccessAnalyzer;
let iam: FakeIam;
let ws: Workspace;

beforeAll(async () => {
  aa = await startFakeAccessAnalyzer();
  iam = await startFakeIam();
  ws = await makeWorkspace({});
  await cp(join(ROOT, 'examples/policies'), join(ws.dir, 'repo/examples/policies'), { recursive: true });
});
afterAll(async () => {
  await aa.close();
  await iam.close();
  await ws.cleanup();
});

function cli(args: string[], env: Record<string, string> = {}) {
  return runCli(ws, args, {
    AWS_ENDPOINT_URL_ACCESSANALYZER: aa.url,
    AWS_ENDPOINT_URL_IAM: iam.url,
    AWS_ACCESS_KEY_ID: 'AKIDFAKECLI',
    AWS_SECRET_ACCESS_KEY: 'fake-secret-cli',
    ...env,
  });
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
