// The example workflows users copy run on fork pull requests, where there are no AWS credentials; the
// repository's own CI and release workflows parse, and every script they run exists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(__dirname, '../..');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: unknown;
  permissions?: Record<string, string>;
  jobs: Record<string, { steps: Step[]; if?: string; env?: Record<string, string> }>;
}

const read = (path: string) => parse(readFileSync(join(ROOT, path), 'utf8')) as Workflow;
const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((job) => job.steps);

/** The expression that tells a pull request from a fork: its head repository is another repository. */
const SAME_REPOSITORY = 'github.event.pull_request.head.repo.full_name == github.repository';

const EXAMPLES = [
  'examples/workflows/iam-policy-gate.yml',
  'examples/terraform/iam-policy-gate-terraform.yml',
];

describe.each(EXAMPLES)('%s', (path) => {
  const wf = read(path);

  it('skips the AWS credentials step on fork pull requests, where GitHub issues no OIDC token', () => {
    const credentials = steps(wf).filter((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'));
    expect(credentials).toHaveLength(1);
    expect(credentials[0]?.if ?? '').toContain(SAME_REPOSITORY);
  });

  it('runs the gate on every pull request with analyzer auto, so a fork gets the local analyzer', () => {
    const gate = steps(wf).filter((s) => s.uses?.endsWith('/iam-policy-gate@v1'));
    expect(gate).toHaveLength(1);
    expect(gate[0]?.if).toBeUndefined();
    expect(gate[0]?.with?.analyzer ?? 'auto').toBe('auto');
  });
});

describe('the Terraform example', () => {
  it('skips the plan on forks too, so the gate fails closed on the missing plan with its own message', () => {
    const wf = read('examples/terraform/iam-policy-gate-terraform.yml');
    const terraform = steps(wf).filter(
      (s) => s.run?.startsWith('terraform ') || s.uses?.includes('terraform'),
    );
    expect(terraform.length).toBeGreaterThan(0);
    for (const step of terraform) expect(step.if ?? '', step.run ?? step.uses).toContain(SAME_REPOSITORY);
  });
});

describe('.github/workflows', () => {
  const files = readdirSync(join(ROOT, '.github/workflows')).filter((f) => /\.ya?ml$/.test(f));

  it('has CI and release workflows', () => {
    expect(files.sort()).toEqual(expect.arrayContaining(['ci.yml', 'release.yml']));
  });

  it.each(files)('%s runs only scripts that exist', (file) => {
    const wf = read(`.github/workflows/${file}`);
    const scripts = steps(wf)
      .flatMap((s) => [...(s.run ?? '').matchAll(/(?:bash|node|sh)\s+((?:\.ci|scripts)\/[\w./-]+)/g)])
      .map((m) => m[1] as string);
    for (const script of scripts) expect(existsSync(join(ROOT, script)), script).toBe(true);
  });

  it('CI runs .ci/run and uploads test/output as an artifact', () => {
    const ci = steps(read('.github/workflows/ci.yml'));
    expect(ci.some((s) => s.run?.includes('bash .ci/run'))).toBe(true);
    const upload = ci.find((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(upload?.with?.path).toBe('test/output/');
    expect(upload?.if).toBe('always()');
  });

  it('release runs CI, checks dist/, tags the version and moves the major tag', () => {
    const wf = read('.github/workflows/release.yml');
    const run = steps(wf)
      .map((s) => s.run ?? '')
      .join('\n');
    expect(run).toContain('bash .ci/run');
    expect(run).toContain('bash scripts/check-dist.sh');
    expect(run).toContain('scripts/release-tag.sh');
    expect(wf.permissions?.contents).toBe('write');
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{
    id: string;
    entry: string;
    language: string;
  }>;
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };

  it("defines the hook README's .pre-commit-config.yaml snippet names, running the package's bin", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const id = /hooks: \[\{ id: ([\w-]+) \}\]/.exec(readme)?.[1];
    const hook = hooks.find((h) => h.id === id);
    expect(hook, `README's hook id ${id}`).toBeDefined();
    expect(hook?.language).toBe('node');
    expect(Object.keys(pkg.bin)).toContain(hook?.entry.split(' ')[0]);
  });
});
