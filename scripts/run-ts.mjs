// Runs a TypeScript entry of the repository (extensionless imports, like src/): bundles it with ncc into a
// temp dir and runs the bundle with this Node. `node scripts/run-ts.mjs ENTRY [ARGS...]`, or import
// bundleAndRun. The entry sees the repository root in IAM_GATE_ROOT.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles `entry` (relative to the root) and runs it with `args`; returns the exit status. */
export function bundleAndRun(entry, args, env = {}) {
  const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
  const out = mkdtempSync(path.join(os.tmpdir(), 'iam-gate-bundle-'));
  try {
    const started = Date.now();
    const build = ['build', entry, '-o', out, '--transpile-only', '--quiet'];
    execFileSync(process.execPath, [ncc, ...build], { stdio: ['ignore', 'ignore', 'inherit'], cwd: root });
    console.error(`${entry} bundled in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const run = spawnSync(process.execPath, [path.join(out, 'index.js'), ...args], {
      stdio: 'inherit',
      env: { ...process.env, IAM_GATE_ROOT: root, ...env },
    });
    return run.status ?? 1;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [entry, ...args] = process.argv.slice(2);
  if (!entry) {
    console.error('usage: node scripts/run-ts.mjs ENTRY.ts [ARGS...]');
    process.exit(2);
  }
  process.exitCode = bundleAndRun(entry, args);
}
