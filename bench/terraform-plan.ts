// Scenario 2: a generated 100 MiB Terraform plan through extraction as the pipeline runs it: read and decode
// (discovery's readText), parse (sniff), extractTerraformPlan, mapTerraformExtraction. Each run is a fresh
// child process, so its peak RSS (VmHWM) is the extraction's alone plus Node's own baseline.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_MAX_PLAN_BYTES } from '../src/discover/discover';
import { readText } from '../src/discover/read-text';
import { sniff } from '../src/discover/sniff';
import { workspaceTerraformFiles } from '../src/discover/terraform-files';
import { extractTerraformPlan } from '../src/extract/terraform-plan';
import { mapTerraformExtraction } from '../src/extract/terraform-source';
import { generatePlan } from './generate-plan';
import { result, type ScenarioResult } from './result';
import { header, MiB, median, mib, ms, nowMs, peakRssBytes, verdictLine } from './util';

const PLAN_BYTES = 100 * MiB;
const RUNS = 3;

interface ChildFigures {
  baselineRss: number;
  peakRss: number;
  readMs: number;
  parseMs: number;
  extractMs: number;
  mapMs: number;
  totalMs: number;
  /** Resident set size after each step (not peaks): where the memory goes. */
  rssAfterRead: number;
  rssAfterParse: number;
  rssAfterExtract: number;
  targets: number;
  findings: number;
  mappedToTf: number;
  heapUsed: number;
}

/** Runs in the child: one extraction, figures as JSON on stdout's last line. */
export async function planChild(workspace: string, planFile: string): Promise<void> {
  const baselineRss = peakRssBytes();
  const t0 = nowMs();
  const read = await readText(path.join(workspace, planFile), DEFAULT_MAX_PLAN_BYTES);
  if (!read.ok) throw new Error(`plan not read: ${read.reason}`);
  const t1 = nowMs();
  const rssAfterRead = process.memoryUsage.rss();
  const sniffed = sniff(read.text);
  if (sniffed.kind !== 'terraform-plan')
    throw new Error(`plan sniffed as ${sniffed.kind}: ${sniffed.reason}`);
  const t2 = nowMs();
  const rssAfterParse = process.memoryUsage.rss();
  const extraction = extractTerraformPlan(planFile, sniffed.value);
  const t3 = nowMs();
  const rssAfterExtract = process.memoryUsage.rss();
  const mapped = mapTerraformExtraction(
    extraction,
    sniffed.value,
    workspaceTerraformFiles(workspace),
    planFile,
    read.text,
  );
  const t4 = nowMs();
  const figures: ChildFigures = {
    baselineRss,
    peakRss: peakRssBytes(),
    readMs: t1 - t0,
    parseMs: t2 - t1,
    extractMs: t3 - t2,
    mapMs: t4 - t3,
    totalMs: t4 - t0,
    rssAfterRead,
    rssAfterParse,
    rssAfterExtract,
    targets: mapped.targets.length,
    findings: mapped.findings.length,
    mappedToTf: mapped.targets.filter((t) => t.source.file.endsWith('.tf')).length,
    heapUsed: process.memoryUsage().heapUsed,
  };
  console.log(JSON.stringify(figures));
}

function runChild(workspace: string, planFile: string): ChildFigures {
  const child = spawnSync(process.execPath, [process.argv[1]!, 'plan-child', workspace, planFile], {
    encoding: 'utf8',
    maxBuffer: 16 * MiB,
  });
  if (child.status !== 0) throw new Error(`extraction child failed (${child.status}): ${child.stderr}`);
  const last = child.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as ChildFigures;
}

export async function runTerraformPlan(): Promise<ScenarioResult> {
  header('Scenario 2: extraction of a generated 100 MiB Terraform plan');
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'iam-gate-bench-plan-'));
  try {
    const g0 = nowMs();
    const plan = generatePlan(workspace, PLAN_BYTES);
    const genMs = nowMs() - g0;
    const bytes = readFileSync(path.join(workspace, plan.planFile)).length;
    console.log(
      `plan: ${mib(bytes)} (${bytes} bytes), ${plan.resourceChanges} resource_changes in ` +
        `${plan.moduleInstances} module instances (generated in ${ms(genMs)}, not measured)`,
    );
    const runs: ChildFigures[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = runChild(workspace, plan.planFile);
      runs.push(r);
      console.log(
        `run ${i + 1}: ${ms(r.totalMs)} (read ${ms(r.readMs)}, parse ${ms(r.parseMs)}, extract ` +
          `${ms(r.extractMs)}, map ${ms(r.mapMs)}), peak RSS ${mib(r.peakRss)} (Node baseline ${mib(r.baselineRss)})`,
      );
    }
    const first = runs[0]!;
    const totalMs = median(runs.map((r) => r.totalMs));
    const peakRss = Math.max(...runs.map((r) => r.peakRss));
    const baseline = median(runs.map((r) => r.baselineRss));
    const multiple = peakRss / bytes;
    const aboveBaseline = (peakRss - baseline) / bytes;
    console.log(
      `targets: ${first.targets} policies (${first.mappedToTf} placed on .tf lines), ${first.findings} findings ` +
        '(UNKNOWN_AT_PLAN and the like)',
    );
    console.log(
      `median ${ms(totalMs)} over ${RUNS} runs: read ${ms(median(runs.map((r) => r.readMs)))}, parse ` +
        `${ms(median(runs.map((r) => r.parseMs)))}, extract ${ms(median(runs.map((r) => r.extractMs)))}, map ` +
        `${ms(median(runs.map((r) => r.mapMs)))}`,
    );
    console.log(
      `peak RSS ${mib(peakRss)} = ${multiple.toFixed(2)}x the plan size (${aboveBaseline.toFixed(2)}x above ` +
        `Node's baseline of ${mib(baseline)})`,
    );
    console.log(
      `resident after each step (first run): read ${mib(first.rssAfterRead)}, parse ${mib(first.rssAfterParse)}, ` +
        `extract ${mib(first.rssAfterExtract)}; heap used at the end ${mib(first.heapUsed)}`,
    );
    const targets = [
      { label: 'extraction time', met: totalMs < 3000, measured: ms(totalMs), target: '< 3 s' },
      {
        label: 'peak RSS',
        met: multiple < 4,
        measured: `${mib(peakRss)} = ${multiple.toFixed(2)}x`,
        target: '< 4x the plan size',
      },
    ];
    for (const t of targets) console.log(verdictLine(t.label, t.met, t.measured, t.target));
    return result(
      's2',
      'Terraform plan extraction, 100 MiB',
      {
        planBytes: bytes,
        resourceChanges: plan.resourceChanges,
        moduleInstances: plan.moduleInstances,
        policies: first.targets,
        policiesOnTfLines: first.mappedToTf,
        findings: first.findings,
        runs: RUNS,
        totalMs: Math.round(totalMs),
        readMs: Math.round(median(runs.map((r) => r.readMs))),
        parseMs: Math.round(median(runs.map((r) => r.parseMs))),
        extractMs: Math.round(median(runs.map((r) => r.extractMs))),
        mapMs: Math.round(median(runs.map((r) => r.mapMs))),
        peakRssBytes: peakRss,
        baselineRssBytes: baseline,
        peakRssMultiple: Number(multiple.toFixed(2)),
        aboveBaselineMultiple: Number(aboveBaseline.toFixed(2)),
        rssAfterReadBytes: first.rssAfterRead,
        rssAfterParseBytes: first.rssAfterParse,
        rssAfterExtractBytes: first.rssAfterExtract,
        heapUsedBytes: first.heapUsed,
      },
      targets,
    );
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}
