// The CLI's run() in-process (src/entries/cli.ts): arguments, directory, environment and output streams
// passed in, the exit code returned; the real clients against the fake Access Analyzer and IAM.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultClients } from '../../src/clients';
import { VERSION } from '../../src/core/version';
import { run } from '../../src/entries/cli';
import { type FakeAccessAnalyzer, startFakeAccessAnalyzer } from '../fakes/access-analyzer';
import { type FakeIam, startFakeIam } from '../fakes/iam';
import { fakeAwsEnv } from './support';

const ROOT = join(__dirname, '../..');
const policy = (...statements: object[]) =>
  `${JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2)}\n`;
const passRole = (sid: string) => ({ Sid: sid, Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' });

interface JsonReport {
  findings: { code: string; isNew: boolean }[];
}

let aa: FakeAccessAnalyzer;
let iam: FakeIam;
let dir: string;
let repo: string;

beforeAll(async () => {
  aa = await startFakeAccessAnalyzer();
  iam = await startFakeIam();
});
afterAll(async () => {
  await aa.close();
  await iam.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iam-gate-cli-entry-'));
  repo = join(dir, 'repo');
  await mkdir(repo);
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

const write = async (path: string, text: string) => {
  await mkdir(dirname(join(repo, path)), { recursive: true });
  await writeFile(join(repo, path), text);
};

/** One command line in `repo`; the SDK reads its endpoints and credentials from process.env, stubbed too. */
async function cli(argv: string[], extra: Record<string, string> = {}) {
  const env: Record<string, string> = {
    ...fakeAwsEnv(dir, { accessAnalyzer: aa.url, iam: iam.url }),
    NO_COLOR: '1',
    AWS_REGION: 'us-east-1',
    GITHUB_ACTIONS: '',
    ...extra,
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  let stdout = '';
  let stderr = '';
  const code = await run({
    argv,
    cwd: repo,
    env,
    stdout: { write: (text) => (stdout += text) },
    stderr: { write: (text) => (stderr += text) },
    clients: defaultClients(env),
  });
  return { code, stdout, stderr };
}

describe('the CLI run() in-process', () => {
  it('reports the bad example policies on AWS, exits 1, and 0 on the good ones', async () => {
    await cp(join(ROOT, 'examples/policies'), join(repo, 'examples/policies'), { recursive: true });
    const bad = await cli(['check', 'examples/policies']);
    expect(bad.code, bad.stderr).toBe(1);
    expect(bad.stderr).toContain('Analyzer: IAM Access Analyzer (us-east-1)');
    expect(bad.stdout).toContain(
      'examples/policies/bad/deploy-pass-any-role.json:14:19 SECURITY_WARNING PASS_ROLE_WITH_STAR_IN_RESOURCE',
    );
    expect(bad.stdout).not.toContain('\u001b['); // NO_COLOR, and not a terminal
    expect(bad.stdout.trim().split('\n').at(-1)).toMatch(/gate failed/);
    const good = await cli(['check', 'examples/policies/good']);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/gate passed/);
  });

  it('writes colour only to a terminal that asks for it', async () => {
    await write('iam/deploy.json', policy(passRole('Any')));
    let stdout = '';
    const code = await run({
      argv: ['check', '--analyzer', 'local'],
      cwd: repo,
      env: { HOME: dir },
      stdout: { write: (text) => (stdout += text), isTTY: true },
      stderr: { write: () => true },
      clients: defaultClients({}),
    });
    expect(code).toBe(1);
    expect(stdout).toContain('\u001b[');
  });

  it('says its version, its usage, and exits 2 on an unknown command or option', async () => {
    expect(await cli(['--version'])).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    const bare = await cli([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toContain('Usage: iam-policy-gate check');
    const unknown = await cli(['lint']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("iam-policy-gate: Unknown command 'lint'.");
    const option = await cli(['check', '--no-such-option']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('Run `iam-policy-gate --help` for usage.');
  });

  it('exits 2 with a clear message when --analyzer aws has no AWS credentials', async () => {
    await write('iam/deploy.json', policy(passRole('Any')));
    const result = await cli(['check', '--analyzer', 'aws'], {
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('No AWS credentials for IAM Access Analyzer (analyzer: aws)');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  const git = (...args: string[]) =>
    new Promise<string>((done, fail) =>
      execFile(
        'git',
        ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args],
        { cwd: repo },
        (err, out) => (err ? fail(err) : done(out)),
      ),
    );

  it('new-only compares with the revision given by --base, following a rename', async () => {
    await write('old/deploy.json', policy(passRole('Old1')));
    await git('init', '-q', '-b', 'main');
    await git('add', '.');
    await git('commit', '-qm', 'base');
    await git('mv', 'old/deploy.json', 'iam-deploy.json');
    await write('iam-deploy.json', policy(passRole('Old1'), passRole('New')));
    const result = await cli([
      'check',
      '--analyzer',
      'local',
      '--new-only',
      '--base',
      'main',
      '--format',
      'json',
    ]);
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    const passRoles = report.findings.filter((f) => f.code === 'PASS_ROLE_WITH_STAR_IN_RESOURCE');
    expect(passRoles.map((f) => f.isNew)).toEqual([false, true]);
    const unknown = await cli(['check', '--analyzer', 'local', '--base', 'no-such-branch']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--base 'no-such-branch' is not a commit");
  });
});
