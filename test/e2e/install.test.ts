// The npm package as a user gets it: `npm pack` of this repository, `npm install -g --prefix` of the tarball
// into an empty prefix with the registry out of reach (--offline: the bundle must need no dependency), and
// the installed `iam-policy-gate` bin run from an empty directory on the example policies.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, RUNTIMES } from './harness';
import { type ProcessResult, runProcess, transcript } from './process';

const BAD = join(ROOT, 'examples/policies/bad/typo-in-action.json');
const GOOD = join(ROOT, 'examples/policies/good/s3-read-reports.json');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

let tmp: string;
let prefix: string;
let packed: { filename: string; files: Array<{ path: string }> };

/** npm as a user runs it, without the audit, the funding notice and the update check. */
function npm(args: string[], cwd: string): Promise<ProcessResult> {
  return runProcess('npm', args, {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmp,
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    },
    timeoutMs: 120_000,
  });
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'iam-gate-install-'));
  prefix = join(tmp, 'prefix');
  const pack = await npm(['pack', '--json', '--pack-destination', tmp], ROOT);
  expect(pack.code, transcript(pack)).toBe(0);
  [packed] = JSON.parse(pack.stdout) as [typeof packed];
  const install = await npm(
    ['install', '-g', '--offline', '--prefix', prefix, join(tmp, packed.filename)],
    tmp,
  );
  expect(install.code, transcript(install)).toBe(0);
}, 240_000);

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** The installed bin, run in `cwd` by the `node` of `runtime` (the bin's `#!/usr/bin/env node` finds it). */
function gate(args: string[], cwd: string, node = process.execPath): Promise<ProcessResult> {
  return runProcess(join(prefix, 'bin/iam-policy-gate'), args, {
    cwd,
    env: {
      PATH: [dirname(node), process.env.PATH ?? ''].join(delimiter),
      HOME: tmp,
      AWS_EC2_METADATA_DISABLED: 'true',
      NO_COLOR: '1',
    },
  });
}

/** A new empty directory to run the bin in. */
async function emptyDir(name: string): Promise<string> {
  const dir = join(tmp, name);
  await mkdir(dir, { recursive: true });
  return dir;
}

describe('the npm package', () => {
  it('holds only what runs: the CLI bundle, its licences, the config schema, README and package.json', () => {
    expect(packed.files.map((f) => f.path).sort()).toEqual([
      'README.md',
      'dist/cli/index.js',
      'dist/cli/licenses.txt',
      'package.json',
      'schema/config.schema.json',
    ]);
  });

  it('installs into an empty prefix without the registry and needs no dependency', () => {
    const installed = join(prefix, 'lib/node_modules/iam-policy-gate');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(existsSync(join(installed, 'node_modules'))).toBe(false);
    // The bin is linked and executable.
    expect(statSync(join(prefix, 'bin/iam-policy-gate')).mode & 0o111).not.toBe(0);
  });

  it('prints its version', async () => {
    const run = await gate(['--version'], await emptyDir('version'));
    expect(run.code, transcript(run)).toBe(0);
    expect(run.stdout.trim()).toBe(VERSION);
  });

  for (const { name, node } of RUNTIMES) {
    it(`checks policies under the current directory offline and exits on the verdict (${name})`, async () => {
      const cwd = await emptyDir(`relative-${name.replace(/\W+/g, '-')}`);
      await cp(BAD, join(cwd, 'policies/bad.json'));
      await cp(GOOD, join(cwd, 'policies/good.json'));

      const bad = await gate(['check', 'policies/bad.json', '--analyzer', 'local'], cwd, node);
      expect(bad.code, transcript(bad)).toBe(1);
      expect(bad.stdout).toMatch(/policies\/bad\.json:7:\d+ ERROR INVALID_ACTION The action "s3:GetObjekt"/);
      expect(bad.stdout).toMatch(/policies\/bad\.json:7:\d+ ERROR INVALID_SERVICE_IN_ACTION/);
      expect(bad.stderr).toContain('Analyzer: local analyzer');

      const good = await gate(['check', 'policies/good.json', '--analyzer', 'local'], cwd, node);
      expect(good.code, transcript(good)).toBe(0);
      expect(good.stdout).toContain('gate passed: no findings in 1 policy');
    });
  }

  // The "done when": `"$T/bin/iam-policy-gate" check /abs/path/policy.json` from an empty directory.
  it('checks a policy named by its absolute path from an empty directory', async () => {
    const cwd = await emptyDir('absolute');

    const bad = await gate(['check', BAD, '--analyzer', 'local'], cwd);
    expect(bad.code, transcript(bad)).toBe(1);
    expect(bad.stdout).toMatch(/typo-in-action\.json:7:\d+ ERROR INVALID_ACTION The action "s3:GetObjekt"/);

    const good = await gate(['check', GOOD, '--analyzer', 'local'], cwd);
    expect(good.code, transcript(good)).toBe(0);
    expect(good.stdout).toContain('gate passed: no findings in 1 policy');
  });
});
