// The whole action (its run(), in-process, with the real clients as the runner's launcher builds them) with the fake Access Analyzer throttling 1 call
// in 3 (issue 8): the run ends on its verdict and every policy is in the JSON report, analysed, with the
// findings of a fault-free run. The gate's default retry (adaptive, 8 attempts) applies: AWS_MAX_ATTEMPTS is
// left unset. Adaptive mode holds a throttled run to about 1.8 calls/s, hence a dozen policies.
import { describe, expect, it, vi } from 'vitest';
import { createAccessAnalyzer } from '../../src/analyze/access-analyzer';
import { createAccessAnalyzerClient } from '../../src/clients/aws';
import { silentLogger } from '../../src/core/logger';
import type { JsonReport } from '../../src/report/json';
import { jsonReport, useActionRun } from '../entries/support';
import { validatePolicies } from './support';

const POLICIES = 12;

describe('the action with 1 in 3 Access Analyzer calls throttled', () => {
  const fakes = useActionRun();

  it('analyses every policy, reports each in report-json and ends on the verdict', async () => {
    const targets = validatePolicies('policies', POLICIES);
    for (const t of targets) await fakes.ws.write(t.id, t.document);
    const env: Record<string, string> = { AWS_MAX_ATTEMPTS: '' };

    // The findings of a fault-free run, against the same fake.
    vi.stubEnv('AWS_ENDPOINT_URL_ACCESSANALYZER', fakes.aa.url);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFAKETHROTTLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'fake-secret-throttle');
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
    const result = await fakes.run({ inputs: { 'github-token': 'ghs_e2e', 'max-concurrency': '8' }, env });

    expect(result.code, result.transcript).toBe(1);
    expect(result.outputs.result).toBe('fail');
    const calls = fakes.aa.calls.ValidatePolicy - before;
    expect(calls).toBe(POLICIES + Math.floor(calls / 3));
    const report = await jsonReport<JsonReport>(result);
    expect(report.policies.map((p) => p.id).sort()).toEqual(targets.map((t) => t.id).sort());
    expect(report.findings.filter((f) => f.code === 'ANALYSIS_FAILED')).toEqual([]);
    expect(
      report.findings
        .filter((f) => f.analyzer === 'access-analyzer')
        .map((f) => `${f.target} ${f.code} ${f.location?.startLine}`)
        .sort(),
    ).toEqual(expected);
    expect(result.transcript).not.toMatch(/ANALYSIS_FAILED|Throttl/);
  }, 60_000);
});
