// The one safe-write helper: a pull request can commit symbolic links, so no write may follow one, leave the
// allowed roots, or leave a half-written file behind.
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/core/errors';
import { actionWriteRoots, cliWriteRoots, type WriteRoot, writeFileSafely } from '../../src/core/safe-write';

let dir: string;
let workspace: string;
let runnerTemp: string;
let victim: string;
let roots: WriteRoot[];
const sarif = (path: string) => ({ input: "Input 'sarif-file'", path });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iam-gate-write-'));
  workspace = join(dir, 'ws');
  runnerTemp = join(dir, 'runner-temp');
  mkdirSync(workspace);
  mkdirSync(runnerTemp);
  victim = join(dir, 'victim');
  writeFileSync(victim, 'precious\n');
  roots = actionWriteRoots({ RUNNER_TEMP: runnerTemp }, workspace);
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('writeFileSafely', () => {
  it('refuses a committed symlink at the target; the file it points at is untouched', async () => {
    symlinkSync(victim, join(workspace, 'report.sarif'));
    const write = writeFileSafely(sarif('report.sarif'), workspace, roots, '{}');
    await expect(write).rejects.toThrowError(ConfigurationError);
    await expect(write).rejects.toThrowError(
      /^Input 'sarif-file' is 'report\.sarif': report\.sarif is a symbolic link, and the gate never writes through one/,
    );
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(join(workspace, 'report.sarif')).isSymbolicLink()).toBe(true);
  });

  it('refuses a symlinked parent directory at any depth; nothing is written where it points', async () => {
    const outside = join(dir, 'outside');
    mkdirSync(outside);
    mkdirSync(join(workspace, 'out'));
    symlinkSync(outside, join(workspace, 'out', 'reports'));
    await expect(
      writeFileSafely(sarif('out/reports/gate.sarif'), workspace, roots, '{}'),
    ).rejects.toThrowError(/'out\/reports\/gate\.sarif': out\/reports is a symbolic link/);
    await expect(
      writeFileSafely(sarif('out/reports/new/gate.sarif'), workspace, roots, '{}'),
    ).rejects.toThrowError(ConfigurationError);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('refuses a link to a directory inside the workspace too: links are never followed', async () => {
    mkdirSync(join(workspace, 'real'));
    symlinkSync(join(workspace, 'real'), join(workspace, 'alias'));
    await expect(writeFileSafely(sarif('alias/gate.sarif'), workspace, roots, '{}')).rejects.toThrowError(
      /alias is a symbolic link/,
    );
  });

  it('refuses paths outside the workspace and runner.temp, `..` included', async () => {
    for (const path of ['../victim', victim, join(dir, 'new.sarif'), '/etc/passwd-gate']) {
      await expect(writeFileSafely(sarif(path), workspace, roots, '{}'), path).rejects.toThrowError(
        /the gate writes only under the workspace or runner\.temp\. Choose a path there\.$/,
      );
    }
    await expect(writeFileSafely(sarif('.'), workspace, roots, '{}')).rejects.toThrowError(
      ConfigurationError,
    );
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('writes under either root, creating directories, replacing a regular file, leaving no temp file', async () => {
    const abs = await writeFileSafely(sarif('out/deep/gate.sarif'), workspace, roots, 'one');
    expect(abs).toBe(join(workspace, 'out/deep/gate.sarif'));
    expect(readFileSync(abs, 'utf8')).toBe('one');
    await writeFileSafely(sarif('out/deep/gate.sarif'), workspace, roots, 'two');
    expect(readFileSync(abs, 'utf8')).toBe('two');
    expect(readdirSync(join(workspace, 'out/deep'))).toEqual(['gate.sarif']);

    const inTemp = await writeFileSafely(sarif(join(runnerTemp, 'gate.sarif')), workspace, roots, 'three');
    expect(readFileSync(inTemp, 'utf8')).toBe('three');
    expect(readdirSync(runnerTemp)).toEqual(['gate.sarif']);
  });

  it("with no root at all (the action's cache without runner.temp), refuses and says why", async () => {
    await expect(
      writeFileSafely({ input: "Input 'cache-file'", path: join(runnerTemp, 'c.json') }, workspace, [], ''),
    ).rejects.toThrowError(/: runner\.temp is not set, and the gate writes nowhere else\.$/);
  });

  it('without runner.temp, the action writes in the workspace only', async () => {
    const only = actionWriteRoots({}, workspace);
    expect(only.map((r) => r.name)).toEqual(['the workspace']);
    await expect(writeFileSafely(sarif(join(runnerTemp, 'x')), workspace, only, '')).rejects.toThrowError(
      /writes only under the workspace\./,
    );
  });

  it('an I/O failure names the input and the path, and leaves no temp file', async () => {
    mkdirSync(join(workspace, 'taken'));
    await expect(writeFileSafely(sarif('taken'), workspace, roots, 'x')).rejects.toThrowError(
      /^Input 'sarif-file': cannot write 'taken'/,
    );
    expect(readdirSync(workspace)).toEqual(['taken']);
  });
});

describe('where the CLI writes', () => {
  it('the current directory, the OS temp directory, and RUNNER_TEMP when set', () => {
    expect(cliWriteRoots({}, workspace).map((r) => r.dir)).toEqual([workspace, resolve(tmpdir())]);
    expect(cliWriteRoots({ RUNNER_TEMP: runnerTemp }, workspace).map((r) => r.dir)).toEqual([
      workspace,
      resolve(tmpdir()),
      runnerTemp,
    ]);
  });
});
