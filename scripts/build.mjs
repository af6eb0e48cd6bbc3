// Bundles the action (dist/index.js) and the CLI (dist/cli/index.js) with ncc.
// Type checking is `npm run typecheck`'s job (ncc only transpiles). CI rebuilds and fails when the committed dist/ differs (scripts/check-dist.sh).
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { writeStamp } from './dist-stamp.mjs';

const ncc = (entry, out) =>
  execFileSync(
    'npx',
    ['ncc', 'build', entry, '-o', out, '--license', 'licenses.txt', '--transpile-only', '--quiet'],
    {
      stdio: 'inherit',
    },
  );

rmSync('dist', { recursive: true, force: true });
ncc('src/main.ts', 'dist');
ncc('src/cli.ts', 'dist/cli');

// The CLI is a package bin: give it a shebang and make it executable.
const cli = 'dist/cli/index.js';
const text = readFileSync(cli, 'utf8');
if (!text.startsWith('#!')) writeFileSync(cli, `#!/usr/bin/env node\n${text}`);
chmodSync(cli, 0o755);

// What this dist/ was built from, for the e2e suite's freshness check (dist-stamp.mjs).
writeStamp(process.cwd());
