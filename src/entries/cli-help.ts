// The CLI's commands and options, and its help, made from one table: the options parseArgs reads are the ones
// the help lists, in aligned columns, and "did you mean" suggests from the same names.

/** One option of `check`. */
export interface CliOption {
  name: string;
  type: 'string' | 'boolean';
  short?: string;
  /** The value's placeholder in the help, e.g. `<n>`. */
  value?: string;
  /** The help's description, one entry per line. */
  help: readonly string[];
}

export const CHECK_OPTIONS: readonly CliOption[] = [
  {
    name: 'format',
    type: 'string',
    value: '<format>',
    help: ['the report on stdout: text (default), json, markdown or sarif'],
  },
  {
    name: 'fail-on',
    type: 'string',
    value: '<severities>',
    help: ['comma-separated, e.g. ERROR,SECURITY_WARNING (default), or NONE'],
  },
  {
    name: 'max-warnings',
    type: 'string',
    value: '<n>',
    help: [
      'fail when more than n warnings (default: unlimited)',
      '(options override the config file, which overrides the defaults)',
    ],
  },
  {
    name: 'analyzer',
    type: 'string',
    value: '<mode>',
    help: ['auto (default): AWS when credentials resolve, else local; aws; local'],
  },
  {
    name: 'region',
    type: 'string',
    value: '<region>',
    help: ['AWS region (default: AWS_REGION, then us-east-1)'],
  },
  { name: 'max-concurrency', type: 'string', value: '<n>', help: ['parallel AWS calls (default: 8)'] },
  {
    name: 'config',
    type: 'string',
    value: '<path>',
    help: ["the gate's config file (default: .github/iam-policy-gate.yml, if present)"],
  },
  {
    name: 'cache-file',
    type: 'string',
    value: '<path>',
    help: [
      'keep analysis results across runs in this JSON file (README, "Result cache");',
      'under the current directory, the temp directory or $RUNNER_TEMP, no links',
    ],
  },
  {
    name: 'base',
    type: 'string',
    value: '<ref>',
    help: [
      "compare with this git revision (e.g. origin/main): the policy files'",
      'baselines for new-only and checks.no-new-access',
    ],
  },
  {
    name: 'new-only',
    type: 'boolean',
    help: [
      "findings already at --base (or, for plans, in the plan's before values)",
      'are listed but do not fail (config: new-only)',
    ],
  },
  { name: 'verbose', type: 'boolean', help: ['log each stage to stderr'] },
  {
    name: 'debug',
    type: 'boolean',
    help: ["--verbose and the detail: what each file is, the SDK's own reasons"],
  },
  { name: 'color', type: 'boolean', help: ['colour even when stdout is not a terminal'] },
  {
    name: 'no-color',
    type: 'boolean',
    help: ['plain output (also NO_COLOR=1, or when stdout is not a terminal)'],
  },
  { name: 'help', type: 'boolean', short: 'h', help: ['this text'] },
];

const PRINCIPAL: CliOption = {
  name: 'principal',
  type: 'string',
  value: '<arn>',
  help: ['the role, user (or, for usage, managed policy) ARN'],
};
const DAYS: CliOption = {
  name: 'days',
  type: 'string',
  value: '<n>',
  help: ['the window in days (default: 90)'],
};
const TEXT_OR_JSON: CliOption = {
  name: 'format',
  type: 'string',
  value: '<format>',
  help: ['text (default) or json (the same figures)'],
};
const REGION: CliOption = {
  name: 'region',
  type: 'string',
  value: '<region>',
  help: ['AWS region (default: AWS_REGION, then us-east-1)'],
};
const HELP: CliOption = { name: 'help', type: 'boolean', short: 'h', help: ['this text'] };

/** `usage`: granted against used, from IAM's last-accessed data. */
export const USAGE_OPTIONS: readonly CliOption[] = [
  PRINCIPAL,
  DAYS,
  TEXT_OR_JSON,
  REGION,
  {
    name: 'timeout-seconds',
    type: 'string',
    value: '<n>',
    help: ["how long to wait for IAM's last-accessed job (default: 120)"],
  },
  HELP,
];

/** `generate`: a policy from CloudTrail by Access Analyzer, and the comparison. */
export const GENERATE_OPTIONS: readonly CliOption[] = [
  PRINCIPAL,
  { name: 'trail', type: 'string', value: '<arn>', help: ['the CloudTrail trail ARN to read activity from'] },
  {
    name: 'access-role',
    type: 'string',
    value: '<arn>',
    help: ['the role Access Analyzer assumes to read the trail (needs iam:PassRole)'],
  },
  DAYS,
  REGION,
  {
    name: 'out',
    type: 'string',
    value: '<path>',
    help: ['write the generated policy here (default: stdout; the comparison then goes to stderr)'],
  },
  TEXT_OR_JSON,
  {
    name: 'timeout-seconds',
    type: 'string',
    value: '<n>',
    help: ['how long to wait for the generation (default: 900)'],
  },
  HELP,
];

/** The commands, for "did you mean" and the help. */
export const COMMANDS: readonly { name: string; args: string; help: string }[] = [
  {
    name: 'check',
    args: '[paths...] [options]',
    help: 'analyse the IAM policies, Terraform plans and CloudFormation templates under paths',
  },
  {
    name: 'usage',
    args: '--principal <arn> [options]',
    help: 'what a live role or user is granted against what it used (IAM last accessed)',
  },
  {
    name: 'generate',
    args: '--principal <arn> --trail <arn> --access-role <arn> [options]',
    help: 'a policy from CloudTrail (Access Analyzer) and how much it cuts',
  },
  { name: 'help', args: '[command]', help: "this text, or a command's (also --help, -h)" },
];

/** The options as parseArgs takes them. */
export function parseArgsOptions(
  options: readonly CliOption[],
): Record<string, { type: 'string' | 'boolean'; short?: string }> {
  return Object.fromEntries(
    options.map((o) => [o.name, { type: o.type, ...(o.short ? { short: o.short } : {}) }]),
  );
}

/** Two columns, the second starting at the same place on every line (continuation lines included). */
function columns(rows: readonly { left: string; right: readonly string[] }[]): string {
  const width = Math.max(...rows.map((r) => r.left.length)) + 2;
  return rows
    .flatMap((r) => r.right.map((line, i) => `  ${(i === 0 ? r.left : '').padEnd(width)}${line}`.trimEnd()))
    .join('\n');
}

function optionLeft(o: CliOption): string {
  const flag = o.short ? `-${o.short}, --${o.name}` : `--${o.name}`;
  return o.value ? `${flag} ${o.value}` : flag;
}

const CHECK_DESCRIPTION = `Analyses the IAM policies under the given paths (default: the current directory): policy JSON
files, Terraform plan JSON files, CloudFormation templates (JSON or YAML), and every stack of a CDK cloud
assembly named by its directory (check cdk.out). With AWS credentials it asks IAM Access Analyzer,
without them the built-in local analyzer. Exits 0 when the gate passes, 1 when it fails, 2 on a usage or
configuration error (a path that matches no file is one).

Paths are files, directories (every *.json, *.yaml, *.yml and *.template below them) or globs, under the
current directory or anywhere else (absolute, or ../): files under the current directory are reported
relative to it, the others as typed. Inside a directory, symbolic links that lead out of it (out of the
current directory, for one under it) are not followed.`;

const CHECK_EXAMPLES = [
  { left: 'iam-policy-gate check', right: ['every JSON file under the current directory'] },
  { left: 'iam-policy-gate check iam/ plan.json', right: ['a directory and a plan (terraform show -json)'] },
  {
    left: 'iam-policy-gate check /abs/policy.json ../x/',
    right: ['a file and a directory outside the current one'],
  },
  { left: 'iam-policy-gate check cdk.out', right: ['every stack of a CDK assembly (after cdk synth)'] },
  { left: "iam-policy-gate check 'iam/**/*.json'", right: ['a glob (quoted: the CLI expands it)'] },
  { left: 'iam-policy-gate check --analyzer local', right: ['offline: no AWS call, no credentials'] },
  { left: 'iam-policy-gate check --format sarif > gate.sarif', right: ['SARIF for code scanning'] },
  { left: 'iam-policy-gate check --base origin/main --new-only', right: ['only new findings fail'] },
];

/** What check does, its options and its examples. */
function checkBody(): string {
  const options = CHECK_OPTIONS.map((o) => ({ left: optionLeft(o), right: o.help }));
  return [
    CHECK_DESCRIPTION,
    '',
    'Options of check:',
    columns(options),
    '',
    'Examples of check:',
    columns(CHECK_EXAMPLES),
    '',
  ].join('\n');
}

/** `iam-policy-gate check --help`, `iam-policy-gate help check`. */
export function checkHelp(): string {
  return ['Usage: iam-policy-gate check [paths...] [options]', '', checkBody()].join('\n');
}

/** `iam-policy-gate --help`: the commands, then what check takes. */
export function mainHelp(): string {
  const commands = COMMANDS.map((c) => ({ left: `${c.name} ${c.args}`, right: [c.help] }));
  const global = [
    { left: '-h, --help', right: ['this text; `check --help`: the check command alone'] },
    { left: '-v, --version', right: ['the version'] },
  ];
  return [
    'Usage: iam-policy-gate check [paths...] [options]',
    '       iam-policy-gate usage --principal <arn> [options]',
    '       iam-policy-gate generate --principal <arn> --trail <arn> --access-role <arn> [options]',
    '       iam-policy-gate help [command]',
    '       iam-policy-gate --version',
    '',
    'Commands:',
    columns(commands),
    '',
    'Options:',
    columns(global),
    '',
    checkBody(),
  ].join('\n');
}

const COMMAND_TEXT: Record<
  'usage' | 'generate',
  { usage: string; about: string; options: readonly CliOption[] }
> = {
  usage: {
    usage: 'Usage: iam-policy-gate usage --principal <arn> [--days 90] [--format text|json]',
    about: `Reads the principal's policies from IAM (attached and inline, a user's groups' too) and IAM's
last-accessed data (action level), and prints the actions granted (wildcards expanded), those used within
--days, the services never used, the unused actions and the reduction (unused / granted). Needs AWS
credentials; no config file. Exits 0 with the report, 1 when AWS could not answer, 2 on a usage error.`,
    options: USAGE_OPTIONS,
  },
  generate: {
    usage:
      'Usage: iam-policy-gate generate --principal <arn> --trail <arn> --access-role <arn> [--days 90] [--out policy.json]',
    about: `Asks IAM Access Analyzer to generate a policy from the principal's CloudTrail activity of the last
--days, waits for it (a progress line on stderr), writes it (--out, or stdout), and prints the comparison
with the principal's current policies: current actions, used ones, unused ones, the reduction
(unused / current). One generation runs per account at a time. Needs AWS credentials; no config file.
Exits 0 with the policy, 1 when AWS could not produce it, 2 on a usage error.`,
    options: GENERATE_OPTIONS,
  },
};

/** `iam-policy-gate usage --help`, `iam-policy-gate help generate`. */
export function commandHelp(command: 'usage' | 'generate'): string {
  const c = COMMAND_TEXT[command];
  const options = c.options.map((o) => ({ left: optionLeft(o), right: o.help }));
  return [c.usage, '', c.about, '', `Options of ${command}:`, columns(options), ''].join('\n');
}
