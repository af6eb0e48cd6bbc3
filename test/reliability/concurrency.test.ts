// max-concurrency bounds every AWS call the run has in flight, whichever back end makes it: ValidatePolicy,
// SimulateCustomPolicy and the custom checks share one limiter per run. The fakes count requests in flight
// in one shared counter; each answers after a short latency, so calls overlap whenever the gate lets them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackends } from '../../src/analyze';
import { awsClientFactories } from '../../src/clients/aws';
import { readInputs } from '../../src/config/inputs';
import { resolveSettings } from '../../src/config/settings';
import { silentLogger } from '../../src/core/logger';
import { pipelineOptionsFrom, runPipeline } from '../../src/pipeline';
import { type FakeAccessAnalyzer, startFakeAccessAnalyzer } from '../fakes/access-analyzer';
import { InFlight } from '../fakes/http-server';
import { type FakeIam, startFakeIam } from '../fakes/iam';
import { simulatePolicies, useAwsEnv } from './support';

const MAX_CONCURRENCY = 3;
const POLICIES = 12;

const inFlight = new InFlight();
let aa: FakeAccessAnalyzer;
let iam: FakeIam;
let tmp: string;

beforeAll(async () => {
  aa = await startFakeAccessAnalyzer({ latencyMs: 25, inFlight });
  iam = await startFakeIam({ latencyMs: 25, inFlight });
  tmp = mkdtempSync(join(tmpdir(), 'iam-gate-concurrency-'));
  for (const t of simulatePolicies('iam', POLICIES)) {
    mkdirSync(dirname(join(tmp, t.id)), { recursive: true });
    writeFileSync(join(tmp, t.id), t.document);
  }
});
useAwsEnv(() => ({ accessAnalyzer: aa.url, iam: iam.url }));
afterAll(async () => {
  await aa?.close();
  await iam?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('max-concurrency', () => {
  it('bounds ValidatePolicy, SimulateCustomPolicy and the custom checks together', async () => {
    const inputs: Record<string, string> = { analyzer: 'aws', 'max-concurrency': String(MAX_CONCURRENCY) };
    const settings = resolveSettings(
      readInputs((name) => inputs[name] ?? ''),
      {},
      { isPullRequest: false },
    );
    const backends = await createBackends(settings, process.env, awsClientFactories(process.env), {
      file: undefined,
      workspace: tmp,
      log: silentLogger,
      where: { input: 'cache-file', roots: [], refuseWorkspace: true },
    });
    inFlight.reset();
    const report = await runPipeline({
      ...pipelineOptionsFrom(settings),
      checks: {
        noNewAccess: false,
        noPublicAccess: false,
        accessNotGranted: { actions: ['iam:PassRole'] },
        severity: 'SECURITY_WARNING',
      },
      workspace: tmp,
      policies: ['iam/**/*.json'],
      terraformPlans: [],
      backends,
      log: silentLogger,
    });

    expect(report.targets).toHaveLength(POLICIES);
    expect(report.findings.filter((f) => f.code === 'ANALYSIS_FAILED')).toEqual([]);
    // Every back end was called for every policy ...
    expect(aa.calls.ValidatePolicy).toBe(POLICIES);
    expect(aa.calls.CheckAccessNotGranted).toBe(POLICIES);
    expect(iam.calls.length).toBeGreaterThanOrEqual(POLICIES);
    // ... and never more than max-concurrency of their calls were in flight at once.
    expect(inFlight.max).toBeLessThanOrEqual(MAX_CONCURRENCY);
    expect(inFlight.max).toBeGreaterThan(1);
  });
});
