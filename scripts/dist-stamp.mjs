// What dist/ was built from: a hash of everything the bundle depends on (src/, the lockfile, the build
// script and tsconfig) and of dist/ itself, recorded by the build (build.mjs) outside the committed tree.
// The e2e suite's setup (test/e2e/global-setup.ts) rebuilds when the recorded stamp does not match now:
// an edited src/, a changed lockfile, or a dist/ that git or a person replaced since.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const INPUTS = ['src', 'package-lock.json', 'scripts/build.mjs', 'tsconfig.json'];

function filesUnder(root, path) {
  const abs = join(root, path);
  let entries;
  try {
    entries = readdirSync(abs, { withFileTypes: true });
  } catch (err) {
    if (err.code === 'ENOTDIR') return [path];
    if (err.code === 'ENOENT') return [];
    throw err;
  }
  return entries.flatMap((e) => filesUnder(root, join(path, e.name)));
}

/** One hash over the files' paths and bytes, in a fixed order. */
function hashFiles(root, paths) {
  const hash = createHash('sha256');
  const files = paths.flatMap((p) => filesUnder(root, p)).sort();
  for (const file of files) {
    hash.update(`${relative(root, join(root, file))}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function stampPath(root) {
  return join(root, 'node_modules/.cache/iam-policy-gate/dist-stamp.json');
}

/** The stamp dist/ would have now: the sources' hash and dist/'s own. */
export function currentStamp(root) {
  return { sources: hashFiles(root, INPUTS), dist: hashFiles(root, ['dist']) };
}

export function writeStamp(root) {
  const path = stampPath(root);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(currentStamp(root))}\n`);
}

/** Whether dist/ is what the build made from today's sources; false without a stamp. */
export function distIsFresh(root) {
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(stampPath(root), 'utf8'));
  } catch {
    return false;
  }
  const now = currentStamp(root);
  return recorded.sources === now.sources && recorded.dist === now.dist;
}
