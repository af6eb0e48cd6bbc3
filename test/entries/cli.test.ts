// The CLI's run() in-process (src/entries/cli.ts): arguments, directory, environment and output streams
// passed in, the exit code returned; the real clients against the fake Access Analyzer and IAM.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultClients } from '../../src/clients';
import { VERSION } from '../../src/core/version';
import { run } from '../../src/entries/cli';
import { PASS_ROLE_ON_LINE_4 } from '../fixtures/story-policies';
import { commandLines, INJECTING, STOPPING } from '../fixtures/workflow-commands';
import { useCliRun } from './support';

const ROOT = join(__dirname, '../..');
const policy = (...statements: object[]) =>
  `${JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2)}\n`;
const passRole = (sid: string) => ({ Sid: sid, Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' });

interface JsonReport {
  findings: { code: string; isNew: boolean }[];
}

const t = useCliRun();
const cli = t.cli;
const write = (path: string, text: string) => t.ws.write(path, text);

describe('the CLI run() in-process', () => {
  it('reports the bad example policies on AWS, exits 1, and 0 on the good ones', async () => {
    await cp(join(ROOT, 'examples/policies'), join(t.ws.repo, 'examples/policies'), { recursive: true });
    const bad = await cli(['check', 'examples/policies']);
    expect(bad.code, bad.stderr).toBe(1);
    expect(bad.stderr).toContain('Analyzer: IAM Access Analyzer (us-east-1)');
    expect(bad.stdout).toContain(
      'examples/policies/bad/deploy-pass-any-role.json:14:19 SECURITY_WARNING PASS_ROLE_WITH_STAR_IN_RESOURCE',
    );
    expect(bad.stdout).not.toContain('\u001b['); // NO_COLOR, and not a terminal
    expect(bad.stdout.trim().split('\n').at(-1)).toMatch(/gate failed/);
    const good = await cli(['check', 'examples/policies/good']);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/gate passed/);
  });

  it('writes colour only to a terminal that asks for it', async () => {
    await write('iam/deploy.json', policy(passRole('Any')));
    let stdout = '';
    const code = await run({
      argv: ['check', '--analyzer', 'local'],
      cwd: t.ws.repo,
      env: { HOME: t.dir },
      stdout: { write: (text) => (stdout += text), isTTY: true },
      stderr: { write: () => true },
      clients: defaultClients({}),
    });
    expect(code).toBe(1);
    expect(stdout).toContain('\u001b[');
  });

  it('says its version, its usage, and exits 2 on an unknown command or option', async () => {
    expect(await cli(['--version'])).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    const bare = await cli([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toContain('Usage: iam-policy-gate check');
    const unknown = await cli(['lint']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("iam-policy-gate: Unknown command 'lint'.");
    const option = await cli(['check', '--no-such-option']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('Run `iam-policy-gate --help` for usage.');
  });

  it('names a bad option value by its option, not as an input of the action', async () => {
    const failOn = await cli(['check', '--fail-on', 'BAD']);
    expect(failOn.code).toBe(2);
    expect(failOn.stderr).toContain("iam-policy-gate: Option --fail-on is 'BAD'; allowed values: ERROR,");
    const config = await cli(['check', '--config', '../x.yml']);
    expect(config.stderr).toContain("Option --config is '../x.yml'; it must be a workspace-relative path");
    expect(`${failOn.stderr}${config.stderr}`).not.toContain('Input ');
  });

  it('exits 2 with a clear message when --analyzer aws has no AWS credentials', async () => {
    await write('iam/deploy.json', policy(passRole('Any')));
    const result = await cli(['check', '--analyzer', 'aws'], {
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('No AWS credentials for IAM Access Analyzer (analyzer: aws)');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  const git = (...args: string[]) =>
    new Promise<string>((done, fail) =>
      execFile(
        'git',
        ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args],
        { cwd: t.ws.repo },
        (err, out) => (err ? fail(err) : done(out)),
      ),
    );

  it('new-only compares with the revision given by --base, following a rename', async () => {
    await write('old/deploy.json', policy(passRole('Old1')));
    await git('init', '-q', '-b', 'main');
    await git('add', '.');
    await git('commit', '-qm', 'base');
    await git('mv', 'old/deploy.json', 'iam-deploy.json');
    await write('iam-deploy.json', policy(passRole('Old1'), passRole('New')));
    const result = await cli([
      'check',
      '--analyzer',
      'local',
      '--new-only',
      '--base',
      'main',
      '--format',
      'json',
    ]);
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    const passRoles = report.findings.filter((f) => f.code === 'PASS_ROLE_WITH_STAR_IN_RESOURCE');
    expect(passRoles.map((f) => f.isNew)).toEqual([false, true]);
    // A file named outside the repository has no version at --base: its findings are new, the others' are not.
    await mkdir(join(t.dir, 'outside'), { recursive: true });
    await writeFile(join(t.dir, 'outside/x.json'), policy(passRole('Old1')));
    const beside = await cli([
      'check',
      '--analyzer',
      'local',
      '--new-only',
      '--base',
      'main',
      '--format',
      'json',
      'iam-deploy.json',
      '../outside/x.json',
    ]);
    expect(beside.code, beside.stderr).toBe(1);
    expect(beside.stderr).not.toContain('outside repository');
    const besideReport = JSON.parse(beside.stdout) as {
      findings: { code: string; isNew: boolean; location?: { file: string } }[];
    };
    const newness = besideReport.findings
      .filter((f) => f.code === 'PASS_ROLE_WITH_STAR_IN_RESOURCE')
      .map((f) => [f.location?.file, f.isNew]);
    expect(newness).toEqual([
      ['../outside/x.json', true],
      ['iam-deploy.json', false],
      ['iam-deploy.json', true],
    ]);
    const unknown = await cli(['check', '--analyzer', 'local', '--base', 'no-such-branch']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--base 'no-such-branch' is not a commit");
  });
});

// The cases of the bundled CLI's suite (test/e2e/cli.test.ts) that need no separate process; it keeps the
// text report's exit 1, and a directory it cannot list (the CLI runs there as another user).
describe('iam-policy-gate check, in-process', () => {
  const examples = () =>
    cp(join(ROOT, 'examples/policies'), join(t.ws.repo, 'examples/policies'), { recursive: true });

  it('passes the good example policies and exits 0', async () => {
    await examples();
    const { code, stdout } = await cli(['check', 'examples/policies/good']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/gate passed/);
  });

  it('prints the JSON report with --format json', async () => {
    await examples();
    const { code, stdout } = await cli(['check', 'examples/policies/bad', '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as {
      schemaVersion: number;
      result: string;
      findings: { code: string }[];
    };
    expect(report.schemaVersion).toBe(1);
    expect(report.result).toBe('fail');
    expect(report.findings.map((f) => f.code)).toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE');
  });

  it('lets --fail-on ERROR pass a SECURITY_WARNING', async () => {
    await examples();
    const { code } = await cli([
      'check',
      'examples/policies/bad/deploy-pass-any-role.json',
      '--fail-on',
      'ERROR',
    ]);
    expect(code).toBe(0);
  });

  it('exits 2 on a usage error, with a message and no stack trace', async () => {
    const bad = await cli(['check', '--format', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--format is 'xml'; allowed: text, json, markdown, sarif.");
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const unknown = await cli(['check', '--frobnicate']);
    expect(unknown.code).toBe(2);
  });

  it('exits 2 naming each path or glob that matches nothing (a typo must not pass)', async () => {
    await examples();
    await write('empty/README.md', 'no JSON here');
    const typo = await cli(['check', 'examples/policies/good', 'examles/']);
    expect(typo.code).toBe(2);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toContain('iam-policy-gate: examles/: no such file or directory; check the spelling');
    expect(typo.stderr).not.toContain('examples/policies/good');
    expect(typo.stderr).not.toMatch(/\n\s+at /);
    // A comma belongs to the path: `a,b/` is one directory, not `a` and `b/`.
    await write('a/x.json', '{"Version":"2012-10-17","Statement":[]}');
    const comma = await cli(['check', 'a,missing/']);
    expect(comma.code).toBe(2);
    expect(comma.stderr).toContain('a,missing/: no such file or directory');
    const glob = await cli(['check', 'nomatch/**/*.json']);
    expect(glob.code).toBe(2);
    expect(glob.stderr).toContain('nomatch/**/*.json: the pattern matches no file');
    const empty = await cli(['check', 'empty']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('empty: no JSON or YAML file in this directory or below it');
  });

  it('reads a plan over 10 MiB given as a path under the plan limit, and analyses it', async () => {
    const passRoleDoc =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}';
    const objects = Array.from({ length: 30_000 }, (_, i) => ({
      address: `aws_s3_object.o${i}`,
      mode: 'managed',
      type: 'aws_s3_object',
      name: `o${i}`,
      change: { actions: ['create'], after: { key: `k${i}`, content: 'x'.repeat(400) } },
    }));
    const resource = {
      address: 'aws_iam_policy.deploy',
      mode: 'managed',
      type: 'aws_iam_policy',
      name: 'deploy',
      change: {
        actions: ['create'],
        after: { name: 'deploy', policy: passRoleDoc },
        after_unknown: {},
        after_sensitive: {},
      },
    };
    const plan = JSON.stringify({
      format_version: '1.2',
      terraform_version: '1.9.8',
      planned_values: { root_module: {} },
      resource_changes: [...objects, resource],
    });
    expect(plan.length).toBeGreaterThan(10 * 1024 * 1024);
    await write('big/plan.json', plan);
    const { code, stdout, stderr } = await cli(['check', 'big/plan.json']);
    expect(code, stderr).toBe(1);
    expect(stdout).toMatch(/big\/plan\.json.*PASS_ROLE_WITH_STAR_IN_RESOURCE/);
    expect(stdout).not.toContain('over the limit');
  });

  it('keeps --cache-file under the current directory or the temp directory, through no link', async () => {
    await examples();
    const outside = await mkdtemp(join(t.dir, 'outside-'));
    await symlink(outside, join(t.ws.repo, 'cache-link'));
    const linked = await cli(['check', 'examples/policies/good', '--cache-file', 'cache-link/gate.json']);
    expect(linked.code).toBe(2);
    expect(linked.stderr).toContain(
      "iam-policy-gate: --cache-file is 'cache-link/gate.json': cache-link is a symbolic link",
    );
    expect(linked.stderr).not.toMatch(/\n\s+at /);
    expect(await readdir(outside)).toEqual([]);

    const elsewhere = await cli([
      'check',
      'examples/policies/good',
      '--cache-file',
      '/nonexistent-gate/c.json',
    ]);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain(
      'the gate writes only under the current directory or the temp directory',
    );

    const local = await cli(['check', 'examples/policies/good', '--cache-file', '.cache/gate.json']);
    expect(local.code, local.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(t.ws.repo, '.cache/gate.json'), 'utf8')).format).toBe(
      'iam-policy-gate-result-cache',
    );
  });

  it('runs the local analyzer without AWS credentials, and says so', async () => {
    await examples();
    const noCredentials = {
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_ENDPOINT_URL_ACCESSANALYZER: 'http://127.0.0.1:9', // never called: a call would fail the run
      AWS_CONFIG_FILE: '/nonexistent/aws-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    };
    const { code, stdout, stderr } = await cli(['check', 'examples/policies'], noCredentials);
    expect(stderr).toMatch(/Analyzer: local analyzer: no AWS credentials/);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /bad\/deploy-pass-any-role\.json:14:19 SECURITY_WARNING PASS_ROLE_WITH_STAR_IN_RESOURCE/,
    );
    expect(stdout).toMatch(/bad\/typo-in-action\.json:7:\d+ ERROR INVALID_ACTION/);
    expect(stdout).toMatch(/bad\/typo-in-action\.json:7:\d+ ERROR INVALID_SERVICE_IN_ACTION/);
    expect(stdout).not.toContain('good/');
    const good = await cli(['check', 'examples/policies/good'], noCredentials);
    expect(good.code).toBe(0);
  });

  it('exits 2 naming the bad key and line of a config file', async () => {
    await write('p.json', PASS_ROLE_ON_LINE_4);
    await write('gate.yml', 'fail-on: [ERROR]\nmax_warnings: 3\n');
    const result = await cli(['check', '--config', 'gate.yml', '--analyzer', 'local']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/gate\.yml:2: max_warnings: unknown key\. Did you mean 'max-warnings'\?/);
  });

  it('writes no line of the text report or of the log that starts a command under GITHUB_ACTIONS', async () => {
    // What reaches stdout and stderr here are the bytes the launcher writes: the CLI escapes its own lines.
    await write(INJECTING, PASS_ROLE_ON_LINE_4);
    await write(STOPPING, PASS_ROLE_ON_LINE_4);
    const result = await cli(['check', '--analyzer', 'local', '--verbose'], { GITHUB_ACTIONS: 'true' });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('stop-commands::abc.json:4');
    expect(result.stdout).toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE');
    for (const out of [result.stdout, result.stderr]) expect(commandLines(out), out).toEqual([]);
  });

  it('analyses paths outside the current directory, absolute or ../, reported as typed', async () => {
    // Beside the repository: a directory with a policy, a link in it that leads out of it, and a linked file.
    const shared = join(t.dir, 'shared/policies');
    await mkdir(join(t.dir, 'secret'), { recursive: true });
    await mkdir(shared, { recursive: true });
    await writeFile(join(shared, 'deploy.json'), PASS_ROLE_ON_LINE_4);
    await writeFile(join(t.dir, 'secret/admin.json'), policy(passRole('Secret')));
    await symlink(join(t.dir, 'secret/admin.json'), join(shared, 'escape.json'));
    await symlink(join(t.dir, 'secret/admin.json'), join(t.dir, 'named-link.json'));

    const up = await cli(['check', '--analyzer', 'local', '../shared/policies/']);
    expect(up.code, up.stderr).toBe(1);
    expect(up.stdout).toContain('../shared/policies/deploy.json:4:');
    expect(up.stdout).toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE');
    // The link found inside the named directory leads out of it: refused, failing closed, not read.
    expect(up.stdout).toMatch(/\.\.\/shared\/policies\/escape\.json:1 ERROR ANALYSIS_FAILED symbolic link/);
    expect(up.stdout).not.toContain('Secret');

    const absolute = join(shared, 'deploy.json');
    const abs = await cli(['check', '--analyzer', 'local', absolute, '--format', 'json']);
    expect(abs.code, abs.stderr).toBe(1);
    const files = (JSON.parse(abs.stdout) as { findings: { location?: { file: string } }[] }).findings.map(
      (f) => f.location?.file,
    );
    expect(files).toContain(absolute);

    // A file the user names is read where it leads, even through a link.
    const linked = await cli(['check', '--analyzer', 'local', '../named-link.json']);
    expect(linked.code, linked.stderr).toBe(1);
    expect(linked.stdout).toContain('../named-link.json:');
    expect(linked.stdout).toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE');

    const glob = await cli(['check', '--analyzer', 'local', '../shared/*/*.json', '../nowhere.json']);
    expect(glob.code).toBe(2);
    expect(glob.stderr).toContain('iam-policy-gate: ../nowhere.json: no such file or directory');
    expect(glob.stderr).not.toContain('../shared');
    const globOnly = await cli(['check', '--analyzer', 'local', '../shared/*/deploy.json']);
    expect(globOnly.code, globOnly.stderr).toBe(1);
    expect(globOnly.stdout).toContain('../shared/policies/deploy.json:4:');
  });

  it('keeps refusing a link under the current directory that leads out of it, named or found', async () => {
    await mkdir(join(t.dir, 'secret'), { recursive: true });
    await writeFile(join(t.dir, 'secret/admin.json'), policy(passRole('Secret')));
    await symlink(join(t.dir, 'secret/admin.json'), join(t.ws.repo, 'admin.json'));
    const named = await cli(['check', '--analyzer', 'local', 'admin.json']);
    expect(named.code).toBe(1);
    expect(named.stdout).toContain('admin.json:1 ERROR ANALYSIS_FAILED symbolic link pointing outside');
  });

  /** The lines of a help section (after its heading, up to the blank line). */
  const section = (help: string, heading: string) => {
    const lines = help.split('\n');
    const from = lines.indexOf(heading);
    expect(from, `${heading} in:\n${help}`).toBeGreaterThanOrEqual(0);
    const rest = lines.slice(from + 1);
    const end = rest.indexOf('');
    return end < 0 ? rest : rest.slice(0, end);
  };
  /** Where each line's second column starts: after the first run of two spaces, or the indent. */
  const secondColumn = (line: string) =>
    /^ {2}\S/.test(line) ? (/^( {2}\S.*?\S? {2,})\S/.exec(line)?.[1]?.length ?? -1) : line.search(/\S/);

  it('prints help with aligned columns and examples, for the program and for check', async () => {
    const main = await cli(['--help']);
    const check = await cli(['check', '--help']);
    const helpCheck = await cli(['help', 'check']);
    expect(main.code).toBe(0);
    expect(check.code).toBe(0);
    expect(helpCheck).toEqual(check);
    expect(check.stdout).toMatch(/^Usage: iam-policy-gate check \[paths\.\.\.\] \[options\]\n/);
    for (const [help, heading] of [
      [main.stdout, 'Options of check:'],
      [check.stdout, 'Options of check:'],
      [main.stdout, 'Commands:'],
      [check.stdout, 'Examples of check:'],
    ] as const) {
      const lines = section(help, heading);
      expect(lines.length, heading).toBeGreaterThan(1);
      const starts = new Set(lines.map(secondColumn));
      expect([...starts], `${heading}\n${lines.join('\n')}`).toHaveLength(1);
    }
    // Every option parseArgs takes is in the help, and every example runs check.
    for (const option of ['--format', '--fail-on', '--analyzer', '--base', '--new-only', '--no-color']) {
      expect(check.stdout).toContain(`  ${option}`);
    }
    const examples = section(check.stdout, 'Examples of check:');
    for (const line of examples) expect(line).toMatch(/^ {2}iam-policy-gate check/);
    expect(examples.some((line) => line.includes('/abs/'))).toBe(true);
  });

  it('says which command or option was meant', async () => {
    const command = await cli(['chek', 'iam/']);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("iam-policy-gate: Unknown command 'chek'. Did you mean 'check'?");
    const option = await cli(['check', '--fial-on', 'ERROR']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("iam-policy-gate: Unknown option '--fial-on'. Did you mean '--fail-on'?");
    expect(option.stderr).not.toMatch(/\n\s+at /);
    const spelled = await cli(['check', '--max_warnings=3']);
    expect(spelled.stderr).toContain("Unknown option '--max_warnings'. Did you mean '--max-warnings'?");
    const far = await cli(['check', '--frobnicate']);
    expect(far.code).toBe(2);
    expect(far.stderr).toContain("Unknown option '--frobnicate'.");
    expect(far.stderr).not.toContain('Did you mean');
    const topic = await cli(['help', 'chek']);
    expect(topic.code).toBe(2);
    expect(topic.stderr).toContain("No help for 'chek'. Did you mean 'check'?");
  });

  it('counts in the right number on stderr: 1 policy file, 1 Terraform plan', async () => {
    await write('p.json', PASS_ROLE_ON_LINE_4);
    const plan = {
      format_version: '1.2',
      terraform_version: '1.9.8',
      planned_values: { root_module: {} },
      resource_changes: [
        {
          address: 'aws_iam_policy.deploy',
          mode: 'managed',
          type: 'aws_iam_policy',
          name: 'deploy',
          change: {
            actions: ['create'],
            after: {
              name: 'deploy',
              policy: JSON.stringify({ Version: '2012-10-17', Statement: [passRole('P')] }),
            },
            after_unknown: {},
            after_sensitive: {},
          },
        },
      ],
    };
    await write('plan.json', JSON.stringify(plan));
    const result = await cli(['check', '--analyzer', 'local', '--verbose', 'p.json', 'plan.json']);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('1 policy file, 1 Terraform plan, 0 CloudFormation templates\n');
    expect(result.stderr).toContain('plan.json: 1 policy in the plan');
    expect(result.stderr).not.toMatch(
      /\b1 (files|plans|policies|findings|entries|calls|hits|misses|actions)\b/,
    );
  });

  it("says in plain words that no AWS credentials were found, the SDK's words only with --debug", async () => {
    await write('p.json', PASS_ROLE_ON_LINE_4);
    const noCredentials = {
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_CONFIG_FILE: '/nonexistent/aws-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    };
    const quiet = await cli(['check', 'p.json'], noCredentials);
    expect(quiet.code).toBe(1);
    expect(quiet.stderr).toContain(
      'Analyzer: local analyzer: no AWS credentials found (no environment variables, profile, SSO, web ' +
        'identity or instance role); the built-in local analyzer ran instead.',
    );
    expect(quiet.stderr).not.toContain('Could not load credentials');
    const verbose = await cli(['check', 'p.json', '--verbose'], noCredentials);
    expect(verbose.stderr).not.toContain('Could not load credentials');
    const debug = await cli(['check', 'p.json', '--debug'], noCredentials);
    expect(debug.stderr).toContain('AWS credential chain: Could not load credentials from any providers');
    const aws = await cli(['check', 'p.json', '--analyzer', 'aws'], noCredentials);
    expect(aws.code).toBe(2);
    expect(aws.stderr).toContain('(analyzer: aws): no AWS credentials found (no environment variables');
    expect(aws.stderr).not.toContain('Could not load credentials');
  });

  it('says in plain words that configured AWS credentials failed to load (an SSO session never logged in)', async () => {
    await write('p.json', PASS_ROLE_ON_LINE_4);
    const config = join(t.dir, 'aws-config');
    await writeFile(
      config,
      '[profile sso]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n' +
        'sso_account_id = 111122223333\nsso_role_name = gate\n',
    );
    const sso = {
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_PROFILE: 'sso',
      AWS_CONFIG_FILE: config,
      AWS_SHARED_CREDENTIALS_FILE: join(t.dir, 'no-credentials'),
    };
    const result = await cli(['check', 'p.json'], sso);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'Analyzer: local analyzer: AWS credentials are configured but could not be loaded (a profile, SSO session',
    );
    expect(result.stderr).not.toContain('SSO session associated with this profile');
    const debug = await cli(['check', 'p.json', '--debug'], sso);
    expect(debug.stderr).toContain('AWS credential chain: The SSO session associated with this profile');
  });

  it('escapes hostile file names found in a directory outside the current one', async () => {
    const beside = join(t.dir, 'beside');
    await mkdir(beside, { recursive: true });
    await writeFile(join(beside, 'red\u001b[31m\n::error::pwned.json'), PASS_ROLE_ON_LINE_4);
    const result = await cli(['check', '--analyzer', 'local', '../beside'], { GITHUB_ACTIONS: 'true' });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE');
    for (const out of [result.stdout, result.stderr]) {
      expect(out).not.toContain('\u001b');
      expect(commandLines(out), out).toEqual([]);
    }
  });
});
