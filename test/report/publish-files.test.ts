// The action's report files (sarif-file, the JSON report) go through the safe-write helper: a link the pull
// request committed is refused as a configuration error, the file it points at is untouched, and the
// annotations are still emitted.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as coreModule from '@actions/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../../src/core/errors';
import { silentLogger } from '../../src/core/logger';
import type { GitHubContext } from '../../src/github/context';
import { publishReport } from '../../src/publish/publish';
import { failReport } from './sample-report';

let dir: string;
let workspace: string;
let runnerTemp: string;
let victim: string;

function recordingCore() {
  const outputs: Record<string, unknown> = {};
  const annotations: string[] = [];
  const note = (m: string) => void annotations.push(m);
  const core = {
    setOutput: (name: string, value: unknown) => {
      outputs[name] = value;
    },
    error: note,
    warning: note,
    notice: note,
  } as unknown as typeof coreModule;
  return { core, outputs, annotations };
}

function publish(core: typeof coreModule, sarifFile?: string) {
  const ctx: GitHubContext = { eventName: 'push', apiUrl: '', serverUrl: 'https://github.com', workspace };
  return publishReport({
    report: failReport(),
    settings: { comment: 'never', reviewComments: 'none' },
    ...(sarifFile ? { sarifFile } : {}),
    ctx,
    octokit: undefined,
    log: silentLogger,
    core,
    env: process.env,
  });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iam-gate-publish-'));
  workspace = join(dir, 'ws');
  runnerTemp = join(dir, 'runner-temp');
  mkdirSync(workspace);
  mkdirSync(runnerTemp);
  victim = join(dir, 'victim');
  writeFileSync(victim, 'precious\n');
  vi.stubEnv('RUNNER_TEMP', runnerTemp);
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe('publishReport: the files it writes', () => {
  it('refuses a sarif-file that is a committed symlink, leaves the victim untouched, still annotates', async () => {
    symlinkSync(victim, join(workspace, 'report.sarif'));
    const { core, outputs, annotations } = recordingCore();
    const run = publish(core, 'report.sarif');
    await expect(run).rejects.toThrowError(ConfigurationError);
    await expect(publish(recordingCore().core, 'report.sarif')).rejects.toThrowError(
      /^Input 'sarif-file' is 'report\.sarif': report\.sarif is a symbolic link/,
    );
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(outputs.sarif).toBeUndefined();
    expect(outputs.result).toBe('fail');
    expect(annotations.length).toBeGreaterThan(0);
  });

  it('refuses a sarif-file under a symlinked directory', async () => {
    mkdirSync(join(dir, 'outside'));
    symlinkSync(join(dir, 'outside'), join(workspace, 'out'));
    await expect(publish(recordingCore().core, 'out/gate.sarif')).rejects.toThrowError(
      /out is a symbolic link/,
    );
    expect(() => readFileSync(join(dir, 'outside', 'gate.sarif'))).toThrowError(/ENOENT/);
  });

  it('writes the SARIF file and the JSON report where they belong', async () => {
    const { core, outputs } = recordingCore();
    await publish(core, 'out/gate.sarif');
    expect(outputs.sarif).toBe(join(workspace, 'out/gate.sarif'));
    expect(JSON.parse(readFileSync(join(workspace, 'out/gate.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(outputs['report-json']).toBe(join(runnerTemp, 'iam-policy-gate-report.json'));
  });

  it('without runner.temp, refuses a committed .iam-policy-gate link for the JSON report', async () => {
    vi.stubEnv('RUNNER_TEMP', '');
    mkdirSync(join(dir, 'outside'));
    symlinkSync(join(dir, 'outside'), join(workspace, '.iam-policy-gate'));
    await expect(publish(recordingCore().core)).rejects.toThrowError(
      /^The JSON report \(output 'report-json'\) is '.+': \.iam-policy-gate is a symbolic link/,
    );
    expect(() => readFileSync(join(dir, 'outside', 'iam-policy-gate-report.json'))).toThrowError(/ENOENT/);
  });
});
