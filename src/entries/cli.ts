// The CLI: `iam-policy-gate check [paths...]` runs the action's pipeline on the local tree and prints a
// compiler-style report. Exit codes (docs/architecture.md section 5): 0 pass, 1 gate failed, 2 usage or config error.
// run() takes everything it touches outside the tree as a parameter (arguments, directory, environment,
// output streams, clients); launchCli() wires the process's own.
import { parseArgs } from 'node:util';
import { createBackends } from '../analyze';
import { type Clients, defaultClients } from '../clients';
import { readInputs } from '../config/inputs';
import { loadSettings } from '../config/load-settings';
import { suggest } from '../config/suggest';
import { ConfigurationError, errorMessage } from '../core/errors';
import { inGitHubActions, safeLines } from '../core/log-line';
import { type Logger, safeLogger } from '../core/logger';
import { cliWriteRoots } from '../core/safe-write';
import { VERSION } from '../core/version';
import { gitBaseBranch } from '../discover';
import { discoverFiles, pipelineOptionsFrom, runPipeline } from '../pipeline';
import { renderComment } from '../report/comment';
import { renderJsonReport } from '../report/json';
import { renderSarif } from '../report/sarif';
import { renderText } from '../report/text';
import type { PollBackoff } from '../usage';
import {
  CHECK_OPTIONS,
  type CliOption,
  COMMANDS,
  checkHelp,
  commandHelp,
  GENERATE_OPTIONS,
  mainHelp,
  parseArgsOptions,
  USAGE_OPTIONS,
} from './cli-help';
import { toPathArgument, unmatchedPaths } from './cli-paths';
import { generateCommand, usageCommand } from './cli-usage';

class UsageError extends Error {}

/**
 * Options parseArgs does not know, each with the known one it most likely meant (`--fial-on`): Node's own
 * tokenizer finds them, so option values and `--` are read as parseArgs reads them.
 */
function unknownOptions(argv: readonly string[], options: readonly CliOption[] = CHECK_OPTIONS): string[] {
  const known = options.flatMap((o) => (o.short ? [o.name, o.short] : [o.name]));
  const { tokens } = parseArgs({ args: [...argv], strict: false, allowPositionals: true, tokens: true });
  return tokens.flatMap((t) => {
    if (t.kind !== 'option' || known.includes(t.name)) return [];
    const near = suggest(
      t.name,
      options.map((o) => o.name),
    );
    return [`Unknown option '${t.rawName}'.${near ? ` Did you mean '--${near}'?` : ''}`];
  });
}

/** A stream the CLI writes text to (process.stdout, process.stderr). */
export interface TextOut {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface CliDeps {
  /** The arguments after the program name. */
  argv: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: TextOut;
  stderr: TextOut;
  clients: Clients;
  /** The poll backoff of IAM's and Access Analyzer's jobs (usage, generate, check's usage stage); default: the services' pace. */
  pollMs?: PollBackoff;
}

/** The CLI's two text sinks and the run's context. */
interface CliIo extends CliDeps {
  writeOut(text: string): void;
  writeErr(text: string): void;
}

/**
 * Under GitHub Actions the runner reads stdout and stderr for workflow commands, so no line of either may
 * start one (log-line.ts); the log's lines also have their control characters escaped.
 */
function cliIo(deps: CliDeps): CliIo {
  const githubActions = inGitHubActions(deps.env);
  return {
    ...deps,
    writeOut: (text) => void deps.stdout.write(safeLines(text, githubActions)),
    writeErr: (text) => void deps.stderr.write(safeLines(text, githubActions)),
  };
}

/** `verbose`: the stages' log; `debug`: also the detail under them (each file, the SDK's own reasons). */
function stderrLogger(io: CliIo, { verbose, debug }: { verbose: boolean; debug: boolean }): Logger {
  const { writeErr } = io;
  return safeLogger(
    {
      info: (m) => {
        if (verbose) writeErr(`${m}\n`);
      },
      warning: (m) => writeErr(`warning: ${m}\n`),
      debug: (m) => {
        if (debug) writeErr(`${m}\n`);
      },
      group: async (name, fn) => {
        if (verbose) writeErr(`== ${name}\n`);
        return fn();
      },
    },
    inGitHubActions(io.env),
  );
}

async function check(io: CliIo, argv: string[]): Promise<number> {
  const { writeOut, writeErr, cwd, env } = io;
  const unknown = unknownOptions(argv);
  if (unknown.length > 0) throw new UsageError(unknown.join('\n'));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: parseArgsOptions(CHECK_OPTIONS),
  });
  if (values.help) {
    writeOut(checkHelp());
    return 0;
  }
  const text = (name: string) => (typeof values[name] === 'string' ? values[name] : undefined);
  const flag = (name: string) => (typeof values[name] === 'boolean' ? values[name] : undefined);
  const format = text('format') ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'markdown' && format !== 'sarif') {
    throw new UsageError(`--format is '${format}'; allowed: text, json, markdown, sarif.`);
  }
  const paths = positionals.map((p) => toPathArgument(cwd, p));
  // A CDK assembly is read through its manifest (cdk-out); paths under the current directory are the
  // workspace's patterns; the others are searched on their own.
  const assemblies = paths.filter((p) => p.kind === 'assembly' && !p.outside).map((p) => p.pattern);
  const patterns = paths.filter((p) => p.kind !== 'assembly');
  const inWorkspace = patterns.filter((p) => !p.outside).map((p) => p.pattern);
  const elsewhere = patterns.flatMap((p) => (p.elsewhere ? [p.elsewhere] : []));
  // The CLI reads its options through the action's input parser, so both reject the same mistakes; paths
  // given on the command line replace the config file's `policies`.
  const optionValues: Record<string, string | undefined> = {
    policies: inWorkspace.join('\n'),
    'fail-on': text('fail-on'),
    'max-warnings': text('max-warnings'),
    analyzer: text('analyzer'),
    region: text('region'),
    'max-concurrency': text('max-concurrency'),
    config: text('config'),
    'cache-file': text('cache-file'),
    scope: 'all',
  };
  const inputs = asOptions(() => readInputs((name) => optionValues[name] ?? ''));
  const debug = flag('debug') ?? false;
  const log = stderrLogger(io, { verbose: debug || (flag('verbose') ?? false), debug });
  // The paths exactly as given: the input parser splits a list on commas too, and `a,b.json` is one path.
  const named = paths.length > 0 ? { policies: inWorkspace, cdkOut: assemblies } : {};
  const { settings, notices } = await loadSettings({
    inputs,
    source: 'head',
    workspace: cwd,
    isPullRequest: false,
    override: (resolved) => ({ ...resolved, ...named, ...(flag('new-only') ? { newOnly: true } : {}) }),
    log,
  });
  const baseRef = text('base');
  const base = baseRef !== undefined ? await gitBaseBranch(cwd, baseRef) : undefined;
  // Paths on the command line replace the config file's files, plans included.
  const terraformPlans = positionals.length > 0 ? [] : settings.terraformPlans;
  const cloudformationTemplates = positionals.length > 0 ? [] : settings.cloudformationTemplates;
  const discovered = await discoverFiles({
    workspace: cwd,
    policies: settings.policies,
    terraformPlans,
    cdkOut: settings.cdkOut,
    cloudformationTemplates,
    cloudformationParameters: settings.cloudformationParameters,
    ifNoFilesFound: settings.ifNoFilesFound,
    usage: settings.usage,
    elsewhere,
    log,
  });
  const unmatched = unmatchedPaths(paths, discovered);
  if (unmatched.length > 0) throw new UsageError(unmatched.join('\n'));
  const backends = await createBackends(settings, env, io.clients, {
    file: inputs.cacheFile,
    workspace: cwd,
    log,
    where: { input: '--cache-file', roots: cliWriteRoots(env, cwd), refuseWorkspace: false },
  });
  const { kind, region, why } = backends.analyzer.info;
  const name = kind === 'aws' ? `IAM Access Analyzer (${region})` : 'local analyzer';
  writeErr(`Analyzer: ${name}${why ? `: ${why}` : ''}\n`);
  const report = await runPipeline({
    ...pipelineOptionsFrom(settings),
    workspace: cwd,
    terraformPlans,
    discovered,
    backends,
    ...(base ? { base } : {}),
    notices,
    ...(io.pollMs ? { usagePollMs: io.pollMs } : {}),
    log,
  });
  const color = flag('no-color') || env.NO_COLOR ? false : (flag('color') ?? Boolean(io.stdout.isTTY));
  if (format === 'sarif') {
    writeOut(`${JSON.stringify(renderSarif(report, { version: VERSION }), null, 2)}\n`);
  } else if (format === 'json') {
    writeOut(`${JSON.stringify(renderJsonReport(report, { version: VERSION }), null, 2)}\n`);
  } else if (format === 'markdown') {
    writeOut(`${renderComment(report, { marker: '<!-- iam-policy-gate -->' })}\n`);
  } else {
    writeOut(renderText(report, { color }));
  }
  return report.verdict.result === 'pass' ? 0 : 1;
}

/** `usage` and `generate`: their options read from their own table, then the command (cli-usage.ts). */
async function principalCommand(io: CliIo, command: 'usage' | 'generate', argv: string[]): Promise<number> {
  const options = command === 'usage' ? USAGE_OPTIONS : GENERATE_OPTIONS;
  const unknown = unknownOptions(argv, options);
  if (unknown.length > 0) throw new UsageError(unknown.join('\n'));
  const { values, positionals } = parseArgs({
    args: argv,
    options: parseArgsOptions(options),
    allowPositionals: true,
  });
  if (values.help) {
    io.writeOut(commandHelp(command));
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`${command} takes no paths ('${positionals[0]}').`);
  return command === 'usage' ? usageCommand(io, values) : generateCommand(io, values);
}

/** `help`, `help check`: the help asked for. */
function help(io: CliIo, [topic, ...extra]: readonly string[]): number {
  if (topic === undefined) {
    io.writeOut(mainHelp());
    return 0;
  }
  if (topic === 'check' && extra.length === 0) {
    io.writeOut(checkHelp());
    return 0;
  }
  if ((topic === 'usage' || topic === 'generate') && extra.length === 0) {
    io.writeOut(commandHelp(topic));
    return 0;
  }
  const near = suggest(
    topic,
    COMMANDS.map((c) => c.name),
  );
  throw new UsageError(
    `No help for '${[topic, ...extra].join(' ')}'.${near ? ` Did you mean '${near}'?` : ''}`,
  );
}

/** Runs one command line; the exit code. Never throws: every error is a message on stderr and code 2. */
export async function run(deps: CliDeps): Promise<number> {
  const io = cliIo(deps);
  const { writeOut, writeErr } = io;
  const [command, ...rest] = deps.argv;
  try {
    if (command === '--version' || command === '-v') {
      writeOut(`${VERSION}\n`);
      return 0;
    }
    if (command === undefined || command === '-h' || command === '--help') {
      writeOut(mainHelp());
      return command === undefined ? 2 : 0;
    }
    if (command === 'help') return help(io, rest);
    if (command === 'usage' || command === 'generate') return await principalCommand(io, command, rest);
    if (command !== 'check') {
      const near = suggest(
        command,
        COMMANDS.map((c) => c.name),
      );
      throw new UsageError(`Unknown command '${command}'.${near ? ` Did you mean '${near}'?` : ''}`);
    }
    return await check(io, rest);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigurationError) {
      writeErr(`iam-policy-gate: ${err.message}\n`);
      if (err instanceof UsageError) writeErr('Run `iam-policy-gate --help` for usage.\n');
      return 2;
    }
    if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) {
      writeErr(`iam-policy-gate: ${err.message}\nRun \`iam-policy-gate --help\` for usage.\n`);
      return 2;
    }
    writeErr(
      `iam-policy-gate: unexpected error: ${errorMessage(err)}\n` +
        'Please report it with the command you ran.\n',
    );
    return 2;
  }
}

/**
 * The AWS SDK's own switch for its NodeVersionSupportWarning, which it prints on a Node older than the one
 * its releases after January 2027 will need. The CLI is a bundle: its SDK is the one it was built with and
 * never changes under the user, so the notice says nothing about this program (whose `engines` names the
 * Node it supports); left on, it lands in the middle of the report. A value the user set is kept.
 */
const SDK_NODE_NOTICE_OFF = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/** The CLI as a process: its arguments, directory, environment and streams, the real clients. */
export async function launchCli(): Promise<void> {
  process.env[SDK_NODE_NOTICE_OFF] ??= 'true';
  process.exitCode = await run({
    argv: process.argv.slice(2),
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    clients: defaultClients(process.env),
  });
}

/**
 * The input parser's verdict on the options, in the CLI's words: its messages name the action's inputs
 * ("Input 'fail-on' is ..."), which on the command line are options (`--fail-on`).
 */
function asOptions<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (!(err instanceof ConfigurationError)) throw err;
    throw new ConfigurationError(err.message.replace(/^Input '([a-z-]+)'/, 'Option --$1'));
  }
}
