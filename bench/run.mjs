// npm run bench [-- s1,s2,s3,s4]: bundles bench/main.ts (TypeScript with extensionless imports, like src/)
// with ncc into a temp dir and runs it. Builds dist/ first only when it is missing (scenario 3 measures it).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
if (!existsSync('dist/index.js') || !existsSync('dist/cli/index.js')) {
  console.log('dist/ is missing: npm run build');
  execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
}
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
const out = mkdtempSync(path.join(os.tmpdir(), 'iam-gate-bench-bundle-'));
try {
  const started = Date.now();
  const build = ['build', 'bench/main.ts', '-o', out, '--transpile-only', '--quiet'];
  execFileSync(process.execPath, [ncc, ...build], { stdio: 'inherit' });
  console.log(`bench bundle built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const args = [path.join(out, 'index.js'), ...process.argv.slice(2)];
  const env = { ...process.env, IAM_GATE_BENCH_ROOT: root };
  const run = spawnSync(process.execPath, args, { stdio: 'inherit', env });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
