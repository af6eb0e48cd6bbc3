// Scenario 5: the full offline run on the generated 100 MiB Terraform plan of scenario 2: runPipeline with
// analyzer: local and the default settings (discovery, extraction, the local analyzer, the local simulation,
// the gate checks, redaction, decide), against a baseline that only reads the plan and JSON.parse's it. Each
// run is a fresh child process, so its CPU (process.cpuUsage, user + system, every thread) and peak RSS
// (process.resourceUsage().maxRSS) are its own; both children are the same bundle, so Node's start-up and the
// bundle's evaluation are the same in both and not counted (CPU is measured from just before the work).
// On Linux the CPU is also split by thread (thread-cpu.ts): the main thread against V8's workers, which
// compile the hot code and help the collector beside it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { selectBackends } from '../src/analyze/select';
import { awsClientFactories } from '../src/clients/aws';
import { readInputs } from '../src/config/inputs';
import { parseRepoConfig } from '../src/config/parse';
import { resolveSettings } from '../src/config/settings';
import { silentLogger } from '../src/core/logger';
import { pipelineOptionsFrom, runPipeline } from '../src/pipeline';
import { generatePlan } from './generate-plan';
import { result, type ScenarioResult } from './result';
import { threadCpuSince, threadCpuSnapshot } from './thread-cpu';
import { header, MiB, median, mib, ms, nowMs, verdictLine } from './util';

const PLAN_BYTES = 100 * MiB;
const RUNS = 3;

type Mode = 'parse' | 'full';

interface ChildFigures {
  mode: Mode;
  cpuMs: number;
  /** cpuMs split: the main thread, and V8's worker threads (the JIT, the collector's helpers); Linux only. */
  mainCpuMs?: number;
  otherCpuMs?: number;
  wallMs: number;
  peakRss: number;
  /** What the run found: the parsed plan's resource changes (parse), or the report's counts (full). */
  resourceChanges?: number;
  targets?: number;
  findings?: number;
  result?: string;
}

const cpuMsSince = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

/** The pipeline as the action runs it offline: default settings, analyzer: local, the plan named. */
async function fullRun(workspace: string, planFile: string) {
  const inputs = readInputs((name) =>
    name === 'analyzer' ? 'local' : name === 'terraform-plans' ? planFile : '',
  );
  const settings = resolveSettings(inputs, parseRepoConfig('', '.github/iam-policy-gate.yml'), {
    isPullRequest: false,
  });
  const backends = await selectBackends({
    mode: settings.analyzer,
    maxConcurrency: settings.maxConcurrency,
    env: {},
    clients: awsClientFactories({}),
  });
  return runPipeline({ ...pipelineOptionsFrom(settings), workspace, backends, log: silentLogger });
}

/** Runs in the child: one measured run, figures as JSON on stdout's last line. */
export async function offlineChild(mode: Mode, workspace: string, planFile: string): Promise<void> {
  const threads = threadCpuSnapshot();
  const cpu = process.cpuUsage();
  const t0 = nowMs();
  let found: Partial<ChildFigures>;
  if (mode === 'parse') {
    const plan = JSON.parse(readFileSync(path.join(workspace, planFile), 'utf8')) as {
      resource_changes: unknown[];
    };
    found = { resourceChanges: plan.resource_changes.length };
  } else {
    const report = await fullRun(workspace, planFile);
    found = {
      targets: report.targets.length,
      findings: report.findings.length,
      result: report.verdict.result,
    };
  }
  const cpuMs = cpuMsSince(cpu);
  const split = threadCpuSince(threads);
  const figures: ChildFigures = {
    mode,
    cpuMs,
    ...(split ? { mainCpuMs: split.mainMs, otherCpuMs: split.otherMs } : {}),
    wallMs: nowMs() - t0,
    peakRss: process.resourceUsage().maxRSS * 1024,
    ...found,
  };
  console.log(JSON.stringify(figures));
}

/** ` (main M + workers W)`, when the child could split its CPU by thread. */
function byThread(f: ChildFigures): string {
  if (f.mainCpuMs === undefined || f.otherCpuMs === undefined) return '';
  return ` (main ${ms(f.mainCpuMs)} + V8 workers ${ms(f.otherCpuMs)})`;
}

function runChild(mode: Mode, workspace: string, planFile: string): ChildFigures {
  const args = [process.argv[1]!, 'offline-child', mode, workspace, planFile];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 16 * MiB });
  if (child.status !== 0) throw new Error(`${mode} child failed (${child.status}): ${child.stderr}`);
  const last = child.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as ChildFigures;
}

export async function runOfflinePlan(): Promise<ScenarioResult> {
  header('Scenario 5: the full offline run (analyzer: local) on a generated 100 MiB Terraform plan');
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'iam-gate-bench-offline-'));
  try {
    const plan = generatePlan(workspace, PLAN_BYTES);
    const bytes = readFileSync(path.join(workspace, plan.planFile)).length;
    console.log(
      `plan: ${mib(bytes)} (${bytes} bytes), ${plan.resourceChanges} resource_changes (not measured)`,
    );
    const parse: ChildFigures[] = [];
    const full: ChildFigures[] = [];
    // Alternated, so load on the shared machine falls on both alike.
    for (let i = 0; i < RUNS; i++) {
      const p = runChild('parse', workspace, plan.planFile);
      const f = runChild('full', workspace, plan.planFile);
      parse.push(p);
      full.push(f);
      console.log(
        `run ${i + 1}: read + JSON.parse CPU ${ms(p.cpuMs)}${byThread(p)} (wall ${ms(p.wallMs)}, peak RSS ` +
          `${mib(p.peakRss)}); full run CPU ${ms(f.cpuMs)}${byThread(f)} (wall ${ms(f.wallMs)}, peak RSS ` +
          `${mib(f.peakRss)})`,
      );
    }
    const first = full[0]!;
    const parseCpu = median(parse.map((r) => r.cpuMs));
    const fullCpu = median(full.map((r) => r.cpuMs));
    const fullWall = median(full.map((r) => r.wallMs));
    const split = (runs: ChildFigures[]) =>
      runs.every((r) => r.mainCpuMs !== undefined && r.otherCpuMs !== undefined)
        ? {
            main: median(runs.map((r) => r.mainCpuMs ?? 0)),
            other: median(runs.map((r) => r.otherCpuMs ?? 0)),
          }
        : undefined;
    const fullSplit = split(full);
    const parseSplit = split(parse);
    const cpuRatio = fullCpu / parseCpu;
    const peakRss = Math.max(...full.map((r) => r.peakRss));
    const parsePeakRss = Math.max(...parse.map((r) => r.peakRss));
    const rssRatio = peakRss / bytes;
    console.log(
      `full run: ${first.targets} policies, ${first.findings} findings, result ${first.result}; ` +
        `read + JSON.parse: ${parse[0]!.resourceChanges} resource_changes`,
    );
    console.log(
      `median CPU: full ${ms(fullCpu)} / read + JSON.parse ${ms(parseCpu)} = ${cpuRatio.toFixed(2)}x; ` +
        `full wall ${ms(fullWall)}`,
    );
    if (fullSplit && parseSplit) {
      console.log(
        `median CPU by thread: full ${ms(fullSplit.main)} main + ${ms(fullSplit.other)} V8 workers; ` +
          `read + JSON.parse ${ms(parseSplit.main)} main + ${ms(parseSplit.other)} V8 workers`,
      );
    }
    console.log(
      `peak RSS (highest run): full ${mib(peakRss)} = ${rssRatio.toFixed(2)}x the plan; read + JSON.parse ` +
        `${mib(parsePeakRss)} = ${(parsePeakRss / bytes).toFixed(2)}x`,
    );
    const targets = [
      {
        label: 'CPU of the full offline run',
        met: cpuRatio < 2,
        measured: `${cpuRatio.toFixed(2)}x read + JSON.parse (${ms(fullCpu)} / ${ms(parseCpu)})`,
        target: '< 2x',
      },
      {
        label: 'peak RSS of the full offline run',
        met: rssRatio < 3,
        measured: `${mib(peakRss)} = ${rssRatio.toFixed(2)}x`,
        target: '< 3x the plan size',
      },
    ];
    for (const t of targets) console.log(verdictLine(t.label, t.met, t.measured, t.target));
    return result(
      's5',
      'Full offline run (analyzer: local) on a 100 MiB Terraform plan',
      {
        planBytes: bytes,
        resourceChanges: plan.resourceChanges,
        policies: first.targets ?? 0,
        findings: first.findings ?? 0,
        verdict: first.result ?? '',
        runs: RUNS,
        parseCpuMs: Math.round(parseCpu),
        fullCpuMs: Math.round(fullCpu),
        cpuRatio: Number(cpuRatio.toFixed(2)),
        ...(fullSplit && parseSplit
          ? {
              fullMainThreadCpuMs: fullSplit.main,
              fullWorkerThreadsCpuMs: fullSplit.other,
              parseMainThreadCpuMs: parseSplit.main,
              parseWorkerThreadsCpuMs: parseSplit.other,
            }
          : {}),
        parseWallMs: Math.round(median(parse.map((r) => r.wallMs))),
        fullWallMs: Math.round(fullWall),
        peakRssBytes: peakRss,
        parsePeakRssBytes: parsePeakRss,
        peakRssMultiple: Number(rssRatio.toFixed(2)),
      },
      targets,
    );
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}
