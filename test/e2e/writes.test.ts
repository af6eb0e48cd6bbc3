// Where the action (dist/index.js) may write its files: a pull request can commit a symbolic link, and the
// SARIF file never reaches a file outside the workspace through it. A cache file the pull request could
// plant is refused in-process (test/entries/cache.test.ts).
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkspace, RUNTIMES, runAction, useFakes, type Workspace } from './harness';

const PASS_ROLE = `{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }]
}
`;
const node = RUNTIMES[0]?.node ?? process.execPath;

describe('what the action writes (e2e)', () => {
  const fakes = useFakes();
  let ws: Workspace;
  let outside: string;
  afterEach(async () => {
    await ws?.cleanup();
    await rm(outside, { recursive: true, force: true });
  });

  it('refuses a sarif-file the pull request committed as a symlink; the victim is untouched', async () => {
    ws = await makeWorkspace({ 'iam/a.json': PASS_ROLE });
    outside = await mkdtemp(join(tmpdir(), 'iam-gate-victim-'));
    const victim = join(outside, 'victim');
    await writeFile(victim, 'precious\n');
    await symlink(victim, join(ws.dir, 'repo', 'report.sarif'));
    const result = await runAction({
      node,
      ws,
      inputs: { 'sarif-file': 'report.sarif', 'review-comments': 'false', comment: 'never' },
      env: fakes.env(),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "::error::Input 'sarif-file' is 'report.sarif': report.sarif is a symbolic link, and the gate never writes through one",
    );
    expect(result.stdout).not.toMatch(/\n\s+at /);
    expect(await readFile(victim, 'utf8')).toBe('precious\n');
    expect(result.outputs.sarif).toBeUndefined();
    expect(result.outputs.result).toBe('fail');
    expect(result.stdout).toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE'); // the annotations are still out
  });
});
