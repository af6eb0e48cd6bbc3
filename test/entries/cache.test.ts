// The result cache through the action's run() in-process: a second run with the same cache file makes no
// Access Analyzer call and reports the same findings (README, "Result cache"); a cache file in the
// workspace, where a pull request could plant "no findings", is refused.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonReport, useActionRun } from './support';

const PASS_ROLE = `{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }]
}
`;

describe('result cache (action run())', () => {
  const t = useActionRun();
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves the second run from the cache file with the same findings', async () => {
    await t.ws.write('iam/a.json', PASS_ROLE);
    await t.ws.write('iam/b.json', PASS_ROLE.replace('"Effect"', '"Sid": "B", "Effect"'));
    dir = await mkdtemp(join(tmpdir(), 'iam-gate-cache-'));
    const cacheFile = join(dir, 'cache.json');
    const run = async () => {
      const before = t.aa.validatedDocuments.length;
      const result = await t.run({
        inputs: { 'cache-file': cacheFile, 'review-comments': 'false', comment: 'never' },
        // The cache lives under runner.temp (the action refuses any other place): the same one for both runs.
        env: { RUNNER_TEMP: dir ?? '' },
      });
      const report = await jsonReport<{ findings: unknown[] }>(result);
      return { result, report, calls: t.aa.validatedDocuments.length - before };
    };
    const first = await run();
    expect(first.result.code, first.result.transcript).toBe(1);
    expect(first.calls).toBe(2);
    const second = await run();
    expect(second.calls).toBe(0);
    expect(second.result.code).toBe(1);
    expect(second.report.findings).toEqual(first.report.findings);
    expect(second.result.info).toContainEqual(expect.stringContaining('cache: 2 hits, 0 misses'));
  });

  it('refuses a cache-file in the workspace, where a pull request could plant "no findings"', async () => {
    await t.ws.write('iam/a.json', PASS_ROLE);
    await t.ws.write('.cache/gate.json', '{}');
    const before = t.aa.calls.ValidatePolicy;
    const result = await t.run({
      inputs: { 'cache-file': '.cache/gate.json', 'review-comments': 'false', comment: 'never' },
    });
    expect(result.code).toBe(1);
    // setFailed's message: what the runner shows as `::error::` in the log.
    expect(result.failed).toEqual([
      expect.stringMatching(
        /^Input 'cache-file' is '\.cache\/gate\.json': it is in the workspace, which a pull request controls/,
      ),
    ]);
    expect(result.transcript).toContain('runner.temp }}/iam-policy-gate-cache.json');
    expect(t.aa.calls.ValidatePolicy).toBe(before);
  });
});
