// scripts/release-tag.sh, the release workflow's tagging step, on a clone of a bare "origin" of its own:
// it creates the version tag once, moves the major tag forward only, and refuses what would mislead `@v1`.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const SCRIPT = join(__dirname, '../../scripts/release-tag.sh');
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

let tmp: string;
let work: string;
let origin: string;

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' }).trim();

/** A commit of package.json at `version` on the work clone. */
function commitVersion(version: string): string {
  writeFileSync(join(work, 'package.json'), `${JSON.stringify({ name: 'iam-policy-gate', version })}\n`);
  git(work, 'add', 'package.json');
  git(work, 'commit', '-q', '-m', `version ${version}`);
  return git(work, 'rev-parse', 'HEAD');
}

function release(version: string) {
  const r = spawnSync('bash', [SCRIPT, version], { cwd: work, env: GIT_ENV, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The commit a tag of the origin points at, or '' when it has no such tag. */
function originTag(tag: string): string {
  try {
    return git(origin, 'rev-parse', '--verify', '--quiet', `refs/tags/${tag}^{commit}`);
  } catch {
    return '';
  }
}

beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'iam-gate-release-'));
  origin = join(tmp, 'origin.git');
  work = join(tmp, 'work');
  git(tmp, 'init', '-q', '--bare', origin);
  git(tmp, 'clone', '-q', origin, work);
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('scripts/release-tag.sh', () => {
  it('tags the version on HEAD and points the major tag at it, on the remote', () => {
    const head = commitVersion('1.2.3');
    const r = release('v1.2.3');
    expect(r.code, r.stderr).toBe(0);
    expect(originTag('v1.2.3')).toBe(head);
    expect(originTag('v1')).toBe(head);
  });

  it('moves the major tag to the next release and leaves the older version tag where it was', () => {
    const first = commitVersion('1.2.3');
    expect(release('v1.2.3').code).toBe(0);
    const second = commitVersion('1.3.0');
    const r = release('v1.3.0');
    expect(r.code, r.stderr).toBe(0);
    expect(originTag('v1')).toBe(second);
    expect(originTag('v1.2.3')).toBe(first);
    expect(originTag('v1.3.0')).toBe(second);
  });

  it('accepts a version tag that was pushed first (the tag-push trigger) and moves the major tag to it', () => {
    const head = commitVersion('2.0.0');
    git(work, 'tag', '-a', 'v2.0.0', '-m', 'v2.0.0');
    git(work, 'push', '-q', 'origin', 'refs/tags/v2.0.0');
    const r = release('v2.0.0');
    expect(r.code, r.stderr).toBe(0);
    expect(originTag('v2')).toBe(head);
  });

  it('refuses a name that is not vX.Y.Z', () => {
    commitVersion('1.2.3');
    for (const bad of ['1.2.3', 'v1.2', 'v1.2.3-rc.1', '']) {
      const r = release(bad);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain('is not a version tag vX.Y.Z');
    }
    expect(originTag('v1')).toBe('');
  });

  it('refuses a version package.json does not declare, and says how to set it', () => {
    commitVersion('1.2.3');
    const r = release('v1.2.4');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "package.json says version 1.2.3, not 1.2.4: run 'npm version 1.2.4 --no-git-tag-version'",
    );
    expect(originTag('v1.2.4')).toBe('');
  });

  it('never moves a released version to another commit', () => {
    const first = commitVersion('1.2.3');
    expect(release('v1.2.3').code).toBe(0);
    writeFileSync(join(work, 'CHANGES'), 'more\n');
    git(work, 'add', 'CHANGES');
    git(work, 'commit', '-q', '-m', 'more');
    const r = release('v1.2.3');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`v1.2.3 already tags ${first}`);
    expect(originTag('v1.2.3')).toBe(first);
  });

  it('does not move the major tag back to an older line', () => {
    commitVersion('1.3.0');
    expect(release('v1.3.0').code).toBe(0);
    const v130 = originTag('v1');
    commitVersion('1.2.9');
    const r = release('v1.2.9');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('v1.3.0 is newer than v1.2.9; v1 stays on v1.3.0');
    expect(originTag('v1')).toBe(v130);
    expect(originTag('v1.2.9')).toBe('');
  });

  it('refuses to release with uncommitted changes', () => {
    commitVersion('1.2.3');
    writeFileSync(join(work, 'package.json'), '{"name":"iam-policy-gate","version":"1.2.3","x":1}\n');
    const r = release('v1.2.3');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('uncommitted changes');
    expect(originTag('v1.2.3')).toBe('');
  });
});
