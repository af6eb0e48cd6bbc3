// The example workflows users copy run on fork pull requests, where there are no AWS credentials.
import { readFileSync } from 'node:fs';
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
