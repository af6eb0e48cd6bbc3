// The bundled CLI (dist/cli/index.js) against the fake Access Analyzer: the text report and its exit code, and
// a directory it cannot list (as root the CLI runs as another user, which only a process can). The other
// options and exit codes are tested through run() in-process (test/entries/cli.test.ts).
import { chmod, cp, mkdir, writeFile } from 'node:fs/promises';
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

function cli(
  args: string[],
  env: Record<string, string> = {},
  opts: { uid?: number; gid?: number; nodeArgs?: readonly string[] } = {},
) {
  return runCli(ws, args, { ...fakes.env(), ...env }, opts);
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

  it('prints no AWS SDK notice about the Node version, on a Node the SDK warns about', async () => {
    // The SDK reads process.version when it builds a client: a preload makes this Node look like Node 20,
    // which the SDK's releases after January 2027 no longer support, so the notice would be printed.
    const preload = join(ws.dir, 'node-20.cjs');
    await writeFile(preload, "Object.defineProperty(process, 'version', { value: 'v20.19.0' });\n");
    const { code, stdout, stderr } = await cli(
      ['check', 'examples/policies/good'],
      {},
      {
        nodeArgs: ['--require', preload],
      },
    );
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('Analyzer: IAM Access Analyzer (us-east-1)');
    for (const out of [stdout, stderr]) {
      expect(out).not.toMatch(/NodeVersionSupportWarning|AWS SDK for JavaScript|upgrade to node/i);
    }
    expect(stderr.trim().split('\n')).toEqual([
      'Analyzer: IAM Access Analyzer (us-east-1): AWS credentials found through the default chain',
    ]);
  });

  it('checks an absolute path outside the current directory, reported as typed', async () => {
    const elsewhere = join(ws.dir, 'elsewhere/deploy.json');
    await mkdir(join(ws.dir, 'elsewhere'), { recursive: true });
    await cp(join(ROOT, 'examples/policies/bad/deploy-pass-any-role.json'), elsewhere);
    const { code, stdout, stderr } = await cli(['check', elsewhere]);
    expect(code, stderr).toBe(1);
    expect(stdout).toContain(`${elsewhere}:14:19 SECURITY_WARNING PASS_ROLE_WITH_STAR_IN_RESOURCE`);
  });
});
