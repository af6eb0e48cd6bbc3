// The base branch from the local git history, for the CLI's `--base REF` (the action reads it through the
// GitHub API): `git show REF:./path` for each file, renames from `git diff --name-status -M REF`.
import { execFile } from 'node:child_process';
import { ConfigurationError } from '../core/errors';
import type { BaseBranch } from '../core/types';

function git(cwd: string, args: readonly string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'git',
      [...args],
      { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        resolve({ ok: !err, stdout, stderr });
      },
    );
  });
}

/** `git diff --name-status -z` records: new path -> old path for renames (paths relative to `cwd`). */
export function parseRenames(output: string): Map<string, string> {
  const renamed = new Map<string, string>();
  const fields = output.split('\0');
  for (let i = 0; i < fields.length; ) {
    const status = fields[i] ?? '';
    if (status.startsWith('R') || status.startsWith('C')) {
      const from = fields[i + 1];
      const to = fields[i + 2];
      if (status.startsWith('R') && from && to) renamed.set(to, from);
      i += 3;
    } else {
      i += status === '' ? 1 : 2;
    }
  }
  return renamed;
}

/**
 * The base branch at `ref` in the repository around `cwd`. Paths are read relative to `cwd` (the
 * workspace); renames come from diffing the working tree against `ref` unless `renames: false` (the caller
 * knows them, e.g. from the pull request's files). A ref git does not know is a ConfigurationError naming it.
 */
export async function gitBaseBranch(
  cwd: string,
  ref: string,
  opts: { renames?: boolean } = {},
): Promise<BaseBranch> {
  if (ref.startsWith('-')) throw new ConfigurationError(`--base '${ref}' is not a git revision.`);
  const verify = await git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!verify.ok) {
    throw new ConfigurationError(
      `--base '${ref}' is not a commit in this repository's history. Fetch it first (for example ` +
        '`git fetch origin main`) and pass the branch, tag or sha, e.g. --base origin/main.',
    );
  }
  const sha = verify.stdout.trim();
  const diff =
    opts.renames === false
      ? undefined
      : await git(cwd, ['diff', '--name-status', '-M', '-z', '--relative', sha, '--', '.']);
  return {
    label: ref,
    renamed: diff?.ok ? parseRenames(diff.stdout) : new Map(),
    readBase: async (path) => {
      const shown = await git(cwd, ['show', `${sha}:./${path}`]);
      if (shown.ok) return shown.stdout;
      // Not there, or a file the CLI was given outside the repository (`check ../x.json`): no base version.
      if (/does not exist|exists on disk, but not in|is outside repository/.test(shown.stderr))
        return undefined;
      throw new Error(`git show ${ref}:${path} failed: ${shown.stderr.trim()}`);
    },
  };
}
