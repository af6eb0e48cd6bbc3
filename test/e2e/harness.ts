// Runs the bundled action exactly as the runner does: `node dist/index.js` with INPUT_* variables, a
// pull_request event payload in GITHUB_EVENT_PATH, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { type FakeAccessAnalyzer, startFakeAccessAnalyzer } from '../fakes/access-analyzer';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github';
import { type FakeIam, startFakeIam } from '../fakes/iam';
import { NODE22_BIN, NODE24_BIN } from './global-setup';

export const ROOT = resolve(__dirname, '../..');
export const ACTION = join(ROOT, 'dist/index.js');
export const CLI = join(ROOT, 'dist/cli/index.js');

/** The oldest Node the package supports (package.json `engines`: >=22). */
export const OLDEST_NODE_MAJOR = 22;

const thisNode = { name: `node ${process.versions.node}`, node: process.execPath };
const supported = Number(process.versions.node.split('.')[0]) >= OLDEST_NODE_MAJOR;
const declared = [
  { name: 'node 22 (engines)', node: NODE22_BIN },
  { name: 'node 24 (runs.using)', node: NODE24_BIN },
].filter((r) => existsSync(r.node));

/**
 * The runtimes the bundle is run on in this pass. The bundle must run on Node 22 (the oldest `engines`
 * allows) and Node 24 (the action's runs.using), each from its npm package (global-setup.ts). .ci/run runs
 * the whole suite on 24 and the e2e suite again on 22, so each pass runs the bundle on the Node running the
 * suite, and between them CI runs every e2e test on both. On a Node older than `engines` (a machine's own
 * Node 20), both packages; where they cannot be installed (not linux-x64), this Node alone.
 */
export const RUNTIMES: Array<{ name: string; node: string }> = supported
  ? [thisNode]
  : declared.length > 0
    ? declared
    : [thisNode];

export interface Workspace {
  dir: string;
  write(path: string, text: string): Promise<void>;
  cleanup(): Promise<void>;
}

export async function makeWorkspace(files: Record<string, string>): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'iam-gate-e2e-'));
  const ws: Workspace = {
    dir,
    async write(path, text) {
      const abs = join(dir, 'repo', path);
      await mkdir(dirname(abs), { recursive: true });
      await writeFile(abs, text);
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
  for (const [path, text] of Object.entries(files)) await ws.write(path, text);
  return ws;
}

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Parses GITHUB_OUTPUT's `name<<DELIMITER` blocks as @actions/core writes them. */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!m) continue;
    const value: string[] = [];
    for (i += 1; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i] ?? '');
    out[m[1] as string] = value.join('\n');
  }
  return out;
}

export async function runAction(opts: {
  node: string;
  ws: Workspace;
  inputs: Record<string, string>;
  env?: Record<string, string>;
  event?: { name: string; payload: unknown };
}): Promise<ActionRun> {
  const { ws } = opts;
  const runDir = await mkdtemp(join(ws.dir, 'run-'));
  const eventPath = join(runDir, 'event.json');
  const outputPath = join(runDir, 'output');
  const summaryPath = join(runDir, 'summary.md');
  const event = opts.event ?? { name: 'push', payload: {} };
  await writeFile(eventPath, JSON.stringify(event.payload));
  await writeFile(outputPath, '');
  await writeFile(summaryPath, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: ws.dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_WORKSPACE: join(ws.dir, 'repo'),
    GITHUB_REPOSITORY: 'acme/infra',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_SHA: 'a'.repeat(40),
    RUNNER_TEMP: runDir,
    AWS_EC2_METADATA_DISABLED: 'true',
    ...opts.env,
  };
  for (const [name, value] of Object.entries(opts.inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const result = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(
      opts.node,
      [ACTION],
      { cwd: join(ws.dir, 'repo'), env, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
  return {
    ...result,
    outputs: parseOutputs(await readFile(outputPath, 'utf8')),
    summary: await readFile(summaryPath, 'utf8'),
  };
}

/**
 * Runs the bundled CLI (dist/cli/index.js) in the workspace's repo with a minimal environment and `env`, on
 * the first of RUNTIMES (the Node running the suite, when supported), as another user when `uid`/`gid` are
 * given, with `nodeArgs` before the script (e.g. `--require` of a preload).
 */
export function runCli(
  ws: Workspace,
  args: string[],
  env: Record<string, string> = {},
  opts: { uid?: number; gid?: number; nodeArgs?: readonly string[] } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { nodeArgs = [], ...as } = opts;
  return new Promise((done) => {
    execFile(
      RUNTIMES[0]?.node ?? process.execPath,
      [...nodeArgs, CLI, ...args],
      {
        cwd: join(ws.dir, 'repo'),
        env: { PATH: process.env.PATH ?? '', HOME: ws.dir, AWS_EC2_METADATA_DISABLED: 'true', ...env },
        timeout: 60_000,
        ...as,
      },
      (err, stdout, stderr) => done({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

export function pullRequestEvent(number: number, headSha = 'b'.repeat(40)) {
  return {
    name: 'pull_request',
    payload: {
      action: 'synchronize',
      number,
      pull_request: {
        number,
        head: { sha: headSha, ref: 'feature' },
        base: { sha: 'c'.repeat(40), ref: 'main' },
      },
      repository: { full_name: 'acme/infra', name: 'infra', owner: { login: 'acme' } },
    },
  };
}

/** Fake static credentials and the AWS settings every e2e run uses, for the fakes at these URLs. */
function fakeAwsEnv(aa: FakeAccessAnalyzer, iam: FakeIam, region: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_ACCESSANALYZER: aa.url,
    AWS_ENDPOINT_URL_IAM: iam.url,
    AWS_ACCESS_KEY_ID: 'AKIDFAKEE2E',
    AWS_SECRET_ACCESS_KEY: 'fake-secret-e2e',
    AWS_REGION: region,
    AWS_MAX_ATTEMPTS: '3',
  };
}

/**
 * Starts the fake Access Analyzer and IAM once per suite (call inside a `describe`, or at the top of a file)
 * and resets their faults and scripted findings after each test; `env()` points the bundle's real AWS
 * clients at them with fake static credentials, in `region` (default us-east-1).
 */
export function useAwsFakes(opts: { region?: string } = {}) {
  const fakes = {} as { aa: FakeAccessAnalyzer; iam: FakeIam };
  beforeAll(async () => {
    fakes.aa = await startFakeAccessAnalyzer();
    fakes.iam = await startFakeIam();
  });
  afterAll(async () => {
    await fakes.aa.close();
    await fakes.iam.close();
  });
  afterEach(() => {
    fakes.aa.clearFaults();
    delete fakes.aa.options.findings;
  });
  return {
    get aa() {
      return fakes.aa;
    },
    get iam() {
      return fakes.iam;
    },
    env: (): Record<string, string> => fakeAwsEnv(fakes.aa, fakes.iam, opts.region ?? 'us-east-1'),
  };
}

/**
 * The AWS fakes of `useAwsFakes` and a fresh fake GitHub per test; `env()` also points the bundle's GitHub
 * client at it.
 */
export function useFakes(opts: { region?: string } = {}) {
  const aws = useAwsFakes(opts);
  const github = {} as { gh: FakeGitHub };
  beforeEach(async () => {
    github.gh = await startFakeGitHub();
  });
  afterEach(async () => {
    await github.gh.close();
  });
  return {
    get aa() {
      return aws.aa;
    },
    get iam() {
      return aws.iam;
    },
    get gh() {
      return github.gh;
    },
    env: (): Record<string, string> => ({ GITHUB_API_URL: github.gh.url, ...aws.env() }),
  };
}
