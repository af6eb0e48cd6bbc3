// new-only through the whole pipeline for a Terraform plan: the baseline is the resource's `before` value in the
// plan itself, so it works without a base branch (a push, a laptop). Local analyzer, a plan written here.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backends, selectBackends } from '../../src/analyze/select';
import { awsClientFactories } from '../../src/clients/aws';
import { readInputs } from '../../src/config/inputs';
import { resolveSettings } from '../../src/config/settings';
import { silentLogger } from '../../src/core/logger';
import { pipelineOptionsFrom, runPipeline } from '../../src/pipeline';

const passRole = (sid: string) => ({ Sid: sid, Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' });
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

function plan(before: string | null, after: string, actions: string[]) {
  return JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.9.0',
    resource_changes: [
      {
        address: 'aws_iam_policy.deploy',
        mode: 'managed',
        type: 'aws_iam_policy',
        name: 'deploy',
        provider_name: 'registry.terraform.io/hashicorp/aws',
        change: {
          actions,
          before: before === null ? null : { name: 'deploy', policy: before },
          after: { name: 'deploy', policy: after },
          after_unknown: {},
        },
      },
    ],
  });
}

let tmp: string;
let backends: Backends;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'iam-gate-new-only-'));
  backends = await selectBackends({
    mode: 'local',
    maxConcurrency: 4,
    env: {},
    clients: awsClientFactories({}),
  });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(planText: string, newOnly: boolean, maxWarnings?: number) {
  writeFileSync(join(tmp, 'plan.json'), planText);
  const settings = resolveSettings(
    readInputs(() => ''),
    { newOnly, ...(maxWarnings !== undefined ? { maxWarnings } : {}) },
    { isPullRequest: false },
  );
  return runPipeline({
    ...pipelineOptionsFrom(settings),
    workspace: tmp,
    policies: [],
    terraformPlans: ['plan.json'],
    backends,
    log: silentLogger,
  });
}

describe('new-only on a Terraform plan', () => {
  const before = doc(passRole('Old'));
  const after = doc(passRole('Added'), passRole('Old'));

  it('judges an update against its before value: only the added statement blocks', async () => {
    const report = await run(plan(before, after, ['update']), true);
    const passRoles = report.findings.filter((f) => f.code === 'PASS_ROLE_WITH_STAR_IN_RESOURCE');
    expect(passRoles.map((f) => f.isNew).sort()).toEqual([false, true]);
    expect(report.verdict.blocking).toHaveLength(1);
    expect(report.verdict.counts.existing).toBeGreaterThanOrEqual(1);
  });

  it('treats every finding of a create as new, and blocks on both without new-only', async () => {
    const created = await run(plan(null, after, ['create']), true);
    expect(created.verdict.blocking.filter((f) => f.code === 'PASS_ROLE_WITH_STAR_IN_RESOURCE')).toHaveLength(
      2,
    );
    const plain = await run(plan(before, after, ['update']), false);
    expect(plain.verdict.blocking.filter((f) => f.code === 'PASS_ROLE_WITH_STAR_IN_RESOURCE')).toHaveLength(
      2,
    );
    expect(plain.findings.every((f) => f.isNew === undefined)).toBe(true);
  });

  // CREATE_SLR_WITH_STAR_IN_RESOURCE is a WARNING: one per statement.
  const createSlr = (sid: string) => ({
    Sid: sid,
    Effect: 'Allow',
    Action: 'iam:CreateServiceLinkedRole',
    Resource: '*',
  });
  const warningsOf = (report: Awaited<ReturnType<typeof run>>) =>
    report.findings.filter((f) => f.code === 'CREATE_SLR_WITH_STAR_IN_RESOURCE');

  it('counts only new warnings against max-warnings', async () => {
    const old = doc(createSlr('A'), createSlr('B'), createSlr('C'));
    const oneMore = doc(createSlr('A'), createSlr('B'), createSlr('C'), createSlr('New1'));
    const report = await run(plan(old, oneMore, ['update']), true, 1);
    expect(
      warningsOf(report)
        .map((f) => f.isNew)
        .sort(),
    ).toEqual([false, false, false, true]);
    expect(report.verdict.counts.WARNING).toBe(1);
    expect(report.verdict.result).toBe('pass');
    expect(report.verdict.reasons).toEqual([]);

    const twoMore = doc(createSlr('A'), createSlr('B'), createSlr('C'), createSlr('New1'), createSlr('New2'));
    const over = await run(plan(old, twoMore, ['update']), true, 1);
    expect(over.verdict.result).toBe('fail');
    expect(over.verdict.reasons).toEqual(['2 warnings exceed max-warnings 1']);

    // Without new-only the same change counts all four.
    const plain = await run(plan(old, oneMore, ['update']), false, 1);
    expect(plain.verdict.reasons).toEqual(['4 warnings exceed max-warnings 1']);
  });
});
