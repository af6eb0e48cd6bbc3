// The whole action (dist/index.js, as the runner starts it) with the fake Access Analyzer throttling 1 call
// in 3 (issue 8): the run ends on its verdict and every policy is in the JSON report, analysed, with the
// findings of a fault-free run. The gate's default retry (adaptive, 8 attempts) applies: AWS_MAX_ATTEMPTS is
// left unset. Adaptive mode holds a throttled run to about 1.8 calls/s, hence a dozen policies.
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAccessAnalyzer } from '../../src/analyze/access-analyzer';
import { createAccessAnalyzerClient } from '../../src/clients/aws';
import { silentLogger } from '../../src/core/logger';
import type { JsonReport } from '../../src/report/json';
import { makeWorkspace, RUNTIMES, runAction, useFakes, type Workspace } from '../e2e/harness';
import { validatePolicies } from './support';

const POLICIES = 12;

describe('the action with 1 in 3 Access Analyzer calls throttled', () => {
  const fakes = useFakes();
  let ws: Workspace | undefined;
  afterEach(async () => {
    await ws?.cleanup();
  });

  it('analyses every policy, reports each in report-json and ends on the verdict', async () => {
    const targets = validatePolicies('policies', POLICIES);
    ws = await makeWorkspace(Object.fromEntries(targets.map((t) => [t.id, t.document])));
    const env: Record<string, string> = { ...fakes.env(), AWS_MAX_ATTEMPTS: '' };

    // The findings of a fault-free run, in process against the same fake.
    vi.stubEnv('AWS_ENDPOINT_URL_ACCESSANALYZER', fakes.aa.url);
    vi.stubEnv('AWS_ACCESS_KEY_ID', env.AWS_ACCESS_KEY_ID ?? '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', env.AWS_SECRET_ACCESS_KEY ?? '');
    const client = createAccessAnalyzerClient('us-east-1', env);
    let expected: string[];
    try {
      const analyzer = createAccessAnalyzer({ client, region: 'us-east-1', maxConcurrency: 8 });
      expected = (await analyzer.analyze(targets, silentLogger))
        .map((f) => `${f.target} ${f.code} ${f.location?.startLine}`)
        .sort();
    } finally {
      client.destroy();
      vi.unstubAllEnvs();
    }
    expect(expected.length).toBeGreaterThan(POLICIES / 2);

    fakes.aa.injectFaults({ every: 3, fault: { error: 'ThrottlingException' } });
    const before = fakes.aa.calls.ValidatePolicy;
    const result = await runAction({
      node: RUNTIMES[0]!.node,
      ws,
      inputs: { 'github-token': 'ghs_e2e', 'max-concurrency': '8' },
      env,
    });

    expect(result.code, result.stdout).toBe(1);
    expect(result.outputs.result).toBe('fail');
    const calls = fakes.aa.calls.ValidatePolicy - before;
    expect(calls).toBe(POLICIES + Math.floor(calls / 3));
    const report = JSON.parse(await readFile(result.outputs['report-json'] ?? '', 'utf8')) as JsonReport;
    expect(report.policies.map((p) => p.id).sort()).toEqual(targets.map((t) => t.id).sort());
    expect(report.findings.filter((f) => f.code === 'ANALYSIS_FAILED')).toEqual([]);
    expect(
      report.findings
        .filter((f) => f.analyzer === 'access-analyzer')
        .map((f) => `${f.target} ${f.code} ${f.location?.startLine}`)
        .sort(),
    ).toEqual(expected);
    expect(result.stdout).not.toMatch(/ANALYSIS_FAILED|Throttl/);
  }, 60_000);
});
