// The result cache through dist/index.js: a second run with the same cache file makes no Access Analyzer call
// and reports the same findings (README, "Result cache").
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkspace, RUNTIMES, runAction, useFakes, type Workspace } from './harness';

const PASS_ROLE = `{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }]
}
`;
const node = RUNTIMES[RUNTIMES.length - 1]?.node ?? process.execPath;

describe('result cache (action e2e)', () => {
  const fakes = useFakes();
  let ws: Workspace;
  let dir: string;
  afterEach(async () => {
    await ws?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the second run from the cache file with the same findings', async () => {
    ws = await makeWorkspace({
      'iam/a.json': PASS_ROLE,
      'iam/b.json': PASS_ROLE.replace('"Effect"', '"Sid": "B", "Effect"'),
    });
    dir = await mkdtemp(join(tmpdir(), 'iam-gate-cache-'));
    const cacheFile = join(dir, 'cache.json');
    const run = async () => {
      const before = fakes.aa.validatedDocuments.length;
      const result = await runAction({
        node,
        ws,
        inputs: { 'cache-file': cacheFile, 'review-comments': 'false', comment: 'never' },
        // The cache lives under runner.temp (the action refuses any other place): the same one for both runs.
        env: { ...fakes.env(), RUNNER_TEMP: dir },
      });
      const report = JSON.parse(await readFile(result.outputs['report-json'] ?? '', 'utf8')) as {
        findings: unknown[];
      };
      return { result, report, calls: fakes.aa.validatedDocuments.length - before };
    };
    const first = await run();
    expect(first.result.code, first.result.stdout).toBe(1);
    expect(first.calls).toBe(2);
    const second = await run();
    expect(second.calls).toBe(0);
    expect(second.result.code).toBe(1);
    expect(second.report.findings).toEqual(first.report.findings);
    expect(second.result.stdout).toContain('cache: 2 hits, 0 misses');
  });
});
