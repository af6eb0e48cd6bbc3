// A policy unknown at plan time is a warning: it does not fail the gate, and a repository that would rather
// block what it cannot see raises it with severity-overrides (README, "Terraform plans"). Through the CLI's
// run(), offline, with the config file of the repository.
import { describe, expect, it } from 'vitest';
import { createdPlan } from '../fixtures/created-plan';
import { useCliRun } from './support';

const plan = createdPlan([
  {
    type: 'aws_iam_policy',
    name: 'deploy',
    after: { name: 'deploy' },
    afterUnknown: { policy: true, arn: true },
  },
]);

const t = useCliRun();

describe('a policy unknown at plan time', () => {
  it('is a warning that passes, and blocks where severity-overrides raise it', async () => {
    await t.ws.write('plan.json', plan);
    const warned = await t.cli(['check', 'plan.json', '--analyzer', 'local']);
    expect(warned.stdout).toMatch(
      /WARNING UNKNOWN_AT_PLAN aws_iam_policy\.deploy: `policy` is computed at apply time/,
    );
    expect(warned.code).toBe(0);
    await t.ws.write('.github/iam-policy-gate.yml', 'severity-overrides:\n  UNKNOWN_AT_PLAN: ERROR\n');
    const blocked = await t.cli(['check', 'plan.json', '--analyzer', 'local']);
    expect(blocked.stdout).toContain('ERROR UNKNOWN_AT_PLAN');
    expect(blocked.code).toBe(1);
  });
});
