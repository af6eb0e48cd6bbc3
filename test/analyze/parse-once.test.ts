// Offline, each policy document is parsed into a model once per run: the local analyzer builds it and hands
// it to the local simulation and the gate checks (issue 14: a 100 MiB plan held 16k documents, each parsed
// three times). buildModel is counted through the module the stages import; the findings are compared with
// the passes run on their own, each parsing for itself, so sharing the model changes nothing they find.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const built = vi.hoisted(() => new Map<string, number>());
vi.mock('../../src/core/policy/model', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/core/policy/model')>();
  return {
    ...original,
    buildModel: (text: string) => {
      built.set(text, (built.get(text) ?? 0) + 1);
      return original.buildModel(text);
    },
  };
});

import { selectBackends } from '../../src/analyze/select';
import { awsClientFactories } from '../../src/clients/aws';
import { readInputs } from '../../src/config/inputs';
import { parseRepoConfig } from '../../src/config/parse';
import { resolveSettings } from '../../src/config/settings';
import { silentLogger } from '../../src/core/logger';
import type { GateReport } from '../../src/core/types';
import { pipelineOptionsFrom, runPipeline } from '../../src/pipeline';

const ADMIN = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "Admin", "Effect": "Allow", "Action": "*", "Resource": "*" }
  ]
}
`;
const CLEANUP = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "Cleanup", "Effect": "Allow", "Action": "s3:DeleteBucket", "Resource": "*" }
  ]
}
`;
const BUCKET = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" }
  ]
}
`;

let workspace: string;
beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'iam-gate-parse-once-'));
  writeFileSync(join(workspace, 'admin.json'), ADMIN);
  writeFileSync(join(workspace, 'cleanup.json'), CLEANUP);
  writeFileSync(join(workspace, 'bucket.json'), BUCKET);
  cpSync(join(__dirname, '../fixtures/terraform/mixed'), join(workspace, 'tf'), { recursive: true });
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));
beforeEach(() => built.clear());

/** The default offline run on both sources, s3:DeleteBucket on the simulation's deny list as well. */
async function run(): Promise<GateReport> {
  const settings = resolveSettings(
    readInputs((name) => (name === 'terraform-plans' ? 'tf/plan.json' : '')),
    parseRepoConfig('simulate:\n  deny: [iam:PassRole, s3:DeleteBucket]\n', '.github/iam-policy-gate.yml'),
    { isPullRequest: false },
  );
  const backends = await selectBackends({
    mode: 'local',
    maxConcurrency: 1,
    env: {},
    clients: awsClientFactories({}),
  });
  return runPipeline({ ...pipelineOptionsFrom(settings), workspace, backends, log: silentLogger });
}

describe('offline, a policy is parsed once per run', () => {
  it('builds each target model once for the analyzer, the simulation and the gate checks', async () => {
    const report = await run();
    expect(report.targets.length).toBeGreaterThan(5);
    expect(report.targets.some((t) => t.policyType === 'IDENTITY_POLICY')).toBe(true);
    const gate = report.findings.filter((f) => f.analyzer === 'gate');
    const simulated = report.findings.filter((f) => f.code.startsWith('SIMULATE_'));
    // The passes that share the model did run: their findings are there.
    expect(gate.length).toBeGreaterThan(0);
    expect(simulated.length).toBeGreaterThan(0);
    // A document that several targets share is built once for each of them (the analyzer's pass).
    const targetsOf = new Map<string, string[]>();
    for (const t of report.targets) targetsOf.set(t.document, [...(targetsOf.get(t.document) ?? []), t.id]);
    for (const [document, ids] of targetsOf) {
      expect({ targets: ids, built: built.get(document) }).toEqual({ targets: ids, built: ids.length });
    }
  });
});
