// The CLI: `iam-policy-gate check [paths...]` runs the action's pipeline on the local tree and prints a
// compiler-style report. Exit codes (DESIGN.md section 5): 0 pass, 1 gate failed, 2 usage or config error.
import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { readInputs } from './config/inputs';
import { loadRepoConfig } from './config/load';
import { describeSettings, resolveSettings } from './config/settings';
import { gitBaseBranch } from './discover/git-base';
import { ConfigurationError } from './errors';
import { inGitHubActions, safeLines } from './log-line';
import { type Logger, safeLogger } from './logger';
import { createBackends, pipelineOptionsFrom, runPipeline } from './pipeline';
import { renderComment } from './report/comment';
import { renderJsonReport } from './report/json';
import { renderSarif } from './report/sarif';
import { renderText } from './report/text';
import { VERSION } from './version';

const USAGE = `Usage: iam-policy-gate check [paths...] [options]

Analyses the IAM policy JSON files and Terraform plan JSON files under the given paths (default: the
current directory) with IAM Access Analyzer, or with the built-in local analyzer when there are no AWS
credentials, and exits 0 when the gate passes, 1 when it fails, 2 on a usage or configuration error.

Options:
  --format <text|json|markdown|sarif>  report format on stdout (default: text)
  --fail-on <severities>         comma-separated, e.g. ERROR,SECURITY_WARNING (default), or NONE
  --max-warnings <n>             fail when more than n warnings (default: unlimited)
                                 (options override the config file, which overrides the defaults)
  --analyzer <auto|aws|local>    auto: AWS when credentials resolve, else local (default)
  --region <region>              AWS region (default: AWS_REGION, then us-east-1)
  --max-concurrency <n>          parallel AWS calls (default: 8)
  --config <path>                the gate's config file (default: .github/iam-policy-gate.yml, if present)
  --cache-file <path>            keep analysis results across runs in this JSON file (README, "Result cache")
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

/** A path argument as a workspace-relative glob: a directory means every JSON file under it. */
function toPattern(cwd: string, arg: string): string {
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
    return posix || '**/*.json'; // not a file: a glob, checked by discovery
  }
  if (!isDir) return posix;
  return posix ? `${posix}/**/*.json` : '**/*.json';
}

// The CLI's two text sinks. Under GitHub Actions the runner reads both for workflow commands, so no line
// of either may start one (log-line.ts); the log's lines also have their control characters escaped.
const GITHUB_ACTIONS = inGitHubActions(process.env);
const writeOut = (text: string) => process.stdout.write(safeLines(text, GITHUB_ACTIONS));
const writeErr = (text: string) => process.stderr.write(safeLines(text, GITHUB_ACTIONS));

function stderrLogger(verbose: boolean): Logger {
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
    GITHUB_ACTIONS,
  );
}

async function check(argv: string[]): Promise<number> {
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
  const cwd = process.cwd();
  const patterns = positionals.map((p) => toPattern(cwd, p));
  // The CLI reads its options through the action's input parser, so both reject the same mistakes; paths
  // given on the command line replace the config file's `policies`.
  const optionValues: Record<string, string | undefined> = {
    policies: patterns.join('\n'),
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
  const log = stderrLogger(values.verbose ?? false);
  const loaded = await loadRepoConfig({ path: inputs.config, source: 'head', workspace: cwd });
  const resolved = resolveSettings(inputs, loaded.config, { isPullRequest: false });
  const settings = values['new-only'] ? { ...resolved, newOnly: true } : resolved;
  const base = values.base !== undefined ? await gitBaseBranch(cwd, values.base) : undefined;
  if (loaded.file) log.info(`Config: ${loaded.file}`);
  for (const line of describeSettings(settings, loaded.file)) log.info(line);
  const backends = await createBackends(settings, process.env, {
    file: inputs.cacheFile,
    workspace: cwd,
    log,
  });
  const { kind, region, why } = backends.analyzer.info;
  const name = kind === 'aws' ? `IAM Access Analyzer (${region})` : 'local analyzer';
  writeErr(`Analyzer: ${name}${why ? `: ${why}` : ''}\n`);
  const report = await runPipeline({
    ...pipelineOptionsFrom(settings),
    workspace: cwd,
    // Paths on the command line replace the config file's files, plans included.
    terraformPlans: positionals.length > 0 ? [] : settings.terraformPlans,
    backends,
    ...(base ? { base } : {}),
    notices: loaded.notices,
    log,
  });
  const color =
    values['no-color'] || process.env.NO_COLOR ? false : (values.color ?? Boolean(process.stdout.isTTY));
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

export async function cli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
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
    return await check(rest);
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
      `iam-policy-gate: unexpected error: ${err instanceof Error ? err.message : String(err)}\n` +
        'Please report it with the command you ran.\n',
    );
    return 2;
  }
}

void cli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
