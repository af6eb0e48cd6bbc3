// The bad-input corpus (test/fixtures/bad, see its README): every file, in a workspace beside one good policy,
// through the pipeline with the local analyzer. The run never throws; the bad file gets a clear finding that
// names it and its line (or is ignored with a reason when it is no policy at all); the good policy is still
// analysed; no message carries a stack trace. Big, deep and linked inputs are made here, in a temp dir. The
// config files go through the loader, and a few through the CLI's run() (src/entries/cli.ts), in-process.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backends, selectBackends } from '../../src/analyze/select';
import { defaultClients } from '../../src/clients';
import { awsClientFactories } from '../../src/clients/aws';
import { readInputs } from '../../src/config/inputs';
import { loadRepoConfig } from '../../src/config/load';
import { resolveSettings } from '../../src/config/settings';
import { ConfigurationError } from '../../src/core/errors';
import type { Logger } from '../../src/core/logger';
import type { Finding, GateReport } from '../../src/core/types';
import { OUTSIDE_WORKSPACE, SYMLINK_LOOP } from '../../src/discover/find-files';
import { run as runCli } from '../../src/entries/cli';
import { pipelineOptionsFrom, runPipeline } from '../../src/pipeline';
import {
  CONFIG_CASES,
  type ConfigAccepted,
  type ConfigRejected,
  type Expectation,
  JSON_CASES,
  PLAN_CASES,
} from './bad-input-cases';

const ROOT = join(__dirname, '../..');
const CORPUS = join(ROOT, 'test/fixtures/bad');
const GOOD_POLICY = join(ROOT, 'test/fixtures/policies/identity-good.json');
const GOOD = 'good/identity.json';
/** A stack frame, as Node prints them. */
const STACK_FRAME = /\n?\s{4}at /;

let tmp: string;
let backends: Backends;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'iam-gate-bad-input-'));
  backends = await selectBackends({
    mode: 'local',
    maxConcurrency: 8,
    env: {},
    clients: awsClientFactories({}),
  });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let counter = 0;
/** A fresh workspace holding the good policy and `files` (workspace-relative path -> content). */
function workspace(files: Record<string, string | Buffer> = {}): string {
  counter += 1;
  const ws = join(tmp, `ws-${counter}`);
  mkdirSync(join(ws, 'good'), { recursive: true });
  copyFileSync(GOOD_POLICY, join(ws, GOOD));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(ws, rel)), { recursive: true });
    writeFileSync(join(ws, rel), content);
  }
  return ws;
}

/** Runs the pipeline with the default settings, the local analyzer and a logger that keeps every line. */
async function gate(
  ws: string,
  terraformPlans: string[] = [],
): Promise<{ report: GateReport; logs: string[] }> {
  const logs: string[] = [];
  const log: Logger = {
    info: (m) => logs.push(m),
    warning: (m) => logs.push(m),
    debug: (m) => logs.push(m),
    group: (_name, fn) => fn(),
  };
  const settings = resolveSettings(
    readInputs(() => ''),
    {},
    { isPullRequest: false },
  );
  const report = await runPipeline({
    ...pipelineOptionsFrom(settings),
    workspace: ws,
    policies: ['**/*.json'],
    terraformPlans,
    backends,
    log,
  });
  return { report, logs };
}

/** What must hold after every run: the good policy analysed and clean, nothing with a stack trace. */
function expectSound(report: GateReport, logs: readonly string[]): void {
  expect(report.targets.map((t) => t.id)).toContain(GOOD);
  expect(report.files.find((f) => f.file === GOOD)?.kind).toBe('policy');
  expect(report.findings.filter((f) => f.target === GOOD)).toEqual([]);
  for (const f of report.findings) expect(f.message).not.toMatch(STACK_FRAME);
  for (const line of [...logs, ...report.notices]) expect(line).not.toMatch(STACK_FRAME);
}

/** The findings about one file (its JSON target, its plan's resources, or the file itself). */
function findingsOf(report: GateReport, file: string): Finding[] {
  return report.findings.filter((f) => f.target === file || f.target.startsWith(`${file}#`));
}

function corpusFiles(): string[] {
  return readdirSync(CORPUS, { recursive: true, encoding: 'utf8' })
    .map((p) => p.split('\\').join('/'))
    .filter((p) => p.includes('/') && !p.endsWith('README.md') && !p.endsWith('.gitattributes'))
    .sort();
}

describe('the corpus, its README and the expectations agree', () => {
  it('has more than 50 files, each with one expectation, each listed in the README table', () => {
    const files = corpusFiles();
    expect(files.length).toBeGreaterThan(50);
    const expected = [...Object.keys(JSON_CASES), ...Object.keys(PLAN_CASES), ...Object.keys(CONFIG_CASES)];
    expect(files).toEqual([...expected].sort());
    const readme = readFileSync(join(CORPUS, 'README.md'), 'utf8');
    const listed = [...readme.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
    expect([...listed].sort()).toEqual(files);
  });
});

/** Checks one corpus file's outcome against its expectation. */
function expectOutcome(report: GateReport, file: string, expected: Expectation): void {
  const scanned = report.files.find((f) => f.file === file);
  const mine = findingsOf(report, file);
  const target = report.targets.find((t) => t.id === file);
  switch (expected.kind) {
    case 'syntax': {
      expect(scanned?.kind).toBe('policy');
      expect(target).toBeUndefined();
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        code: 'JSON_SYNTAX_ERROR',
        severity: 'ERROR',
        location: { file, startLine: expected.line, startColumn: expected.column },
      });
      expect(mine[0]?.message).toMatch(expected.message);
      expect(mine[0]?.message).toContain(file);
      expect(mine[0]?.message).toContain(`line ${expected.line}, column ${expected.column}`);
      expect(report.verdict.result).toBe('fail');
      break;
    }
    case 'unreadable': {
      expect(scanned?.kind).toBe('unreadable');
      expect(scanned?.reason).toMatch(expected.reason);
      expect(target).toBeUndefined();
      expect(mine).toHaveLength(1);
      // At the first bad byte when the reason names one, else at line 1.
      const at = /at line (\d+), column (\d+)/.exec(scanned?.reason ?? '');
      expect(mine[0]).toMatchObject({
        code: 'ANALYSIS_FAILED',
        severity: 'ERROR',
        location: at
          ? { file, startLine: Number(at[1]), startColumn: Number(at[2]) }
          : { file, startLine: 1 },
      });
      expect(mine[0]?.message).toContain(scanned?.reason);
      expect(report.verdict.result).toBe('fail');
      break;
    }
    case 'ignored': {
      expect(scanned?.kind).toBe('ignored');
      expect(scanned?.reason).toMatch(expected.reason);
      expect(target).toBeUndefined();
      expect(mine).toEqual([]);
      expect(report.verdict.result).toBe('pass');
      break;
    }
    case 'analysed': {
      expect(scanned?.kind).toBe('policy');
      expect(target?.source.file).toBe(file);
      expect([...new Set(mine.map((f) => f.code))].sort()).toEqual(expected.codes);
      for (const f of mine) {
        expect(f.location?.file).toBe(file);
        expect(f.location?.startLine).toBeGreaterThanOrEqual(1);
      }
      break;
    }
    case 'too-deep': {
      expect(scanned?.kind).toBe('policy');
      expect(target).toBeUndefined();
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        code: 'ANALYSIS_FAILED',
        severity: 'ERROR',
        location: { file, startLine: expected.line, startColumn: expected.column },
      });
      expect(mine[0]?.message).toContain(file);
      expect(mine[0]?.message).toMatch(/nest .* levels deep/);
      expect(report.verdict.result).toBe('fail');
      break;
    }
    case 'plan': {
      expect(scanned?.kind).toBe('terraform-plan');
      const addresses = report.targets
        .filter((t) => t.id.startsWith(`${file}#`))
        .map((t) => t.source.address);
      expect(addresses).toEqual(expected.addresses);
      expect(mine.map((f) => f.code).sort()).toEqual(expected.findings.map((f) => f.code).sort());
      for (const want of expected.findings) {
        const hit = mine.find((f) => want.message.test(f.message));
        expect(hit, `a finding matching ${want.message}`).toBeDefined();
        expect(hit).toMatchObject({ code: want.code, location: { file, startLine: want.line } });
        if (want.column !== undefined) expect(hit?.location?.startColumn).toBe(want.column);
      }
      if (expected.findings.some((f) => f.code === 'ANALYSIS_FAILED' || f.code === 'JSON_SYNTAX_ERROR')) {
        expect(report.verdict.result).toBe('fail');
      }
      break;
    }
  }
}

describe('policy JSON files: each beside a good policy, through the pipeline', () => {
  it.each(Object.entries(JSON_CASES))('%s', async (name, expected) => {
    const file = `bad/${name}`;
    const ws = workspace({ [file]: readFileSync(join(CORPUS, name)) });
    const { report, logs } = await gate(ws);
    expectSound(report, logs);
    expectOutcome(report, file, expected);
  });

  it('does not let a __proto__ key reach any prototype', async () => {
    const ws = workspace({ 'p.json': readFileSync(join(CORPUS, 'structure/proto-key.json')) });
    await gate(ws);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('Statement');
  });
});

describe('Terraform plans: named by terraform-plans, beside a good policy', () => {
  it.each(Object.entries(PLAN_CASES))('%s', async (name, expected) => {
    const file = `bad/${name}`;
    const ws = workspace({ [file]: readFileSync(join(CORPUS, name)) });
    const { report, logs } = await gate(ws, [file]);
    expectSound(report, logs);
    expectOutcome(report, file, expected);
  });
});

const DEPTH = 10_000;
const deepArray = (leaf: string) => `${'['.repeat(DEPTH)}${leaf}${']'.repeat(DEPTH)}`;
const statement = (condition: string) =>
  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":${condition}}]}`;

function planWith(changes: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: { root_module: {} },
    resource_changes: changes,
    ...extra,
  });
}

function policyChange(name: string, policy: string, afterSensitive: unknown = {}) {
  return {
    address: `aws_iam_policy.${name}`,
    mode: 'managed',
    type: 'aws_iam_policy',
    name,
    change: {
      actions: ['create'],
      after: { name, policy },
      after_unknown: {},
      after_sensitive: afterSensitive,
    },
  };
}

describe('deep nesting (10,000 levels): no stack overflow, a clear finding', () => {
  it('a valid policy nested 10,000 deep is not analysed, at the line and column where it is too deep', async () => {
    const text = statement(`{"StringEquals":{"aws:PrincipalTag/team":${deepArray('"x"')}}}`);
    const ws = workspace({ 'deep.json': text });
    const { report, logs } = await gate(ws);
    expectSound(report, logs);
    const [f, ...rest] = findingsOf(report, 'deep.json');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ code: 'ANALYSIS_FAILED', location: { file: 'deep.json', startLine: 1 } });
    // Five levels of policy, then the array: level 33 is its 28th bracket.
    expect(f?.location?.startColumn).toBe(text.indexOf('[[') + 28);
    expect(f?.message).toMatch(/nest 10005 levels deep/);
  });

  it('an unclosed 10,000-deep policy is a JSON_SYNTAX_ERROR with its position', async () => {
    const ws = workspace({ 'deep.json': `{"Version":"2012-10-17","Statement":${'['.repeat(DEPTH)}` });
    const { report, logs } = await gate(ws);
    expectSound(report, logs);
    const [f, ...rest] = findingsOf(report, 'deep.json');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ code: 'JSON_SYNTAX_ERROR', location: { startLine: 1 } });
    expect(f?.message).toMatch(
      /Nested too deeply: arrays and objects 10001 levels deep .* at line 1, column \d+/,
    );
  });

  it('10,000 nested objects, and a deep JSON file that is no policy', async () => {
    const objects = `{"Statement":${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}}`;
    const ws = workspace({ 'objects.json': objects, 'data.json': `{"data":${deepArray('1')}}` });
    const { report, logs } = await gate(ws);
    expectSound(report, logs);
    expect(findingsOf(report, 'objects.json').map((f) => f.code)).toEqual(['ANALYSIS_FAILED']);
    expect(report.files.find((f) => f.file === 'data.json')?.kind).toBe('ignored');
  });

  it('a plan with a 10,000-deep policy, sensitivity marks or module tree', async () => {
    let modules = '{}';
    for (let i = 0; i < DEPTH; i++) modules = `{"m":{"module":{"module_calls":${modules}}}}`;
    const ok = '{"Version":"2012-10-17","Statement":[]}';
    // Spliced in as text: JSON.stringify recurses too.
    const plan = planWith(
      [
        policyChange('deep', `{"Statement":${deepArray('1')}}`),
        policyChange('marks', ok, { policy: 'MARKS' }),
      ],
      { configuration: 'CONFIGURATION' },
    )
      .replace('"MARKS"', deepArray('true'))
      .replace('"CONFIGURATION"', `{"root_module":{"module_calls":${modules}}}`);
    const ws = workspace({ 'plan.json': plan });
    const { report, logs } = await gate(ws, ['plan.json']);
    expectSound(report, logs);
    const targets = report.targets.filter((t) => t.id.startsWith('plan.json#')).map((t) => t.source.address);
    expect(targets).toEqual(['aws_iam_policy.marks']);
    const [f, ...rest] = findingsOf(report, 'plan.json');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ code: 'ANALYSIS_FAILED', target: 'plan.json#aws_iam_policy.deep.policy' });
    expect(f?.message).toMatch(
      /aws_iam_policy\.deep: `policy` was not analysed: arrays and objects nest 10001/,
    );
  });
});

describe('big inputs: bounded time, nothing lost', () => {
  const MB = 1024 * 1024;

  it('a 50 MB policy file is refused before it is read, and fails closed', async () => {
    const big = `{"Statement":[{"Effect":"Allow","Action":["${'s3:GetObject","'.repeat(3_500_000)}s3:GetObject"],"Resource":"*"}]}`;
    expect(big.length).toBeGreaterThan(50 * MB);
    const ws = workspace({ 'big.json': big });
    const started = Date.now();
    const { report, logs } = await gate(ws);
    expect(Date.now() - started).toBeLessThan(5_000);
    expectSound(report, logs);
    const [f, ...rest] = findingsOf(report, 'big.json');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ code: 'ANALYSIS_FAILED', location: { file: 'big.json', startLine: 1 } });
    expect(f?.message).toMatch(/^5\d\.\d MiB, over the limit of 10\.0 MiB; not read/);
  });

  // One line, as `terraform show -json` writes it, with the policy last: finding its line must not rescan the
  // rest of the text for every resource (that took minutes). Built once, for the two tests below.
  let bigPlan = '';
  beforeAll(() => {
    const resources = Array.from({ length: 110_000 }, (_, i) => ({
      address: `aws_s3_object.o${i}`,
      mode: 'managed',
      type: 'aws_s3_object',
      name: `o${i}`,
      change: { actions: ['create'], after: { key: `k${i}`, content: 'x'.repeat(400) } },
    }));
    const passRole =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}';
    bigPlan = planWith([...resources, policyChange('last', passRole)]);
  });

  it('a 50 MB one-line plan is read in seconds and its policy analysed', async () => {
    expect(bigPlan.length).toBeGreaterThan(50 * MB);
    const ws = workspace({ 'plan.json': bigPlan });
    const started = Date.now();
    const { report, logs } = await gate(ws, ['plan.json']);
    expect(Date.now() - started).toBeLessThan(15_000);
    expectSound(report, logs);
    expect(report.targets.map((t) => t.id)).toContain('plan.json#aws_iam_policy.last.policy');
    expect(findingsOf(report, 'plan.json').map((f) => f.code)).toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE');
  });

  it('a 50 MB plan found by policies (as `check plan.json` names it) gets the plan limit and is analysed', async () => {
    const ws = workspace({ 'plan.json': bigPlan });
    const { report, logs } = await gate(ws);
    expectSound(report, logs);
    expect(report.files.find((f) => f.file === 'plan.json')?.kind).toBe('terraform-plan');
    expect(findingsOf(report, 'plan.json').map((f) => f.code)).toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE');
  });

  it('a 50 MB plan cut short fails closed at the column where it ends', async () => {
    const cut = bigPlan.slice(0, 50 * MB);
    const ws = workspace({ 'plan.json': cut });
    const started = Date.now();
    const { report, logs } = await gate(ws, ['plan.json']);
    expect(Date.now() - started).toBeLessThan(15_000);
    expectSound(report, logs);
    const [f, ...rest] = findingsOf(report, 'plan.json');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ code: 'ANALYSIS_FAILED', location: { file: 'plan.json', startLine: 1 } });
    expect(f?.location?.startColumn).toBeGreaterThan(50 * MB - 1000);
    expect(f?.message).toMatch(/plan\.json: is not valid JSON \(.* at line 1, column \d+\)/);
  });

  it('a policy with 14,000 statements is analysed (1 MB, the most the gate analyses)', async () => {
    const one = '{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}';
    const ws = workspace({
      'many.json': `{"Version":"2012-10-17","Statement":[${Array(14_000).fill(one).join(',')}]}`,
    });
    const { report, logs } = await gate(ws);
    expectSound(report, logs);
    expect(report.targets.map((t) => t.id)).toContain('many.json');
    expect(findingsOf(report, 'many.json').map((f) => f.code)).toContain(
      'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA',
    );
  });
});

describe('a document too big to be a policy', () => {
  it('fails closed at once, saying why, and is parsed by no analyzer or check', async () => {
    const one = '{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}';
    const ws = workspace({
      'huge.json': `{"Version":"2012-10-17","Statement":[${Array(20_000).fill(one).join(',')}]}`,
      'iam/good.json': readFileSync(GOOD_POLICY),
    });
    const { report, logs } = await gate(ws);
    expectSound(report, logs);
    expect(findingsOf(report, 'huge.json')).toMatchObject([
      {
        code: 'ANALYSIS_FAILED',
        severity: 'ERROR',
        message: expect.stringMatching(
          /the policy document is 1\d{3} KiB, more than the 1024 KiB the gate analyses/,
        ),
      },
    ]);
    expect(findingsOf(report, 'iam/good.json').filter((f) => f.severity === 'ERROR')).toEqual([]);
    expect(report.verdict.result).toBe('fail');
  });
});

describe('links and special files: never read outside the workspace, fail closed', () => {
  it('reports links out of the workspace, loops and dangling links without reading their targets', async () => {
    const outside = mkdtempSync(join(tmp, 'outside-'));
    const secret = join(outside, 'secret.json');
    writeFileSync(secret, '{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}');
    mkdirSync(join(outside, 'dir'));
    copyFileSync(secret, join(outside, 'dir', 'evil.json'));
    const ws = workspace({ 'inside/real.json': readFileSync(GOOD_POLICY) });
    const link = (target: string, at: string) => symlinkSync(target, join(ws, at));
    link(secret, 'absolute-out.json');
    link(`../${basename(outside)}/secret.json`, 'relative-out.json');
    link(join(outside, 'dir'), 'linked-dir');
    link('loop-b.json', 'loop-a.json');
    link('loop-a.json', 'loop-b.json');
    link('self.json', 'self.json');
    link('nowhere.json', 'dangling.json');
    link('inside/real.json', 'inside-link.json');
    const { report, logs } = await gate(ws, ['absolute-out.json']);
    expectSound(report, logs);
    const reasons = Object.fromEntries(report.files.map((f) => [f.file, `${f.kind}: ${f.reason ?? ''}`]));
    expect(reasons).toMatchObject({
      'absolute-out.json': `unreadable: ${OUTSIDE_WORKSPACE}`,
      'relative-out.json': `unreadable: ${OUTSIDE_WORKSPACE}`,
      'loop-a.json': `unreadable: ${SYMLINK_LOOP}`,
      'loop-b.json': `unreadable: ${SYMLINK_LOOP}`,
      'self.json': `unreadable: ${SYMLINK_LOOP}`,
      'dangling.json': 'unreadable: broken symbolic link',
      'inside-link.json': 'policy: ',
    });
    // Nothing of the outside files was read: no target, no finding from their content.
    expect(report.files.some((f) => f.file.startsWith('linked-dir/'))).toBe(false);
    expect(report.targets.map((t) => t.id).sort()).toEqual([GOOD, 'inside-link.json', 'inside/real.json']);
    expect(report.findings.map((f) => f.code)).not.toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE');
    for (const file of [
      'absolute-out.json',
      'relative-out.json',
      'loop-a.json',
      'self.json',
      'dangling.json',
    ]) {
      expect(findingsOf(report, file)).toMatchObject([
        { code: 'ANALYSIS_FAILED', severity: 'ERROR', location: { file, startLine: 1 } },
      ]);
    }
    expect(report.verdict.result).toBe('fail');
  });

  it('skips a FIFO and a directory named like a policy, without hanging', async () => {
    const ws = workspace();
    mkdirSync(join(ws, 'dir.json'));
    let fifo = false;
    try {
      execFileSync('mkfifo', [join(ws, 'pipe.json')]);
      symlinkSync('pipe.json', join(ws, 'pipe-link.json'));
      fifo = true;
    } catch {
      // no mkfifo here: the directory case still runs
    }
    const { report, logs } = await gate(ws);
    expectSound(report, logs);
    expect(report.files.map((f) => f.file)).toEqual([GOOD]);
    expect(report.findings).toEqual([]);
    if (fifo) expect(report.targets.map((t) => t.id)).toEqual([GOOD]);
  });
});

const CONFIG = '.github/iam-policy-gate.yml';

/** Loads `content` as the workspace's config file (config-source: head, as the CLI does). */
async function loadConfig(content: string | Buffer) {
  const ws = workspace({ [CONFIG]: content });
  return loadRepoConfig({ path: CONFIG, source: 'head', workspace: ws });
}

async function configError(content: string | Buffer): Promise<ConfigurationError> {
  const err = await loadConfig(content).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigurationError);
  return err as ConfigurationError;
}

describe('config files: a ConfigurationError naming the file, the line and the key', () => {
  it.each(Object.entries(CONFIG_CASES))('%s', async (name, expected) => {
    const content = readFileSync(join(CORPUS, name));
    if ('accepted' in expected) {
      const loaded = await loadConfig(content);
      expect(loaded.config).toEqual((expected as ConfigAccepted).accepted);
      return;
    }
    const want = expected as ConfigRejected;
    const { message } = await configError(content);
    expect(message).toMatch(want.message);
    expect(message).not.toMatch(STACK_FRAME);
    expect(message.startsWith(CONFIG)).toBe(true);
    const at = `${CONFIG.replaceAll('.', '\\.')}:${want.line}(:\\d+)?: `;
    if (want.key === undefined) {
      expect(message).toMatch(new RegExp(`${at}|line ${want.line}, column \\d+`));
    } else {
      expect(message).toMatch(new RegExp(`${at}${want.key.replace(/[.[\]]/g, '\\$&')}: `));
    }
  });

  it('refuses a config that is a directory or a link out of the workspace, with the file named', async () => {
    const dirWs = workspace();
    mkdirSync(join(dirWs, CONFIG), { recursive: true });
    await expect(loadRepoConfig({ path: CONFIG, source: 'head', workspace: dirWs })).rejects.toThrow(
      new ConfigurationError(`${CONFIG} is a directory; the 'config' input must name a YAML file.`),
    );
    const linkWs = workspace();
    const outside = join(tmp, `outside-config-${counter}.yml`);
    writeFileSync(outside, 'fail-on: []\n');
    mkdirSync(join(linkWs, '.github'));
    symlinkSync(outside, join(linkWs, CONFIG));
    await expect(loadRepoConfig({ path: CONFIG, source: 'head', workspace: linkWs })).rejects.toThrow(
      /iam-policy-gate\.yml is a link that leads out of the workspace/,
    );
  });
});

/** One command line of the CLI in `cwd`, in-process: the local analyzer needs no client. */
async function cli(cwd: string, args: string[]) {
  const env = { HOME: cwd, NO_COLOR: '1', AWS_EC2_METADATA_DISABLED: 'true' };
  let stdout = '';
  let stderr = '';
  const code = await runCli({
    argv: args,
    cwd,
    env,
    stdout: { write: (text) => (stdout += text) },
    stderr: { write: (text) => (stderr += text) },
    clients: defaultClients(env),
  });
  return { code, stdout, stderr };
}

describe("through the CLI's run()", () => {
  it.each([
    ['configs/unknown-top-key.yml', ':2: fail_on: unknown key'],
    ['configs/tabs.yml', ':2:1: YAML syntax error: Tabs are not allowed'],
    ['configs/expires-not-a-date.yml', ':4: ignore[0].expires: '],
    ['configs/yaml-bomb.yml', ':2: b[0]: the aliases in this file expand to too many values'],
    ['configs/undefined-alias.yml', ':1: fail-on: the alias *severities names no anchor'],
  ])('check --config with %s exits 2, names the file and line, no stack trace', async (name, where) => {
    const ws = workspace({ [CONFIG]: readFileSync(join(CORPUS, name)) });
    const { code, stdout, stderr } = await cli(ws, [
      'check',
      '--config',
      CONFIG,
      '--analyzer',
      'local',
      'good',
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^iam-policy-gate: \.github\/iam-policy-gate\.yml/);
    expect(stderr).toContain(`${CONFIG}${where}`);
    expect(stderr).not.toMatch(STACK_FRAME);
    expect(stderr).not.toMatch(/unexpected error/);
  });

  it('check over the JSON corpus and a 10,000-deep policy exits 1 with a line per bad file', async () => {
    const files: Record<string, Buffer | string> = {
      'bad/deep.json': `{"Version":"2012-10-17","Statement":${'['.repeat(DEPTH)}`,
    };
    for (const name of Object.keys(JSON_CASES)) files[`bad/${name}`] = readFileSync(join(CORPUS, name));
    const ws = workspace(files);
    const { code, stdout, stderr } = await cli(ws, ['check', '--analyzer', 'local', '.']);
    expect(stderr).not.toMatch(STACK_FRAME);
    expect(stderr).not.toMatch(/unexpected error/);
    expect(code).toBe(1);
    expect(stdout).not.toContain(GOOD);
    expect(stdout).toMatch(/^bad\/deep\.json:1:\d+ ERROR JSON_SYNTAX_ERROR .*Nested too deeply/m);
    for (const [name, expected] of Object.entries(JSON_CASES)) {
      if (expected.kind === 'syntax') {
        expect(stdout).toContain(`bad/${name}:${expected.line}:${expected.column} ERROR JSON_SYNTAX_ERROR `);
      } else if (expected.kind === 'unreadable') {
        const at = /at line (\d+), column (\d+)/.exec(expected.reason.source.replaceAll('\\', ''));
        const where = at ? `${at[1]}:${at[2]}` : '1';
        expect(stdout).toMatch(
          new RegExp(`^bad/${name.replaceAll('.', '\\.')}:${where}\\S* ERROR ANALYSIS_FAILED `, 'm'),
        );
      } else if (expected.kind === 'ignored') {
        expect(stdout).not.toContain(`bad/${name}:`);
      }
    }
  });
});
