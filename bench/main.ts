// The benchmark entry, bundled by bench/run.mjs with ncc. Modes:
//   main.js [s1,...,s6]              runs the scenarios, each in a fresh child process, then a summary
//   main.js scenario <id> <out.json> one scenario (in the child), its result written to out.json
//   main.js plan-child <ws> <plan>   one measured Terraform plan extraction (scenario 2's child)
//   main.js offline-child <parse|full> <ws> <plan>  one measured offline run or plan parse (scenario 5's child)
//   main.js fake-server <latencyMs>  the fake Access Analyzer in its own process (scenario 1's child)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAccessAnalyzer } from './access-analyzer';
import { runCloudFormation } from './cloudformation';
import { runColdStart } from './cold-start';
import { runDiscovery } from './discovery';
import { fakeServerChild } from './fake-process';
import { describeMachine, machine } from './machine';
import { offlineChild, runOfflinePlan } from './offline-plan';
import type { ScenarioResult } from './result';
import { planChild, runTerraformPlan } from './terraform-plan';
import { ms, nowMs } from './util';

const SCENARIOS: Record<string, () => Promise<ScenarioResult>> = {
  s1: runAccessAnalyzer,
  s2: runTerraformPlan,
  s3: runColdStart,
  s4: runDiscovery,
  s5: runOfflinePlan,
  s6: runCloudFormation,
};

async function runAll(selected: string[]): Promise<number> {
  const started = nowMs();
  console.log(`iam-policy-gate benchmarks: ${selected.join(', ')}`);
  console.log(`machine: ${describeMachine()}`);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'iam-gate-bench-'));
  const results: ScenarioResult[] = [];
  let failed = 0;
  try {
    for (const id of selected) {
      const out = path.join(tmp, `${id}.json`);
      const child = spawnSync(process.execPath, [process.argv[1]!, 'scenario', id, out], {
        stdio: 'inherit',
      });
      if (child.status !== 0) {
        console.error(`scenario ${id} failed (exit ${child.status})`);
        failed += 1;
        continue;
      }
      results.push(JSON.parse(readFileSync(out, 'utf8')) as ScenarioResult);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const file = path.join(os.tmpdir(), 'iam-policy-gate-bench.json');
  writeFileSync(file, `${JSON.stringify({ machine: machine(), results }, null, 2)}\n`);
  console.log('\n=== Summary');
  console.log(`machine: ${describeMachine()}`);
  for (const r of results) {
    for (const t of r.targets) {
      console.log(`${t.met ? 'met   ' : 'MISSED'} ${r.id} ${t.label}: ${t.measured} (target ${t.target})`);
    }
  }
  console.log(`figures: ${file}; total ${ms(nowMs() - started)}`);
  return failed === 0 ? 0 : 1;
}

async function main(args: string[]): Promise<number> {
  const [mode, ...rest] = args;
  if (mode === 'fake-server') {
    await fakeServerChild(Number(rest[0] ?? '0'));
    return 0;
  }
  if (mode === 'offline-child') {
    await offlineChild(rest[0] === 'full' ? 'full' : 'parse', rest[1]!, rest[2]!);
    return 0;
  }
  if (mode === 'plan-child') {
    await planChild(rest[0]!, rest[1]!);
    return 0;
  }
  if (mode === 'scenario') {
    const run = SCENARIOS[rest[0] ?? ''];
    if (!run) throw new Error(`unknown scenario ${rest[0]}`);
    writeFileSync(rest[1]!, JSON.stringify(await run()));
    return 0;
  }
  const selected = mode ? mode.split(',').map((s) => s.trim()) : Object.keys(SCENARIOS);
  const unknown = selected.filter((s) => !(s in SCENARIOS));
  if (unknown.length > 0) {
    console.error(`unknown scenario ${unknown.join(', ')}; choose from ${Object.keys(SCENARIOS).join(', ')}`);
    return 2;
  }
  return runAll(selected);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  },
);
