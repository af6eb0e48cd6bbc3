// npm run bench [-- s1,s2,s3,s4]: bundles bench/main.ts (TypeScript with extensionless imports, like src/)
// with ncc into a temp dir and runs it. Builds dist/ first only when it is missing (scenario 3 measures it).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { bundleAndRun, root } from '../scripts/run-ts.mjs';

process.chdir(root);
if (!existsSync('dist/index.js') || !existsSync('dist/cli/index.js')) {
  console.log('dist/ is missing: npm run build');
  execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
}
process.exitCode = bundleAndRun('bench/main.ts', process.argv.slice(2), { IAM_GATE_BENCH_ROOT: root });
