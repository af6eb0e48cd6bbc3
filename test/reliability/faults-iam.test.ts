// Fault injection against IAM SimulateCustomPolicy (issue 8): the production IAM client (awsQuery, adaptive
// retry, 8 attempts, the request timeouts of clients/aws.ts) through createSimulator, on generated distinct
// identity policies checked against the built-in deny list and an allow list (21 actions, one call each).
// Each scenario is one run with its own client and its own documents; the scenarios run concurrently on one
// fake and their faults only match their own documents.
import { afterAll, beforeAll, describe, type ExpectStatic, it } from 'vitest';
import { silentLogger } from '../../src/core/logger';
import type { PolicyTarget } from '../../src/core/types';
import {
  type FakeIam,
  type IamCall,
  type IamFault,
  type RawAnswer,
  simulateResponseXml,
  startFakeIam,
} from '../fakes/iam';
import type { WireEvaluationResult } from '../fakes/iam-evaluate';
import {
  callsPer,
  expectFailedClosed,
  expectThrottledRun,
  failed,
  notOf,
  of,
  recordingLogger,
  SIMULATE_LISTS,
  simulatePolicies,
  simulator,
  sorted,
  timed,
  trackUnhandledRejections,
  useAwsEnv,
  useFigures,
} from './support';

let iam: FakeIam;
/** Per-call answers that depend on the call (e.g. results for the actions asked), registered by scenarios. */
const hooks: Array<(call: IamCall) => IamFault | undefined> = [];
beforeAll(async () => {
  iam = await startFakeIam();
  iam.options.hook = (call) => {
    for (const hook of hooks) {
      const fault = hook(call);
      if (fault) return fault;
    }
    return undefined;
  };
});
afterAll(async () => {
  await iam.close();
});
useAwsEnv(() => ({ iam: iam.url }));
const rejections = trackUnhandledRejections();
const figures = useFigures('faults-iam');

function callsFor(targets: readonly PolicyTarget[], from: number): IamCall[] {
  const docs = new Set(targets.map((t) => t.document));
  return iam.calls.slice(from).filter((c) => docs.has(c.policies[0] ?? ''));
}

async function scenario(tag: string, n = 60) {
  const targets = simulatePolicies(tag, n);
  const docs = new Set(targets.map((t) => t.document));
  const baseline = sorted(await simulator().simulator.simulate(targets, SIMULATE_LISTS, silentLogger));
  const state = { armed: false };
  return {
    targets,
    baseline,
    mine: (doc?: string) => (c: IamCall) =>
      state.armed && (doc === undefined ? docs.has(c.policies[0] ?? '') : c.policies[0] === doc),
    arm: () => {
      state.armed = true;
    },
  };
}

const evaluation = (
  action: string,
  decision: WireEvaluationResult['EvalDecision'],
): WireEvaluationResult => ({
  EvalActionName: action,
  EvalResourceName: '*',
  EvalDecision: decision,
  MatchedStatements: [],
  MissingContextValues: [],
  ResourceSpecificResults: [],
});

/** The XML of a page answering `actions` (all implicitDeny unless `decision` says otherwise). */
const page = (
  actions: readonly string[],
  opts: { isTruncated?: boolean; marker?: string; decision?: string } = {},
) =>
  simulateResponseXml(
    actions.map((a) => evaluation(a, 'implicitDeny')),
    { isTruncated: opts.isTruncated ?? false, ...(opts.marker !== undefined ? { marker: opts.marker } : {}) },
  ).replace(/implicitDeny/, opts.decision ?? 'implicitDeny');

/** See faults.test.ts: adaptive mode holds a run under 1-in-3 throttling to about 1.8 calls/s. */
async function throttledRun(
  expect: ExpectStatic,
  opts: { tag: string; n: number; mode: 'standard' | 'adaptive'; figure: string },
) {
  const s = await scenario(opts.tag, opts.n);
  expect(failed(s.baseline)).toEqual([]);
  expect(s.baseline.length).toBeGreaterThan(opts.n);
  iam.injectFaults({ when: s.mine(), every: 3, fault: { error: 'Throttling' } });
  s.arm();
  const from = iam.calls.length;
  const { client, simulator: sim } = simulator(
    opts.mode === 'standard' ? { env: { AWS_RETRY_MODE: 'standard' } } : {},
  );
  const { value: findings, ms } = await timed(() => sim.simulate(s.targets, SIMULATE_LISTS, silentLogger));

  const calls = callsFor(s.targets, from);
  await expectThrottledRun(expect, figures, opts, {
    client,
    findings,
    baseline: s.baseline,
    ms,
    calls: calls.length,
    attempts: [...callsPer(calls, (c) => c.policies[0] ?? '').values()],
  });
}

describe.concurrent('IAM SimulateCustomPolicy under faults (60 policies per run)', () => {
  it('1 in 3 calls throttled (Throttling, HTTP 400), 60 policies, standard retry mode: all simulated, the same findings', async ({
    expect,
  }) => {
    await throttledRun(expect, { tag: 'TS', n: 60, mode: 'standard', figure: 'throttledStandard60' });
  }, 60_000);

  it('1 in 3 calls throttled, 12 policies, the default adaptive retry: all simulated, the same findings', async ({
    expect,
  }) => {
    await throttledRun(expect, { tag: 'TA', n: 12, mode: 'adaptive', figure: 'throttledAdaptive12' });
  }, 60_000);

  it.runIf(process.env.RELIABILITY_SLOW === '1')(
    '1 in 3 calls throttled, 60 policies, the default adaptive retry (slow, about 50 s)',
    async ({ expect }) => {
      await throttledRun(expect, { tag: 'TL', n: 60, mode: 'adaptive', figure: 'throttledAdaptive60' });
    },
    180_000,
  );

  it('bursts of 500s: 5 ServiceFailure then OK is simulated; a permanent one is ANALYSIS_FAILED naming the call', async ({
    expect,
  }) => {
    const s = await scenario('IS');
    const burst = s.targets[2]!;
    const dead = s.targets[6]!; // allows s3:GetObject and nothing deny-listed: no findings without faults
    const gateway = s.targets[10]!;
    iam.injectFaults(
      { when: s.mine(burst.document), times: 5, fault: { error: 'ServiceFailure' } },
      { when: s.mine(dead.document), fault: { error: 'ServiceFailure' } },
      {
        when: s.mine(gateway.document),
        times: 3,
        fault: {
          raw: {
            status: 503,
            body: '<html>Service Unavailable</html>',
            headers: { 'content-type': 'text/html' },
          },
        },
      },
    );
    s.arm();
    const from = iam.calls.length;
    const log = recordingLogger();
    const { value: findings, ms } = await timed(() =>
      simulator().simulator.simulate(s.targets, SIMULATE_LISTS, log),
    );

    expect(of(s.baseline, [dead.id])).toEqual([]);
    expect(failed(findings).map((f) => f.target)).toEqual([dead.id]);
    expect(of(findings, [dead.id])).toHaveLength(1);
    expect(failed(findings)[0]?.message).toMatch(
      /could not be analysed.*iam:SimulateCustomPolicy failed with ServiceFailureException \(HTTP 500\) after 8 attempts: The request processing has failed because of an unknown error\./,
    );
    expect(sorted(notOf(findings, [dead.id]))).toEqual(notOf(s.baseline, [dead.id]));
    const attempts = callsPer(callsFor(s.targets, from), (c) => c.policies[0] ?? '');
    expect([
      attempts.get(burst.document),
      attempts.get(dead.document),
      attempts.get(gateway.document),
    ]).toEqual([6, 8, 4]);
    expect(log.lines.filter((l) => l.startsWith('warning:'))).toEqual([
      expect.stringMatching(/^warning: Simulation failed on IS\/p06\.json: .*ServiceFailure/),
    ]);
    figures.serverErrors = { ms, deadPolicyAttempts: 8, burstPolicyAttempts: 6 };
  }, 60_000);

  it('connection resets: every 7th call reset is retried; a policy whose calls are always reset is ANALYSIS_FAILED', async ({
    expect,
  }) => {
    const s = await scenario('CR');
    const dead = s.targets[11]!; // no findings without faults
    iam.injectFaults(
      { when: s.mine(dead.document), fault: { destroy: true } },
      { when: s.mine(), every: 7, fault: { destroy: true } },
    );
    s.arm();
    const from = iam.calls.length;
    const { value: findings, ms } = await timed(() =>
      simulator().simulator.simulate(s.targets, SIMULATE_LISTS, silentLogger),
    );

    expect(failed(findings).map((f) => f.target)).toEqual([dead.id]);
    expect(of(findings, [dead.id])).toHaveLength(1);
    expect(failed(findings)[0]?.message).toMatch(
      /iam:SimulateCustomPolicy failed with network error ECONNRESET after 8 attempts: socket hang up\. The connection was reset/,
    );
    expect(sorted(notOf(findings, [dead.id]))).toEqual(notOf(s.baseline, [dead.id]));
    const calls = callsFor(s.targets, from);
    expect(callsPer(calls, (c) => c.policies[0] ?? '').get(dead.document)).toBe(8);
    figures.resets = { ms, calls: calls.length, scatteredResets: calls.length - 59 - 8 };
  }, 60_000);

  it('slow answers past the request timeout: the run ends in bounded time, slow policies retried or ANALYSIS_FAILED', async ({
    expect,
  }) => {
    const s = await scenario('SL');
    const late = s.targets[0]!;
    const hung = s.targets[1]!;
    const stalled = s.targets[3]!;
    hooks.push((call) => {
      if (!s.mine(stalled.document)(call)) return undefined;
      return { raw: { body: page(call.actionNames), stallMs: 60_000 } };
    });
    iam.injectFaults(
      { when: s.mine(late.document), times: 2, fault: { delayMs: 60_000 } },
      { when: s.mine(hung.document), fault: { delayMs: 60_000 } },
    );
    s.arm();
    const { client, simulator: sim } = simulator();
    const handler = client.config.requestHandler as unknown as {
      updateHttpClientConfig(key: string, value: unknown): void;
      httpHandlerConfigs(): Record<string, unknown>;
    };
    handler.updateHttpClientConfig('requestTimeout', 300);
    handler.updateHttpClientConfig('socketTimeout', 300);
    const { value: findings, ms } = await timed(() => sim.simulate(s.targets, SIMULATE_LISTS, silentLogger));

    expect(handler.httpHandlerConfigs()).toMatchObject({
      throwOnRequestTimeout: true,
      connectionTimeout: 5_000,
    });
    expect(ms).toBeLessThan(20_000);
    expect(
      failed(findings)
        .map((f) => f.target)
        .sort(),
    ).toEqual([hung.id, stalled.id]);
    expect(failed(of(findings, [hung.id]))[0]?.message).toMatch(
      /iam:SimulateCustomPolicy failed with TimeoutError after 8 attempts: .*exceeded the configured 300 ms requestTimeout\. The call timed out/,
    );
    expect(failed(of(findings, [stalled.id]))[0]?.message).toMatch(
      /failed with TimeoutError \(HTTP 200\) after 8 attempts: .*timed out after 300 ms of inactivity.*\. The call timed out/,
    );
    expect(sorted(notOf(findings, [hung.id, stalled.id]))).toEqual(notOf(s.baseline, [hung.id, stalled.id]));
    expect(sorted(of(findings, [late.id]))).toEqual(of(s.baseline, [late.id]));
    figures.slow = { ms, timeoutMs: 300, attempts: 8 };
  }, 60_000);

  it('malformed answers: each policy ends simulated or ANALYSIS_FAILED, never clean, never a crash', async ({
    expect,
  }) => {
    const s = await scenario('MB');
    const cases: Array<{ name: string; answer: (call: IamCall) => RawAnswer; reason: RegExp }> = [
      {
        name: 'malformed XML',
        answer: () => ({ body: '<SimulateCustomPolicyResponse><SimulateCustomPolicyResult><Evalu' }),
        reason: /Error \(HTTP 200\): @aws-sdk XML parse error.*could not be read/,
      },
      {
        name: 'JSON instead of XML',
        answer: () => ({ body: '{"EvaluationResults":[]}', headers: { 'content-type': 'application/json' } }),
        reason: /could not be read/,
      },
      {
        name: 'an empty body',
        answer: () => ({ body: '' }),
        reason: /results for 0 of the 21 actions asked about/,
      },
      {
        name: 'another root element',
        answer: () => ({ body: '<Foo><Bar>1</Bar></Foo>' }),
        reason: /0 of the 21/,
      },
      {
        name: 'an HTML page',
        answer: () => ({
          body: '<html><body>Sign in to the proxy</body></html>',
          headers: { 'content-type': 'text/html' },
        }),
        reason: /0 of the 21/,
      },
      {
        name: 'an empty result',
        answer: () => ({
          body: '<SimulateCustomPolicyResponse><SimulateCustomPolicyResult/></SimulateCustomPolicyResponse>',
        }),
        reason: /0 of the 21/,
      },
      {
        name: 'results for some of the actions',
        answer: (call) => ({ body: page(call.actionNames.slice(0, 5)) }),
        reason: /results for 5 of the 21 actions asked about \(none for .* and 13 more\)/,
      },
      {
        name: 'a decision IAM does not document',
        answer: (call) => ({ body: page(call.actionNames, { decision: 'maybe' }) }),
        reason: /has no decision IAM documents \(maybe\)/,
      },
      {
        name: 'a result for an action not asked about',
        answer: (call) => ({ body: page([...call.actionNames.slice(1), 'ec2:RunInstances']) }),
        reason: /ec2:RunInstances without asking for it/,
      },
      {
        name: 'the same action twice',
        answer: (call) => ({ body: page([...call.actionNames, call.actionNames[0] ?? '']) }),
        reason: /twice/,
      },
    ];
    const broken = cases.map((c, i) => ({ ...c, target: s.targets[i * 5 + 1]! })); // no findings without faults
    for (const b of broken) {
      hooks.push((call) => (s.mine(b.target.document)(call) ? { raw: b.answer(call) } : undefined));
    }
    s.arm();
    const { value: findings, ms } = await timed(() =>
      simulator().simulator.simulate(s.targets, SIMULATE_LISTS, silentLogger),
    );

    for (const b of broken) expect(of(s.baseline, [b.target.id]), b.name).toEqual([]);
    expectFailedClosed(expect, findings, broken, 'iam:SimulateCustomPolicy');
    const touched = broken.map((b) => b.target.id);
    expect(sorted(notOf(findings, touched))).toEqual(notOf(s.baseline, touched));
    expect(rejections).toEqual([]);
    figures.malformed = { ms, cases: cases.length };
  }, 60_000);
});
