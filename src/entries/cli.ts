// The CLI: `iam-policy-gate check [paths...]` runs the action's pipeline on the local tree and prints a
// compiler-style report. Exit codes (docs/architecture.md section 5): 0 pass, 1 gate failed, 2 usage or config error.
// run() takes everything it touches outside the tree as a parameter (arguments, directory, environment,
// output streams, clients); launchCli() wires the process's own.
import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import fg from 'fast-glob';
import { createBackends } from '../analyze';
import { type Clients, defaultClients } from '../clients';
import { readInputs } from '../config/inputs';
import { loadSettings } from '../config/load-settings';
import { ConfigurationError, errorMessage } from '../core/errors';
import { inGitHubActions, safeLines } from '../core/log-line';
import { type Logger, safeLogger } from '../core/logger';
import { cliWriteRoots } from '../core/safe-write';
import { VERSION } from '../core/version';
import { type Discovery, gitBaseBranch } from '../discover';
import { discoverFiles, pipelineOptionsFrom, runPipeline } from '../pipeline';
import { renderComment } from '../report/comment';
import { renderJsonReport } from '../report/json';
import { renderSarif } from '../report/sarif';
import { renderText } from '../report/text';

const USAGE = `Usage: iam-policy-gate check [paths...] [options]

Analyses the IAM policy JSON files and Terraform plan JSON files under the given paths (default: the
current directory) with IAM Access Analyzer, or with the built-in local analyzer when there are no AWS
credentials, and exits 0 when the gate passes, 1 when it fails, 2 on a usage or configuration error (a
path that matches no file is one).

Options:
  --format <text|json|markdown|sarif>  report format on stdout (default: text)
  --fail-on <severities>         comma-separated, e.g. ERROR,SECURITY_WARNING (default), or NONE
  --max-warnings <n>             fail when more than n warnings (default: unlimited)
                                 (options override the config file, which overrides the defaults)
  --analyzer <auto|aws|local>    auto: AWS when credentials resolve, else local (default)
  --region <region>              AWS region (default: AWS_REGION, then us-east-1)
  --max-concurrency <n>          parallel AWS calls (default: 8)
  --config <path>                the gate's config file (default: .github/iam-policy-gate.yml, if present)
  --cache-file <path>            keep analysis results across runs in this JSON file (README, "Result cache");
                                 under the current directory, the temp directory or $RUNNER_TEMP, no links
  --base <ref>                   compare with this git revision (e.g. origin/main): the policy files'
                                 baselines for new-only and checks.no-new-access
  --new-only                     findings already at --base (or, for plans, in the plan's before values)
                                 are listed but do not fail (config: new-only)
  --verbose                      log each stage to stderr
  --no-color                     plain output (also NO_COLOR=1, or when stdout is not a terminal)
  -h, --help                     this text
  --version                      the version
`;

class UsageError extends Error {}

/** A path argument as a workspace-relative glob, and what the argument named. */
interface PathArgument {
  arg: string;
  pattern: string;
  kind: 'file' | 'directory' | 'glob' | 'missing';
}

/** The files of a directory argument: JSON, and the names a YAML CloudFormation template has. */
const DIRECTORY_FILES = '**/*.{json,yaml,yml,template}';

/** A path argument as a workspace-relative glob: a directory means every JSON or YAML file under it. */
function toPattern(cwd: string, arg: string): PathArgument {
  const abs = resolve(cwd, arg);
  const rel = relative(cwd, abs);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new UsageError(`${arg} is outside the current directory; run the CLI from the repository root.`);
  }
  const posix = rel.split(sep).join('/');
  let isDir = false;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    // Not a file: a glob, checked by discovery.
    return { arg, pattern: posix || '**/*.json', kind: fg.isDynamicPattern(arg) ? 'glob' : 'missing' };
  }
  if (!isDir) return { arg, pattern: posix, kind: 'file' };
  return { arg, pattern: posix ? `${posix}/${DIRECTORY_FILES}` : DIRECTORY_FILES, kind: 'directory' };
}

/** Why a path argument matched nothing, and what to do. */
function nothingFor(p: PathArgument): string {
  const excluded = 'node_modules, .git, .terraform and cdk.out are never searched';
  switch (p.kind) {
    case 'missing':
      return `${p.arg}: no such file or directory; check the spelling (paths are relative to the current directory).`;
    case 'glob':
      return `${p.arg}: the pattern matches no file; check it (paths are relative to the current directory).`;
    case 'directory':
      return `${p.arg}: no JSON file in this directory or below it (${excluded}).`;
    default:
      return `${p.arg}: not a file the gate can read there (${excluded}).`;
  }
}

/**
 * Paths named on the command line must each match something: `check examles/` (a typo) analysing nothing
 * and passing would be a wrong green. Throws a UsageError naming every path that matched nothing.
 */
function checkNamedPaths(paths: readonly PathArgument[], discovery: Discovery): void {
  const unmatched = new Set(discovery.unmatched.filter((u) => u.source === 'policies').map((u) => u.pattern));
  const missing = paths.filter((p) => unmatched.has(p.pattern.trim()));
  if (missing.length > 0) throw new UsageError(missing.map(nothingFor).join('\n'));
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

function stderrLogger(io: CliIo, verbose: boolean): Logger {
  const { writeErr } = io;
  return safeLogger(
    {
      info: (m) => {
        if (verbose) writeErr(`${m}\n`);
      },
      warning: (m) => writeErr(`warning: ${m}\n`),
      debug: () => {},
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
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string' },
      'max-warnings': { type: 'string' },
      analyzer: { type: 'string' },
      region: { type: 'string' },
      'max-concurrency': { type: 'string' },
      config: { type: 'string' },
      base: { type: 'string' },
      'cache-file': { type: 'string' },
      'new-only': { type: 'boolean' },
      verbose: { type: 'boolean', default: false },
      color: { type: 'boolean' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    writeOut(USAGE);
    return 0;
  }
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'markdown' && format !== 'sarif') {
    throw new UsageError(`--format is '${format}'; allowed: text, json, markdown, sarif.`);
  }
  const paths = positionals.map((p) => toPattern(cwd, p));
  // The CLI reads its options through the action's input parser, so both reject the same mistakes; paths
  // given on the command line replace the config file's `policies`.
  const optionValues: Record<string, string | undefined> = {
    policies: paths.map((p) => p.pattern).join('\n'),
    'fail-on': values['fail-on'],
    'max-warnings': values['max-warnings'],
    analyzer: values.analyzer,
    region: values.region,
    'max-concurrency': values['max-concurrency'],
    config: values.config,
    'cache-file': values['cache-file'],
    scope: 'all',
  };
  const inputs = readInputs((name) => optionValues[name] ?? '');
  const log = stderrLogger(io, values.verbose ?? false);
  // The paths exactly as given: the input parser splits a list on commas too, and `a,b.json` is one path.
  const named = paths.length > 0 ? { policies: paths.map((p) => p.pattern) } : {};
  const { settings, notices } = await loadSettings({
    inputs,
    source: 'head',
    workspace: cwd,
    isPullRequest: false,
    override: (resolved) => ({ ...resolved, ...named, ...(values['new-only'] ? { newOnly: true } : {}) }),
    log,
  });
  const base = values.base !== undefined ? await gitBaseBranch(cwd, values.base) : undefined;
  // Paths on the command line replace the config file's files, plans included.
  const terraformPlans = positionals.length > 0 ? [] : settings.terraformPlans;
  const cloudformationTemplates = positionals.length > 0 ? [] : settings.cloudformationTemplates;
  const discovered = await discoverFiles({
    workspace: cwd,
    policies: settings.policies,
    terraformPlans,
    cloudformationTemplates,
    cloudformationParameters: settings.cloudformationParameters,
    ifNoFilesFound: settings.ifNoFilesFound,
    log,
  });
  checkNamedPaths(paths, discovered);
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
    log,
  });
  const color = values['no-color'] || env.NO_COLOR ? false : (values.color ?? Boolean(io.stdout.isTTY));
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
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      writeOut(USAGE);
      return command === undefined ? 2 : 0;
    }
    if (command !== 'check') throw new UsageError(`Unknown command '${command}'.`);
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

/** The CLI as a process: its arguments, directory, environment and streams, the real clients. */
export async function launchCli(): Promise<void> {
  process.exitCode = await run({
    argv: process.argv.slice(2),
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    clients: defaultClients(process.env),
  });
}
