// The pre-commit hook (.pre-commit-hooks.yaml) as a pre-commit user gets it: `pre-commit try-repo` of this
// repository in a git repository of policies. pre-commit installs the hook's environment itself (npm install,
// npm pack, npm install -g, from the npm cache when it can) and runs the installed bin. CI installs Debian's
// pre-commit (.ci/run); elsewhere the test is skipped when pre-commit is not on PATH.
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './harness';
import { type ProcessResult, runProcess, transcript } from './process';

function onPath(program: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const HAVE_PRE_COMMIT = onPath('pre-commit');
if (!HAVE_PRE_COMMIT && process.env.CI) {
  throw new Error('pre-commit is not installed: .ci/run installs it (apt-get install pre-commit)');
}

let tmp: string;
let repo: string;

/** A minimal environment: no AWS credentials or config (HOME is the temp dir), the user's npm cache. */
function env(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: tmp,
    PRE_COMMIT_HOME: join(tmp, 'pre-commit-home'),
    npm_config_cache: process.env.npm_config_cache ?? join(homedir(), '.npm'),
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    AWS_EC2_METADATA_DISABLED: 'true',
    GIT_AUTHOR_NAME: 'e2e',
    GIT_AUTHOR_EMAIL: 'e2e@example.com',
    GIT_COMMITTER_NAME: 'e2e',
    GIT_COMMITTER_EMAIL: 'e2e@example.com',
  };
}

const git = (...args: string[]) => runProcess('git', args, { cwd: repo, env: env() });

/** pre-commit try-repo of this repository's hook on every file of the test repository. */
const tryRepo = () =>
  runProcess('pre-commit', ['try-repo', ROOT, 'iam-policy-gate', '--all-files'], {
    cwd: repo,
    env: env(),
    timeoutMs: 240_000,
  });

async function commitAll(): Promise<void> {
  for (const args of [
    ['add', '-A'],
    ['commit', '-q', '-m', 'policies'],
  ]) {
    const r = await git(...args);
    expect(r.code, transcript(r)).toBe(0);
  }
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'iam-gate-pre-commit-'));
  repo = join(tmp, 'repo');
  await mkdir(join(repo, 'iam'), { recursive: true });
  const init = await git('init', '-q');
  expect(init.code, transcript(init)).toBe(0);
  // A JSON file that is not a policy: the hook must not fail on it.
  await writeFile(join(repo, 'package.json'), '{ "name": "infra", "private": true }\n');
  await cp(join(ROOT, 'examples/policies/good/s3-read-reports.json'), join(repo, 'iam/reports.json'));
  await commitAll();
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe.skipIf(!HAVE_PRE_COMMIT)('the pre-commit hook (pre-commit try-repo)', () => {
  let passed: ProcessResult;
  let failed: ProcessResult;

  beforeAll(async () => {
    passed = await tryRepo();
    await cp(join(ROOT, 'examples/policies/bad/typo-in-action.json'), join(repo, 'iam/typo.json'));
    await commitAll();
    failed = await tryRepo();
  }, 600_000);

  it('passes a repository whose policies are good, whatever other JSON it holds', () => {
    expect(passed.code, transcript(passed)).toBe(0);
    expect(passed.stdout).toMatch(/IAM policy gate\.+Passed/);
  });

  it('fails on a bad policy, offline with the local analyzer, and shows its findings', () => {
    expect(failed.code, transcript(failed)).toBe(1);
    expect(failed.stdout).toMatch(/IAM policy gate\.+Failed/);
    expect(failed.stdout).toContain('Analyzer: local analyzer');
    expect(failed.stdout).toMatch(/iam\/typo\.json:7:\d+ ERROR INVALID_ACTION The action "s3:GetObjekt"/);
    expect(failed.stdout).not.toContain('package.json');
  });
});
