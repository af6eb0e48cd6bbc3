// Once its targets are out, nothing of the run keeps a Terraform plan's text or parsed value (issue 14: a
// 100 MiB plan's text and value stayed alive through the analysis, beside all it allocates). Discovery's
// record of the plan (its text and value) is watched through a WeakRef; when the analysis starts, after a
// full collection, it must be gone, with new-only too (test/decide/new-only-pipeline.test.ts shows the
// plan's `before` values still give the baselines).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const watched = vi.hoisted(() => ({ plans: [] as WeakRef<object>[] }));
vi.mock('../../src/discover', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/discover')>();
  return {
    ...original,
    discoverFiles: async (...args: Parameters<typeof original.discoverFiles>) => {
      const found = await original.discoverFiles(...args);
      for (const plan of found.byKind['terraform-plan'] ?? []) watched.plans.push(new WeakRef(plan));
      return found;
    },
  };
});

import type { Analyzer } from '../../src/analyze/analyzer';
import { selectBackends } from '../../src/analyze/select';
import { awsClientFactories } from '../../src/clients/aws';
import { readInputs } from '../../src/config/inputs';
import { parseRepoConfig } from '../../src/config/parse';
import { resolveSettings } from '../../src/config/settings';
import { silentLogger } from '../../src/core/logger';
import { pipelineOptionsFrom, runPipeline } from '../../src/pipeline';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let workspace: string;
beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'iam-gate-plan-released-'));
  cpSync(join(__dirname, '../fixtures/terraform/mixed'), join(workspace, 'tf'), { recursive: true });
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

/** Runs the offline pipeline on the plan; `whenAnalysing` runs as the analyzer starts. */
async function run(config: string, whenAnalysing: () => void) {
  watched.plans.length = 0;
  const settings = resolveSettings(
    readInputs((name) => (name === 'terraform-plans' ? 'tf/plan.json' : '')),
    parseRepoConfig(config, '.github/iam-policy-gate.yml'),
    { isPullRequest: false },
  );
  const backends = await selectBackends({
    mode: 'local',
    maxConcurrency: 1,
    env: {},
    clients: awsClientFactories({}),
  });
  const local = backends.analyzer;
  const analyzer: Analyzer = {
    info: local.info,
    analyze: async (targets, log, onModel) => {
      // A macrotask first: the WeakRefs created in earlier jobs no longer hold their targets.
      await new Promise((resolve) => setTimeout(resolve, 0));
      whenAnalysing();
      return local.analyze(targets, log, onModel);
    },
  };
  return runPipeline({
    ...pipelineOptionsFrom(settings),
    workspace,
    backends: { ...backends, analyzer },
    log: silentLogger,
  });
}

describe('a plan after extraction', () => {
  it.each([
    ['default settings', ''],
    ['new-only', 'new-only: true\n'],
  ])('is not kept through the analysis (%s)', async (_name, config) => {
    let alive: number | undefined;
    const report = await run(config, () => {
      gc();
      alive = watched.plans.filter((w) => w.deref() !== undefined).length;
    });
    expect(watched.plans).toHaveLength(1);
    expect(report.targets.length).toBeGreaterThan(5);
    expect(alive).toBe(0);
  });
});
