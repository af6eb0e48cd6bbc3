// .ci/run installs the Debian packages the browser test needs when they are missing: Chromium, and the
// emoji font that makes its screenshots show the comment's emoji as GitHub does (boxes without it). The
// script's `missing=()` block runs here in bash against a stand-in root (its absolute paths moved under a
// temporary folder) with apt-get, id and pre-commit stubbed on PATH, so what it would install is recorded.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const SCRIPT = readFileSync(join(__dirname, '../../.ci/run'), 'utf8');
const CHROMIUM = 'usr/bin/chromium';
const EMOJI_FONT = 'usr/share/fonts/truetype/noto/NotoColorEmoji.ttf';

/** The block from `missing=()` to the `fi` that ends the install. */
function missingBlock(): string {
  const m = /^missing=\(\)\n[\s\S]*?^fi\n/m.exec(SCRIPT);
  if (!m) throw new Error('.ci/run has no missing=() block');
  return m[0];
}

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'iam-gate-ci-run-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function file(path: string, text = '', mode = 0o644): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  chmodSync(join(root, path), mode);
}

/** Runs the block with `present` in the stand-in root; the arguments apt-get got, one call a line. */
function aptGetCalls(present: string[]): string[] {
  for (const path of present) file(path, '', 0o755);
  const stubs = join(root, 'stubs');
  file('stubs/id', '#!/bin/sh\necho 0\n', 0o755); // root: no sudo
  file('stubs/apt-get', `#!/bin/sh\necho "$*" >> "${root}/apt-get.log"\n`, 0o755);
  file('stubs/pre-commit', '#!/bin/sh\n', 0o755);
  const block = missingBlock().replaceAll(' /usr/', ` ${root}/usr/`);
  expect(block, 'every path the block checks is moved under the stand-in root').not.toMatch(/ \/usr\//);
  execFileSync('/bin/bash', ['-euo', 'pipefail', '-c', block], { env: { PATH: stubs }, stdio: 'pipe' });
  try {
    return readFileSync(join(root, 'apt-get.log'), 'utf8').trim().split('\n');
  } catch {
    return [];
  }
}

describe('.ci/run installs the browser test packages when missing', () => {
  it('installs the emoji font when only it is missing', () => {
    expect(aptGetCalls([CHROMIUM])).toEqual([
      'update -qq',
      'install -y -qq --no-install-recommends fonts-noto-color-emoji',
    ]);
  });

  it('installs Chromium and the font together, and nothing when both are there', () => {
    expect(aptGetCalls([]).at(-1)).toBe(
      'install -y -qq --no-install-recommends chromium fonts-noto-color-emoji',
    );
    rmSync(join(root, 'apt-get.log'), { force: true });
    expect(aptGetCalls([CHROMIUM, EMOJI_FONT])).toEqual([]);
  });
});
