// if-no-files-found through the pipeline: a terraform-plans pattern that matches nothing fails the check by
// default, with an ANALYSIS_FAILED finding that every report shows; warn and ignore, and policies' default.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backends, selectBackends } from '../../src/analyze/select';
import { awsClientFactories } from '../../src/clients/aws';
import { readInputs } from '../../src/config/inputs';
import { resolveSettings } from '../../src/config/settings';
import type { Logger } from '../../src/core/logger';
import { pipelineOptionsFrom, runPipeline } from '../../src/pipeline';
import { toAnnotations } from '../../src/report/annotations';
import { renderComment } from '../../src/report/comment';
import { renderJsonReport } from '../../src/report/json';
import { renderSarif } from '../../src/report/sarif';
import { renderSummary } from '../../src/report/summary';
import { renderText } from '../../src/report/text';

let ws: string;
let backends: Backends;
beforeAll(async () => {
  ws = mkdtempSync(path.join(tmpdir(), 'iam-gate-no-files-'));
  mkdirSync(path.join(ws, 'iam'));
  writeFileSync(
    path.join(ws, 'iam', 'ok.json'),
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}',
  );
  backends = await selectBackends({
    mode: 'local',
    maxConcurrency: 2,
    env: {},
    clients: awsClientFactories({}),
  });
});
afterAll(() => rmSync(ws, { recursive: true, force: true }));

async function gate(inputs: Record<string, string>) {
  const warnings: string[] = [];
  const log: Logger = {
    info: () => {},
    warning: (m) => warnings.push(m),
    debug: () => {},
    group: (_name, fn) => fn(),
  };
  const settings = resolveSettings(
    readInputs((name) => inputs[name] ?? ''),
    {},
    { isPullRequest: false },
  );
  const report = await runPipeline({ ...pipelineOptionsFrom(settings), workspace: ws, backends, log });
  return { report, warnings };
}

const MISSING_PLAN =
  'terraform-plans: no plan at infra/plan.json: did the plan step run? Write the plan with `terraform show -json tfplan > plan.json` before this step, or fix the pattern.';

describe('if-no-files-found', () => {
  it('fails the check by default when a terraform-plans pattern matches nothing, in every report', async () => {
    const { report } = await gate({ policies: 'iam/*.json', 'terraform-plans': 'infra/plan.json' });
    expect(report.verdict.result).toBe('fail');
    expect(report.findings).toEqual([
      {
        target: 'infra/plan.json',
        severity: 'ERROR',
        code: 'ANALYSIS_FAILED',
        message: expect.stringContaining(MISSING_PLAN),
        analyzer: 'gate',
        location: { file: 'infra/plan.json', startLine: 1, endLine: 1 },
      },
    ]);
    const ctx = { marker: '<!-- iam-policy-gate -->' };
    const escaped = 'no plan at infra/plan.json: did the plan step run?';
    expect(renderText(report, { color: false })).toContain(escaped);
    expect(renderComment(report, ctx)).toContain(escaped);
    expect(renderSummary(report, ctx)).toContain(escaped);
    expect(JSON.stringify(renderJsonReport(report, { version: '0' }))).toContain(escaped);
    expect(JSON.stringify(renderSarif(report, { version: '0' }))).toContain(escaped);
    expect(toAnnotations(report).map((a) => a.message)).toEqual([expect.stringContaining(escaped)]);
    // A glob says "matches"; the analysed policy is still analysed.
    const glob = await gate({ policies: 'iam/*.json', 'terraform-plans': 'tfplan/*.json' });
    expect(glob.report.findings[0]?.message).toContain('terraform-plans: no plan matches tfplan/*.json:');
    expect(glob.report.targets.map((t) => t.id)).toEqual(['iam/ok.json']);
  });

  it('warns (and passes) with warn, says nothing with ignore', async () => {
    const warn = await gate({ 'terraform-plans': 'infra/plan.json', 'if-no-files-found': 'warn' });
    expect(warn.report.verdict.result).toBe('pass');
    const text =
      'terraform-plans pattern infra/plan.json matched no file; did the plan step run? Write the plan with `terraform show -json tfplan > plan.json` before this step';
    expect(warn.warnings).toEqual([text]);
    expect(warn.report.notices).toContain(text);
    const ignore = await gate({ 'terraform-plans': 'infra/plan.json', 'if-no-files-found': 'ignore' });
    expect(ignore.report.verdict.result).toBe('pass');
    expect(ignore.warnings).toEqual([]);
    expect(ignore.report.findings).toEqual([]);
  });

  it('only warns about policies patterns by default; error makes them fail too', async () => {
    const byDefault = await gate({ policies: 'iam/*.json\nexamles/**/*.json' });
    expect(byDefault.report.verdict.result).toBe('pass');
    expect(byDefault.warnings).toEqual([
      'policies pattern examles/**/*.json matched no file; is the path right?',
    ]);
    const strict = await gate({ policies: 'iam/*.json\nexamles/**/*.json', 'if-no-files-found': 'error' });
    expect(strict.report.verdict.result).toBe('fail');
    expect(strict.report.findings.map((f) => [f.code, f.target])).toEqual([
      ['ANALYSIS_FAILED', 'examles/**/*.json'],
    ]);
  });
});
