// Shared pieces of the fault-injection suite: generated policies, the production clients pointed at the
// fakes through the SDK's own environment variables, and small assertions about a run's findings.
import { afterAll, beforeAll, type ExpectStatic, vi } from 'vitest';
import { createAccessAnalyzer } from '../../src/analyze/access-analyzer';
import { createSimulator, type SimulateLists } from '../../src/analyze/simulate';
import { createAccessAnalyzerClient, createIamClient } from '../../src/clients/aws';
import type { Logger } from '../../src/core/logger';
import { DEFAULT_SIMULATE_DENY } from '../../src/core/privilege-escalation';
import type { Finding, PolicyTarget } from '../../src/core/types';

export const REGION = 'us-east-1';

/**
 * Points the production clients at the fakes exactly as a workflow would: AWS_ENDPOINT_URL_* and static
 * credentials in the environment, read by the SDK's own configuration loading. AWS_MAX_ATTEMPTS and
 * AWS_RETRY_MODE are cleared so the gate's defaults (adaptive, 8 attempts) apply unless a test sets them.
 */
export function useAwsEnv(urls: () => { accessAnalyzer?: string; iam?: string }): void {
  beforeAll(() => {
    const { accessAnalyzer, iam } = urls();
    if (accessAnalyzer) vi.stubEnv('AWS_ENDPOINT_URL_ACCESSANALYZER', accessAnalyzer);
    if (iam) vi.stubEnv('AWS_ENDPOINT_URL_IAM', iam);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDRELIABILITY');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'fake-secret-reliability');
    vi.stubEnv('AWS_MAX_ATTEMPTS', '');
    vi.stubEnv('AWS_RETRY_MODE', '');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });
}

/** A fresh production client and analyzer: one per run, as the action builds them (own retry quota). */
export function accessAnalyzer(opts: { maxConcurrency?: number; env?: Record<string, string> } = {}) {
  const client = createAccessAnalyzerClient(REGION, { ...process.env, ...opts.env });
  const analyzer = createAccessAnalyzer({ client, region: REGION, maxConcurrency: opts.maxConcurrency ?? 8 });
  return { client, analyzer };
}

export function simulator(opts: { maxConcurrency?: number; env?: Record<string, string> } = {}) {
  const client = createIamClient(REGION, { ...process.env, ...opts.env });
  return { client, simulator: createSimulator({ client, maxConcurrency: opts.maxConcurrency ?? 8 }) };
}

export const SIMULATE_LISTS: SimulateLists = {
  deny: DEFAULT_SIMULATE_DENY,
  allow: ['s3:GetObject'],
  denySeverity: 'WARNING',
};

const target = (id: string, document: string): PolicyTarget => ({
  id,
  source: { file: id },
  document,
  policyType: 'IDENTITY_POLICY',
});

const pretty = (policy: unknown) => `${JSON.stringify(policy, null, 2)}\n`;

/**
 * `n` distinct identity policies for Access Analyzer (file `<tag>/pNN.json`): a fifth clean, the others with
 * one or two findings (PassRole on `*`, a misspelt action, an unknown service, a missing Version).
 */
export function validatePolicies(tag: string, n = 60): PolicyTarget[] {
  return Array.from({ length: n }, (_, i) => {
    const sid = `${tag}${String(i).padStart(2, '0')}`;
    const bucket = `arn:aws:s3:::${tag.toLowerCase()}-bucket-${i}/*`;
    const statement = [
      { Sid: sid, Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
      { Sid: sid, Effect: 'Allow', Action: 's3:GetObjekt', Resource: bucket },
      { Sid: sid, Effect: 'Allow', Action: 's3:GetObject', Resource: bucket },
      { Sid: sid, Effect: 'Allow', Action: ['s3:GetObjekt', 's4:Get'], Resource: bucket },
      { Sid: sid, Effect: 'Allow', Action: 's3:ListBucket', Resource: bucket },
    ][i % 5];
    const policy =
      i % 5 === 4 ? { Statement: [statement] } : { Version: '2012-10-17', Statement: [statement] };
    return target(`${tag}/p${String(i).padStart(2, '0')}.json`, pretty(policy));
  });
}

/**
 * `n` distinct identity policies for the simulation (file `<tag>/pNN.json`): some allow deny-listed iam:
 * actions, some allow `s3:GetObject` (simulate.allow), some deny it explicitly, some grant nothing listed.
 */
export function simulatePolicies(tag: string, n = 60): PolicyTarget[] {
  return Array.from({ length: n }, (_, i) => {
    const sid = `${tag}${String(i).padStart(2, '0')}`;
    const bucket = `arn:aws:s3:::${tag.toLowerCase()}-bucket-${i}/*`;
    const statements = [
      [{ Sid: sid, Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }],
      [{ Sid: sid, Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
      [{ Sid: sid, Effect: 'Allow', Action: 'iam:Create*', Resource: '*' }],
      [
        { Sid: sid, Effect: 'Allow', Action: 's3:*', Resource: '*' },
        { Sid: `${sid}D`, Effect: 'Deny', Action: 's3:GetObject', Resource: '*' },
      ],
      [{ Sid: sid, Effect: 'Allow', Action: 's3:ListBucket', Resource: bucket }],
    ][i % 5];
    return target(
      `${tag}/p${String(i).padStart(2, '0')}.json`,
      pretty({ Version: '2012-10-17', Statement: statements }),
    );
  });
}

/** Findings in a stable order, for comparing two runs. */
export function sorted(findings: readonly Finding[]): Finding[] {
  const key = (f: Finding) =>
    JSON.stringify([f.target, f.code, f.location?.startLine, f.location?.startColumn, f.message]);
  return [...findings].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export const failed = (findings: readonly Finding[]) => findings.filter((f) => f.code === 'ANALYSIS_FAILED');
export const of = (findings: readonly Finding[], ids: Iterable<string>) => {
  const set = new Set(ids);
  return findings.filter((f) => set.has(f.target));
};
export const notOf = (findings: readonly Finding[], ids: Iterable<string>) => {
  const set = new Set(ids);
  return findings.filter((f) => !set.has(f.target));
};

export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info: ${m}`),
    warning: (m) => lines.push(`warning: ${m}`),
    debug: (m) => lines.push(`debug: ${m}`),
    group: (_n, fn) => fn(),
  };
}

/** Wall time of `fn` in ms, with its result. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: Math.round(performance.now() - start) };
}

/**
 * Collects unhandled rejections while the file runs (vitest reports them too, but only after the fact;
 * here a scenario can assert that none happened).
 */
export function trackUnhandledRejections(): unknown[] {
  const seen: unknown[] = [];
  const onRejection = (reason: unknown) => seen.push(reason);
  beforeAll(() => {
    process.on('unhandledRejection', onRejection);
  });
  afterAll(() => {
    process.off('unhandledRejection', onRejection);
  });
  return seen;
}

/**
 * Measured figures (wall times, calls, retries) per scenario, printed at the end of the file when
 * RELIABILITY_FIGURES=1 (e.g. `RELIABILITY_FIGURES=1 npx vitest run test/reliability`).
 */
export function useFigures(file: string): Record<string, Record<string, number | string>> {
  const figures: Record<string, Record<string, number | string>> = {};
  afterAll(() => {
    if (process.env.RELIABILITY_FIGURES !== '1') return;
    for (const [scenario, values] of Object.entries(figures)) {
      console.log(
        `[${file}] ${scenario}: ${Object.entries(values)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}`,
      );
    }
  });
  return figures;
}

/**
 * The checks of a run under 1-in-3 throttling: the retry mode asked for, no policy lost, the findings of the
 * fault-free run, one extra call per throttle, no policy near the attempt limit; its figures recorded.
 */
export async function expectThrottledRun(
  expect: ExpectStatic,
  figures: Record<string, Record<string, number | string>>,
  opts: { n: number; mode: 'standard' | 'adaptive'; figure: string },
  run: {
    client: { config: { retryStrategy: unknown } };
    findings: Finding[];
    baseline: Finding[];
    ms: number;
    calls: number;
    attempts: number[];
  },
): Promise<void> {
  const strategy = await (run.client.config.retryStrategy as () => Promise<{ mode: string }>)();
  expect(strategy.mode).toBe(opts.mode);
  expect(failed(run.findings)).toEqual([]);
  expect(sorted(run.findings)).toEqual(run.baseline);
  const throttled = Math.floor(run.calls / 3);
  expect(run.calls).toBe(opts.n + throttled);
  expect(Math.max(...run.attempts)).toBeLessThan(8);
  figures[opts.figure] = {
    mode: opts.mode,
    policies: opts.n,
    ms: run.ms,
    calls: run.calls,
    throttled,
    maxAttemptsOnePolicy: Math.max(...run.attempts),
    policiesRetried: run.attempts.filter((a) => a > 1).length,
  };
}

/**
 * Each broken case ends as exactly one ANALYSIS_FAILED naming the failed call (e.g.
 * `access-analyzer:ValidatePolicy`) and the case's reason.
 */
export function expectFailedClosed(
  expect: ExpectStatic,
  findings: readonly Finding[],
  cases: readonly { name: string; target: PolicyTarget; reason: RegExp }[],
  call: string,
): void {
  for (const c of cases) {
    const own = of(findings, [c.target.id]);
    expect(
      own.map((f) => f.code),
      c.name,
    ).toEqual(['ANALYSIS_FAILED']);
    expect(own[0]?.message, c.name).toContain(`${call} failed with`);
    expect(own[0]?.message, c.name).toMatch(c.reason);
  }
}

/** Calls per document, from the fakes' call logs. */
export function callsPer<T>(calls: readonly T[], doc: (c: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of calls) counts.set(doc(c), (counts.get(doc(c)) ?? 0) + 1);
  return counts;
}
