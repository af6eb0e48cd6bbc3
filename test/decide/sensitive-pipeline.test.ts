// Terraform's sensitive values through the whole pipeline (local analyzer, in-process): a policy marked in
// `after_sensitive` is analysed, but none of its values reaches any report or log line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { planReview } from '../../src/report/review';
import { renderSarif } from '../../src/report/sarif';
import { renderSummary } from '../../src/report/summary';
import { renderText } from '../../src/report/text';
import { CANARIES, SENSITIVE_POLICY, sensitivePlan } from './sensitive-fixture';

function recordingLogger(lines: string[]): Logger {
  return {
    info: (m) => lines.push(m),
    warning: (m) => lines.push(m),
    debug: (m) => lines.push(m),
    group: (name, fn) => {
      lines.push(name);
      return fn();
    },
  };
}

let tmp: string;
let backends: Backends;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'iam-gate-sensitive-'));
  backends = await selectBackends({
    mode: 'local',
    maxConcurrency: 4,
    env: {},
    clients: awsClientFactories({}),
  });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(planText: string, log: Logger) {
  writeFileSync(join(tmp, 'plan.json'), planText);
  const settings = resolveSettings(
    readInputs(() => ''),
    { checks: { noNewAccess: true, accessNotGranted: { actions: ['iam:PassRole'] } } },
    { isPullRequest: false },
  );
  return runPipeline({
    ...pipelineOptionsFrom(settings),
    workspace: tmp,
    policies: [],
    terraformPlans: ['plan.json'],
    backends,
    log,
  });
}

describe('sensitive Terraform values', () => {
  it('are analysed, but no report and no log line names them', async () => {
    const lines: string[] = [];
    const report = await run(sensitivePlan(SENSITIVE_POLICY), recordingLogger(lines));
    // Analysed: both copies have findings (the unknown service, PassRole on "*", the misspelt operator).
    // The local analyzer reports a service prefix unknown to its catalogue (and no near-miss of a known
    // one) as UNKNOWN_TO_CATALOG: its message names the prefix, so it must be redacted too.
    const codes = new Set(report.findings.map((f) => f.code));
    expect(codes).toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE');
    for (const code of ['UNKNOWN_TO_CATALOG', 'UNIQUE_SIDS_REQUIRED', 'SIMULATE_DENY_ALLOWED'])
      expect(codes).toContain(code);
    expect(report.verdict.result).toBe('fail');
    expect(report.findings.find((f) => f.code === 'UNIQUE_SIDS_REQUIRED')?.message).toBe(
      'Sid "(sensitive)" is used by more than one statement.',
    );

    const ctx = { marker: '<!-- m -->', repoUrl: 'https://github.com/acme/infra', headSha: 'a'.repeat(40) };
    const files = report.targets.map((t) => ({
      filename: t.source.file,
      status: 'added',
      patch: `@@ -0,0 +1,40 @@\n${'+x\n'.repeat(40)}`,
    }));
    const outputs: Record<string, string> = {
      log: lines.join('\n'),
      text: renderText(report, { color: false }),
      json: JSON.stringify(renderJsonReport(report, { version: 't' })),
      sarif: JSON.stringify(renderSarif(report, { version: 't' })),
      comment: renderComment(report, ctx),
      summary: renderSummary(report, ctx),
      annotations: JSON.stringify(toAnnotations(report)),
      review: JSON.stringify(planReview(report, files, { headSha: 'a'.repeat(40), mode: 'all' }).comments),
    };
    for (const [name, text] of Object.entries(outputs)) {
      for (const canary of CANARIES)
        expect(text.toLowerCase(), `${name} names ${canary}`).not.toContain(canary.toLowerCase());
    }
  });

  it('are named as usual in a policy that is not marked sensitive', async () => {
    const report = await run(sensitivePlan(SENSITIVE_POLICY, false), recordingLogger([]));
    expect(renderText(report, { color: false })).toContain('canarysvc');
  });
});
