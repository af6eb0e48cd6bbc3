// 300,000 findings (far past the ~125,000 arguments a spread call can pass before the stack overflows) go
// through the whole run: Access Analyzer's answer over HTTP, the pipeline, the verdict and every report.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackends } from '../../src/analyze/select';
import { awsClientFactories } from '../../src/clients/aws';
import { readInputs } from '../../src/config/inputs';
import { resolveSettings } from '../../src/config/settings';
import { silentLogger } from '../../src/core/logger';
import type { GateReport } from '../../src/core/types';
import { pipelineOptionsFrom, runPipeline } from '../../src/pipeline';
import { toAnnotations } from '../../src/report/annotations';
import { renderComment } from '../../src/report/comment';
import { renderJsonReport } from '../../src/report/json';
import { renderSarif } from '../../src/report/sarif';
import { renderSummary } from '../../src/report/summary';
import { renderText } from '../../src/report/text';
import { type FakeAccessAnalyzer, startFakeAccessAnalyzer, type WireFinding } from '../fakes/access-analyzer';
import { useAwsEnv } from './support';

const COUNT = 300_000;
/** As the setup's: long enough for a loaded machine, far too short for a quadratic renderer. */
const RENDER_TIMEOUT_MS = 120_000;
const POLICY =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}\n';

let aa: FakeAccessAnalyzer;
let tmp: string;
let report: GateReport;

beforeAll(async () => {
  aa = await startFakeAccessAnalyzer();
});
useAwsEnv(() => ({ accessAnalyzer: aa.url }));

beforeAll(async () => {
  const findings: WireFinding[] = Array.from({ length: COUNT }, (_, i) => ({
    findingDetails: `finding ${i}`,
    findingType: i % 3 === 0 ? 'ERROR' : 'WARNING',
    issueCode: i % 3 === 0 ? 'INVALID_ACTION' : 'REDUNDANT_ACTION',
    learnMoreLink: '',
    locations: [],
  }));
  aa.options.findings = () => findings;
  tmp = mkdtempSync(join(tmpdir(), 'iam-gate-many-'));
  writeFileSync(join(tmp, 'policy.json'), POLICY);
  const settings = resolveSettings(
    readInputs(() => ''),
    {},
    { isPullRequest: false },
  );
  const backends = await selectBackends({
    mode: 'aws',
    maxConcurrency: 4,
    env: process.env,
    clients: awsClientFactories(process.env),
  });
  report = await runPipeline({
    ...pipelineOptionsFrom(settings),
    simulate: { deny: [], allow: [], denySeverity: 'WARNING' },
    workspace: tmp,
    policies: ['policy.json'],
    terraformPlans: [],
    backends,
    log: silentLogger,
  });
}, RENDER_TIMEOUT_MS);

afterAll(async () => {
  await aa?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe(`${COUNT} findings`, () => {
  it('are all reported and decide the verdict', () => {
    expect(report.findings).toHaveLength(COUNT);
    expect(report.verdict.result).toBe('fail');
    expect(report.verdict.counts.ERROR).toBe(COUNT / 3);
    expect(report.verdict.counts.WARNING).toBe((COUNT * 2) / 3);
    expect(report.verdict.blocking).toHaveLength(COUNT / 3);
  });

  // One test per report: each takes 1-8 s on 300,000 findings on a quiet machine, several times that on a
  // loaded one. What these tests guard does not depend on speed: a spread of 300,000 arguments overflows
  // the stack whatever the load, and a renderer quadratic in the findings would take hours. So the timeout
  // is the setup's hang guard (RENDER_TIMEOUT_MS), not a performance bound (those are in `npm run bench`).
  describe('render in every report', { timeout: RENDER_TIMEOUT_MS }, () => {
    const ctx = { marker: '<!-- iam-policy-gate -->' };
    it('JSON', () => {
      const json = renderJsonReport(report, { version: '1.0.0' });
      expect(JSON.parse(JSON.stringify(json)).findings).toHaveLength(COUNT);
    });
    it('SARIF', () => {
      expect(renderSarif(report, { version: '1.0.0' }).runs[0]?.results).toHaveLength(COUNT);
    });
    it('text', () => {
      expect(renderText(report, { color: false })).toContain('finding 299999');
    });
    it('the PR comment', () => {
      expect(renderComment(report, ctx).length).toBeLessThan(65_536);
    });
    it('the job summary', () => {
      expect(renderSummary(report, ctx)).toContain('INVALID_ACTION');
    });
    it('annotations', () => {
      expect(toAnnotations(report).length).toBeGreaterThan(0);
    });
  });
});
