// The pre-commit hook (.pre-commit-hooks.yaml) as a pre-commit user gets it: the README's
// .pre-commit-config.yaml entry (repo, rev, hooks: [{ id: iam-policy-gate }]) naming this repository, run by
// `pre-commit run --all-files` in a git repository of policies. pre-commit installs the hook's environment
// itself (npm install, npm pack, npm install -g, from the npm cache when it can) and runs the installed bin.
// CI installs Debian's pre-commit (.ci/run); elsewhere the test is skipped when pre-commit is not on PATH.
//
// Not `pre-commit try-repo`: it writes the same one-repo config but installs into a store in its own temp
// directory, so each of the two runs paid the whole install (about 15 s each on 2 cores). With the config
// and one PRE_COMMIT_HOME the second run reuses the first one's environment, as a user's second commit does.
// Like try-repo, the rev is a snapshot commit of this working tree, uncommitted changes (a fresh dist/)
// included.
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
/** The hook's config, outside the test repository (as try-repo keeps its own). */
let config: string;

/** A minimal environment: no AWS credentials or config (HOME is the temp dir), the user's npm cache. */
function env(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: tmp,
    PRE_COMMIT_HOME: join(tmp, 'pre-commit-home'),
    npm_config_cache: process.env.npm_config_cache ?? join(homedir(), '.npm'),
    // The user's npm settings (registry, CA file) still apply: HOME is the temp dir, so name them.
    npm_config_userconfig: process.env.npm_config_userconfig ?? join(homedir(), '.npmrc'),
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

const git = (...args: string[]) => gitIn(repo, ...args);

async function gitIn(cwd: string, ...args: string[]): Promise<string> {
  return gitWith(cwd, env(), ...args);
}

async function gitWith(cwd: string, gitEnv: NodeJS.ProcessEnv, ...args: string[]): Promise<string> {
  const r = await runProcess('git', args, { cwd, env: gitEnv });
  expect(r.code, `git ${args.join(' ')}\n${transcript(r)}`).toBe(0);
  return r.stdout.trim();
}

/**
 * A clone of this repository whose HEAD is a commit of its working tree (tracked and staged files), the
 * way try-repo snapshots uncommitted changes: the working tree's files go into the clone's index and object
 * store, this repository's own are not touched. Returns the clone's path and that commit.
 */
async function snapshotOfRoot(): Promise<{ path: string; rev: string }> {
  const path = join(tmp, 'hook-repo');
  await gitIn(tmp, 'clone', '-q', ROOT, path);
  const intoClone = {
    ...env(),
    GIT_INDEX_FILE: join(path, '.git', 'index'),
    GIT_OBJECT_DIRECTORY: join(path, '.git', 'objects'),
  };
  const staged = (await gitIn(ROOT, 'diff', '--cached', '--name-only', '-z')).split('\0').filter(Boolean);
  if (staged.length > 0) await gitWith(ROOT, intoClone, 'add', '--', ...staged);
  await gitWith(ROOT, intoClone, 'add', '-u');
  await gitIn(path, 'commit', '-q', '--no-verify', '--allow-empty', '-m', 'the working tree');
  return { path, rev: await gitIn(path, 'rev-parse', 'HEAD') };
}

/** pre-commit run of the hook's config on every file of the test repository. */
const runHook = () =>
  runProcess('pre-commit', ['run', '--config', config, '--all-files'], {
    cwd: repo,
    env: env(),
    timeoutMs: 240_000,
  });

const INSTALLING = /Installing environment for .*hook-repo/;

async function commitAll(): Promise<void> {
  await git('add', '-A');
  await git('commit', '-q', '-m', 'policies');
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'iam-gate-pre-commit-'));
  repo = join(tmp, 'repo');
  await mkdir(join(repo, 'iam'), { recursive: true });
  await git('init', '-q');
  // A JSON file that is not a policy: the hook must not fail on it.
  await writeFile(join(repo, 'package.json'), '{ "name": "infra", "private": true }\n');
  await cp(join(ROOT, 'examples/policies/good/s3-read-reports.json'), join(repo, 'iam/reports.json'));
  await commitAll();
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe.skipIf(!HAVE_PRE_COMMIT)("the pre-commit hook (the README's .pre-commit-config.yaml entry)", () => {
  let passed: ProcessResult;
  let failed: ProcessResult;

  beforeAll(async () => {
    const hook = await snapshotOfRoot();
    config = join(tmp, 'pre-commit-config.yaml');
    await writeFile(
      config,
      `repos:\n  - repo: ${JSON.stringify(hook.path)}\n    rev: ${hook.rev}\n    hooks: [{ id: iam-policy-gate }]\n`,
    );
    passed = await runHook();
    await cp(join(ROOT, 'examples/policies/bad/typo-in-action.json'), join(repo, 'iam/typo.json'));
    await commitAll();
    failed = await runHook();
  }, 600_000);

  it('passes a repository whose policies are good, whatever other JSON it holds', () => {
    expect(passed.code, transcript(passed)).toBe(0);
    expect(passed.stdout).toMatch(/IAM policy gate\.+Passed/);
    // The first run installs the hook's environment (npm install, npm pack, npm install -g).
    expect(passed.stdout + passed.stderr).toMatch(INSTALLING);
  });

  it('fails on a bad policy, offline with the local analyzer, and shows its findings', () => {
    expect(failed.code, transcript(failed)).toBe(1);
    expect(failed.stdout).toMatch(/IAM policy gate\.+Failed/);
    expect(failed.stdout).toContain('Analyzer: local analyzer');
    expect(failed.stdout).toMatch(/iam\/typo\.json:7:\d+ ERROR INVALID_ACTION The action "s3:GetObjekt"/);
    expect(failed.stdout).not.toContain('package.json');
    // The second run reuses the environment the first installed.
    expect(failed.stdout + failed.stderr).not.toMatch(INSTALLING);
  });
});
