// Scenario 1: 500 distinct policies + 200 duplicates through the real analyzer stage (createAccessAnalyzer,
// client from createAccessAnalyzerClient, redirected by AWS_ENDPOINT_URL_ACCESSANALYZER) against the fake
// Access Analyzer with 100 ms latency per call; then the same 700 targets through a naive sequential client
// (one ValidatePolicy at a time, every page, no dedupe), in the same run.
import { type AccessAnalyzerClient, paginateValidatePolicy } from '@aws-sdk/client-accessanalyzer';
import { createAccessAnalyzer, resourceTypeFor } from '../src/analyze/access-analyzer';
import { createAccessAnalyzerClient } from '../src/clients/aws';
import { silentLogger } from '../src/core/logger';
import type { PolicyTarget } from '../src/core/types';
import { startFakeAccessAnalyzer } from '../test/fakes/access-analyzer';
import { type FakeStats, startFakeProcess } from './fake-process';
import { generatedPolicy } from './policies';
import { result, type ScenarioResult } from './result';
import { header, ms, nowMs, seededRandom, verdictLine } from './util';

const UNIQUE = 500;
const DUPLICATES = 200;
const LATENCY_MS = 100;
const MAX_CONCURRENCY = 8;
const REGION = 'us-east-1';

function targets(): PolicyTarget[] {
  const rand = seededRandom(1);
  const out: PolicyTarget[] = [];
  for (let n = 0; n < UNIQUE; n++) {
    const p = generatedPolicy(rand, n);
    out.push({
      id: `policies/p${n}.json`,
      source: { file: `policies/p${n}.json` },
      document: p.document,
      policyType: p.policyType,
      ...(p.resourceType ? { resourceType: p.resourceType } : {}),
    });
  }
  // Duplicates: the same document in another file (copied policies are common in repositories).
  for (let d = 0; d < DUPLICATES; d++) {
    const original = out[(d * 7) % UNIQUE]!;
    out.push({ ...original, id: `copies/c${d}.json`, source: { file: `copies/c${d}.json` } });
  }
  return out;
}

async function validateSequentially(client: AccessAnalyzerClient, all: readonly PolicyTarget[]) {
  let findings = 0;
  for (const t of all) {
    const resourceType = resourceTypeFor(t);
    const pages = paginateValidatePolicy(
      { client },
      {
        policyDocument: t.document,
        policyType: t.policyType,
        locale: 'EN',
        ...(resourceType ? { validatePolicyResourceType: resourceType } : {}),
      },
    );
    for await (const page of pages) findings += page.findings?.length ?? 0;
  }
  return findings;
}

async function warmUp(client: AccessAnalyzerClient): Promise<void> {
  const pages = paginateValidatePolicy(
    { client },
    { policyDocument: '{"Version":"2012-10-17","Statement":[]}', policyType: 'IDENTITY_POLICY' },
  );
  await pages.next();
}

function pointAt(url: string): void {
  process.env.AWS_ENDPOINT_URL_ACCESSANALYZER = url;
  process.env.AWS_ACCESS_KEY_ID = 'AKIDBENCHFAKE';
  process.env.AWS_SECRET_ACCESS_KEY = 'bench-fake-secret';
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  // The SDK warns once that its 2027 releases need Node 22: noise in the figures.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
}

interface Run {
  ms: number;
  cpuMs: number;
  calls: number;
  documents: number;
  findings: number;
  failed: number;
}

/**
 * One measured run against the fake at `url`: a warm production client (SDK initialisation and the first
 * connection are not what is measured), wall time, process CPU, and the fake's call counts around `work`.
 */
async function measure(
  url: string,
  stats: () => Promise<FakeStats>,
  work: (client: AccessAnalyzerClient) => Promise<{ findings: number; failed: number }>,
): Promise<Run> {
  pointAt(url);
  const client = createAccessAnalyzerClient(REGION, process.env);
  await warmUp(client);
  const before = await stats();
  const cpu0 = process.cpuUsage();
  const t0 = nowMs();
  const result = await work(client);
  const elapsed = nowMs() - t0;
  const cpu = process.cpuUsage(cpu0);
  const after = await stats();
  client.destroy();
  return {
    ms: elapsed,
    cpuMs: (cpu.user + cpu.system) / 1000,
    calls: after.calls - before.calls,
    documents: after.documents - before.documents,
    ...result,
  };
}

/** The production analyzer stage with the production client factory. */
function runGate(url: string, stats: () => Promise<FakeStats>, all: PolicyTarget[]): Promise<Run> {
  return measure(url, stats, async (client) => {
    const analyzer = createAccessAnalyzer({ client, region: REGION, maxConcurrency: MAX_CONCURRENCY });
    const findings = await analyzer.analyze(all, silentLogger);
    return { findings: findings.length, failed: findings.filter((f) => f.code === 'ANALYSIS_FAILED').length };
  });
}

/** A naive client: one call at a time, every target, no dedupe. */
function runSequential(url: string, stats: () => Promise<FakeStats>, all: PolicyTarget[]): Promise<Run> {
  return measure(url, stats, async (client) => ({
    findings: await validateSequentially(client, all),
    failed: 0,
  }));
}

export async function runAccessAnalyzer(): Promise<ScenarioResult> {
  header('Scenario 1: Access Analyzer, 500 distinct + 200 duplicate policies, 100 ms per call');
  const all = targets();
  const unique = new Set(all.map((t) => `${t.policyType}\n${resourceTypeFor(t) ?? ''}\n${t.document}`)).size;
  if (unique !== UNIQUE) throw new Error(`generated ${unique} unique policies, expected ${UNIQUE}`);
  console.log(
    `targets: ${all.length} (${unique} unique, ${DUPLICATES} duplicates), fake latency ${LATENCY_MS} ms`,
  );

  // The fake in its own process, as AWS is: the gate, then the naive client.
  const fake = await startFakeProcess(LATENCY_MS);
  let gate: Run;
  let seq: Run;
  try {
    gate = await runGate(fake.url, () => fake.stats(), all);
    seq = await runSequential(fake.url, () => fake.stats(), all);
  } finally {
    await fake.close();
  }
  // The fake inside the gate's process: its rule engine and HTTP parsing share the gate's one thread.
  const local = await startFakeAccessAnalyzer({ latencyMs: LATENCY_MS });
  let shared: Run;
  try {
    const stats = async () => ({
      calls: local.calls.ValidatePolicy,
      documents: local.validatedDocuments.length,
    });
    shared = await runGate(local.url, stats, all);
  } finally {
    await local.close();
  }

  const floorMs = Math.ceil(unique / MAX_CONCURRENCY) * LATENCY_MS;
  const speedup = seq.ms / gate.ms;
  const ofFloor = gate.ms / floorMs;
  console.log(
    `gate (createAccessAnalyzer, max-concurrency ${MAX_CONCURRENCY}): ${ms(gate.ms)}, ${gate.calls} ` +
      `ValidatePolicy calls, ${gate.documents} documents validated, ${gate.findings} findings ` +
      `(${gate.failed} ANALYSIS_FAILED); gate CPU ${ms(gate.cpuMs)} = ${(gate.cpuMs / gate.calls).toFixed(2)} ms per call`,
  );
  console.log(
    `sequential (one call at a time, no dedupe): ${ms(seq.ms)}, ${seq.calls} calls, ${seq.documents} ` +
      `documents, ${seq.findings} raw findings; ${(seq.ms / seq.calls - LATENCY_MS).toFixed(1)} ms per call ` +
      'on top of the latency',
  );
  console.log(
    `speed-up: ${speedup.toFixed(1)}x (dedupe ${(all.length / unique).toFixed(2)}x x concurrency ` +
      `${(((seq.ms / seq.calls) * unique) / gate.ms).toFixed(2)}x)`,
  );
  console.log(
    `scheduling floor: ceil(${unique} / ${MAX_CONCURRENCY}) x ${LATENCY_MS} ms = ${ms(floorMs)}; ` +
      `the gate took ${ofFloor.toFixed(3)}x the floor (+${ms(gate.ms - floorMs)})`,
  );
  console.log(
    `with the fake in the gate's own process: ${ms(shared.ms)} = ${(shared.ms / floorMs).toFixed(3)}x the floor ` +
      `(${shared.calls} calls; process CPU ${ms(shared.cpuMs)}, gate and fake together on one thread)`,
  );
  const targetsMet = [
    {
      label: 'API calls = unique policies',
      met: gate.documents === unique && gate.calls === unique,
      measured: `${gate.calls} calls`,
      target: `${unique}`,
    },
    { label: 'no failures', met: gate.failed === 0, measured: `${gate.failed} ANALYSIS_FAILED`, target: '0' },
    {
      label: 'faster than sequential',
      met: speedup >= 10,
      measured: `${speedup.toFixed(1)}x`,
      target: '>= 10x',
    },
    {
      label: 'close to the scheduling floor',
      met: ofFloor <= 1.25,
      measured: `${ofFloor.toFixed(3)}x`,
      target: '<= 1.25x',
    },
  ];
  for (const t of targetsMet) console.log(verdictLine(t.label, t.met, t.measured, t.target));
  return result(
    's1',
    'Access Analyzer: 500 distinct + 200 duplicates, 100 ms latency',
    {
      targets: all.length,
      unique,
      duplicates: DUPLICATES,
      latencyMs: LATENCY_MS,
      maxConcurrency: MAX_CONCURRENCY,
      gateMs: Math.round(gate.ms),
      gateCalls: gate.calls,
      gateDocuments: gate.documents,
      gateFindings: gate.findings,
      gateFailed: gate.failed,
      gateCpuMs: Math.round(gate.cpuMs),
      sequentialMs: Math.round(seq.ms),
      sequentialCalls: seq.calls,
      sequentialDocuments: seq.documents,
      speedup: Number(speedup.toFixed(2)),
      floorMs,
      ofFloor: Number(ofFloor.toFixed(3)),
      sharedProcessMs: Math.round(shared.ms),
      sharedProcessOfFloor: Number((shared.ms / floorMs).toFixed(3)),
      sharedProcessCpuMs: Math.round(shared.cpuMs),
    },
    targetsMet,
  );
}
