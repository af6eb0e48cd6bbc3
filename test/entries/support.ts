// Drives the action's run() (src/entries/action.ts) in-process, as its launcher does on a runner but with a
// recording sink and logger: the real clients (defaultClients) against the fakes on 127.0.0.1, the GitHub
// context read from a pull_request event file, and a workspace in a temporary directory. One change to the
// clients: the Octokit's throttling limiter is off. The plugin keeps its limiter in module state, shared by
// every client of the process, and spaces writes 1 s (comments 3 s) apart, so each run here would wait out
// the previous run's comment; a runner starts one run per process. The throttling wiring is tested on its
// own (test/github/review-publish.test.ts) and through dist/ (test/e2e).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from 'vitest';
import { type Clients, defaultClients } from '../../src/clients';
import { createOctokit } from '../../src/clients/octokit';
import type { Logger } from '../../src/core/logger';
import { type ActionCore, run } from '../../src/entries/action';
import { run as runCli, type TextOut } from '../../src/entries/cli';
import { readGitHubContext } from '../../src/github/context';
import type { AnnotationProperties } from '../../src/report/annotations';
import { type FakeAccessAnalyzer, startFakeAccessAnalyzer } from '../fakes/access-analyzer';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github';
import { type FakeIam, startFakeIam } from '../fakes/iam';

/** The poll backoff of IAM's and Access Analyzer's jobs in the in-process runs (the services' pace is seconds). */
const SHORT_POLL_MS = { first: 10, max: 40 };

export { pullRequestEvent } from '../e2e/harness';

export interface Workspace {
  /** The repository: the workspace and the working directory of the run. */
  repo: string;
  write(path: string, text: string): Promise<void>;
}

export interface RecordedAnnotation extends AnnotationProperties {
  level: 'error' | 'warning' | 'notice';
  message: string;
}

/** What one run() left behind: what the runner would show and keep. */
export interface ActionResult {
  /** 1 when the run called setFailed (the step fails), 0 otherwise. */
  code: number;
  /** setFailed's messages (at most one). */
  failed: string[];
  outputs: Record<string, string>;
  annotations: RecordedAnnotation[];
  /** The job summary's text. */
  summary: string;
  info: string[];
  warnings: string[];
  debug: string[];
  /** Every line of the run (log, annotations, failure), for what must appear nowhere. */
  transcript: string;
}

/** The real clients, with GitHub writes unspaced (writeSpacing: false): runs do not wait 1-3 s per write. */
function withUnspacedWrites(clients: Clients): Clients {
  return {
    ...clients,
    github: (o) => createOctokit({ ...o, writeSpacing: false }),
  };
}

/** The recording counterpart of @actions/core: outputs as @actions/core stringifies them. */
function recordingCore() {
  const failed: string[] = [];
  const outputs: Record<string, string> = {};
  const annotations: RecordedAnnotation[] = [];
  const summaries: string[] = [];
  const debug: string[] = [];
  const annotate =
    (level: RecordedAnnotation['level']) =>
    (message: string, props: AnnotationProperties = {}) =>
      void annotations.push({ level, message, ...props });
  const core: ActionCore = {
    setOutput: (name, value) => {
      outputs[name] = typeof value === 'string' ? value : JSON.stringify(value);
    },
    setFailed: (message) => void failed.push(message),
    debug: (message) => void debug.push(message),
    error: annotate('error'),
    warning: annotate('warning'),
    notice: annotate('notice'),
    summary: {
      addRaw: (text) => ({ write: async () => void summaries.push(text) }),
    },
  };
  return { core, failed, outputs, annotations, summaries, debug };
}

function recordingLogger() {
  const info: string[] = [];
  const warnings: string[] = [];
  const debug: string[] = [];
  const log: Logger = {
    info: (m) => void info.push(m),
    warning: (m) => void warnings.push(m),
    debug: (m) => void debug.push(m),
    group: (name, fn) => {
      info.push(`== ${name}`);
      return fn();
    },
  };
  return { log, info, warnings, debug };
}

/**
 * The environment the AWS SDK needs to reach the fakes with fake static credentials, and nothing of the
 * machine's own AWS configuration (`home` stands in for the home directory).
 */
export function fakeAwsEnv(
  home: string,
  urls: { accessAnalyzer: string; iam: string },
): Record<string, string> {
  return {
    HOME: home,
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-aws-credentials'),
    AWS_CONFIG_FILE: join(home, 'no-aws-config'),
    AWS_PROFILE: '',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_ACCESSANALYZER: urls.accessAnalyzer,
    AWS_ENDPOINT_URL_IAM: urls.iam,
    AWS_ACCESS_KEY_ID: 'AKIDFAKEENTRY',
    AWS_SECRET_ACCESS_KEY: 'fake-secret-entry',
    AWS_MAX_ATTEMPTS: '3',
    AWS_RETRY_MODE: '',
  };
}

/**
 * Starts the fake Access Analyzer and IAM once per file (resetting their faults and scripted findings after
 * each test) and makes a fresh temporary directory per test with the repository in it.
 */
function useFakeAwsAndRepo(prefix: string) {
  const fakes = {} as {
    aa: FakeAccessAnalyzer;
    iam: FakeIam;
    /** The temporary directory the repository is in (the run's HOME). */
    dir: string;
    ws: Workspace;
  };
  beforeAll(async () => {
    fakes.aa = await startFakeAccessAnalyzer();
    fakes.iam = await startFakeIam();
  });
  afterAll(async () => {
    await fakes.aa.close();
    await fakes.iam.close();
  });
  beforeEach(async () => {
    fakes.dir = await mkdtemp(join(tmpdir(), prefix));
    const repo = join(fakes.dir, 'repo');
    await mkdir(repo);
    fakes.ws = {
      repo,
      async write(path, text) {
        await mkdir(dirname(join(repo, path)), { recursive: true });
        await writeFile(join(repo, path), text);
      },
    };
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    fakes.aa.clearFaults();
    delete fakes.aa.options.findings;
    await rm(fakes.dir, { recursive: true, force: true });
  });
  return fakes;
}

/**
 * The fakes of useFakeAwsAndRepo and a fresh fake GitHub per test. The AWS SDK reads its endpoints and
 * credentials from process.env (as on a runner), so the run's environment is stubbed there too, with the
 * shared credential files pointed at nothing.
 */
export function useActionRun() {
  const fakes = useFakeAwsAndRepo('iam-gate-entry-') as ReturnType<typeof useFakeAwsAndRepo> & {
    gh: FakeGitHub;
  };
  beforeEach(async () => {
    fakes.gh = await startFakeGitHub();
  });
  afterEach(async () => {
    await fakes.gh.close();
  });

  /** The environment of a run on a runner with AWS credentials, pointed at the fakes. */
  const baseEnv = (): Record<string, string> => ({
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'acme/infra',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: fakes.gh.url,
    GITHUB_RUN_ID: '4242',
    GITHUB_SHA: 'a'.repeat(40),
    GITHUB_WORKSPACE: fakes.ws.repo,
    ...fakeAwsEnv(fakes.dir, { accessAnalyzer: fakes.aa.url, iam: fakes.iam.url }),
    AWS_REGION: 'eu-west-1',
  });

  async function runActionInProcess(opts: {
    inputs: Record<string, string>;
    env?: Record<string, string>;
    event?: { name: string; payload: unknown };
    /** The clients of the run from the real ones (default: the real ones). */
    clients?: (real: Clients) => Clients;
  }): Promise<ActionResult> {
    const runDir = await mkdtemp(join(fakes.dir, 'run-'));
    const event = opts.event ?? { name: 'push', payload: {} };
    const eventPath = join(runDir, 'event.json');
    await writeFile(eventPath, JSON.stringify(event.payload));
    const env: Record<string, string> = {
      ...baseEnv(),
      GITHUB_EVENT_NAME: event.name,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_STEP_SUMMARY: join(runDir, 'summary.md'),
      RUNNER_TEMP: runDir,
      ...opts.env,
    };
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    const sink = recordingCore();
    const logged = recordingLogger();
    await run({
      getInput: (name) => opts.inputs[name] ?? '',
      ctx: readGitHubContext(env, fakes.ws.repo),
      env,
      clients: (opts.clients ?? ((real) => real))(withUnspacedWrites(defaultClients(env))),
      log: logged.log,
      core: sink.core,
      pollMs: SHORT_POLL_MS,
    });
    const annotationLines = sink.annotations.map((a) => `${a.level} ${a.title ?? ''} ${a.message}`);
    return {
      code: sink.failed.length > 0 ? 1 : 0,
      failed: sink.failed,
      outputs: sink.outputs,
      annotations: sink.annotations,
      summary: sink.summaries.join(''),
      info: logged.info,
      warnings: logged.warnings,
      debug: [...logged.debug, ...sink.debug],
      transcript: [...logged.info, ...logged.warnings, ...annotationLines, ...sink.failed].join('\n'),
    };
  }

  return {
    get aa() {
      return fakes.aa;
    },
    get iam() {
      return fakes.iam;
    },
    get gh() {
      return fakes.gh;
    },
    get ws() {
      return fakes.ws;
    },
    run: runActionInProcess,
  };
}

/** The JSON report a run wrote (output report-json). */
export async function jsonReport<T>(result: ActionResult): Promise<T> {
  return JSON.parse(await readFile(result.outputs['report-json'] ?? '', 'utf8')) as T;
}

/** An annotation matcher: the level, the finding's code (the title's start), the file and line. */
export function annotationAt(level: RecordedAnnotation['level'], code: string, file: string, line: number) {
  return expect.objectContaining({
    level,
    title: expect.stringMatching(new RegExp(`^${code}\\b`)),
    file,
    startLine: line,
  });
}

/** What one CLI run() printed, and its exit code. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Drives the CLI's run() (src/entries/cli.ts) in the repository of a fresh temporary directory, with the real
 * clients against the fake Access Analyzer and IAM; the SDK reads its endpoints and credentials from
 * process.env, stubbed too. `env` adds to (or blanks) the environment of a run: not a terminal, NO_COLOR,
 * us-east-1, outside GitHub Actions.
 */
export function useCliRun() {
  const fakes = useFakeAwsAndRepo('iam-gate-cli-entry-');

  async function cli(
    argv: string[],
    env: Record<string, string> = {},
    opts: { stdoutIsTTY?: boolean } = {},
  ): Promise<CliResult> {
    const runEnv: Record<string, string> = {
      ...fakeAwsEnv(fakes.dir, { accessAnalyzer: fakes.aa.url, iam: fakes.iam.url }),
      NO_COLOR: '1',
      AWS_REGION: 'us-east-1',
      GITHUB_ACTIONS: '',
      ...env,
    };
    for (const [name, value] of Object.entries(runEnv)) vi.stubEnv(name, value);
    let stdout = '';
    let stderr = '';
    const out: TextOut = { write: (text) => (stdout += text) };
    if (opts.stdoutIsTTY) out.isTTY = true;
    const code = await runCli({
      argv,
      cwd: fakes.ws.repo,
      env: runEnv,
      stdout: out,
      stderr: { write: (text) => (stderr += text) },
      clients: defaultClients(runEnv),
      pollMs: SHORT_POLL_MS,
    });
    return { code, stdout, stderr };
  }

  // The hooks fill `fakes` in place, so its fields are the current test's.
  return Object.assign(fakes, { cli });
}
