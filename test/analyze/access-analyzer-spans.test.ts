// Access Analyzer's spans are not trusted as given: through the real SDK client against the fake, a span
// with a negative, fractional or huge line, or past the document, becomes a location inside the file, and
// the SARIF log, annotations and review comments built from it stay valid.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAccessAnalyzer } from '../../src/analyze/access-analyzer';
import { statementLocation } from '../../src/analyze/simulate-findings';
import { createAccessAnalyzerClient } from '../../src/clients/aws';
import { silentLogger } from '../../src/core/logger';
import type { Finding, FindingLocation } from '../../src/core/types';
import { toAnnotations } from '../../src/report/annotations';
import { renderSarif } from '../../src/report/sarif';
import {
  type FakeAccessAnalyzer,
  startFakeAccessAnalyzer,
  type WireFinding,
  type WirePosition,
} from '../fakes/access-analyzer';
import { makeReport } from '../report/sample-report';
import { expectValid } from '../report/sarif-schema';
import { target } from './support';

// 5 lines; the longest is 22 characters.
const DOC = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]
}`;
const LINES = DOC.split('\n').map((l) => l.length);

type Span = { start: WirePosition; end: WirePosition };
const at = (line: number, column: number, offset = 0): WirePosition => ({ line, column, offset });
const SPANS: Record<string, Span> = {
  negative: { start: at(-5, 2), end: at(-5, 8) },
  fractional: { start: at(1.5, 2), end: at(2, 8) },
  huge: { start: at(1e9, 1e9, 1e9), end: at(1e9 + 1, 1e9, 1e9) },
  pastEnd: { start: at(4, 400), end: at(9, 3) },
  backwards: { start: at(3, 5), end: at(2, 1) },
  negativeColumn: { start: at(2, -3), end: at(2, -1) },
  fine: { start: at(2, 2, 4), end: at(2, 11, 13) },
};

let aa: FakeAccessAnalyzer;
beforeAll(async () => {
  aa = await startFakeAccessAnalyzer({
    findings: () =>
      Object.entries(SPANS).map(
        ([name, span]): WireFinding => ({
          findingType: 'ERROR',
          issueCode: 'INVALID_ACTION',
          findingDetails: name,
          learnMoreLink:
            'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html',
          locations: [{ path: [{ value: 'Statement' }], span }],
        }),
      ),
  });
  vi.stubEnv('AWS_ENDPOINT_URL_ACCESSANALYZER', aa.url);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFAKE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'fake-secret');
  vi.stubEnv('AWS_MAX_ATTEMPTS', '1');
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await aa.close();
});

function expectInside(loc: FindingLocation | undefined, name: string): void {
  expect(loc, name).toBeDefined();
  const { startLine, endLine, startColumn, endColumn } = loc as FindingLocation;
  for (const n of [startLine, endLine, startColumn ?? 1, endColumn ?? 1])
    expect(Number.isInteger(n), name).toBe(true);
  expect(startLine, name).toBeGreaterThanOrEqual(1);
  expect(endLine, name).toBeGreaterThanOrEqual(startLine);
  expect(endLine, name).toBeLessThanOrEqual(LINES.length);
  if (startColumn !== undefined) {
    expect(startColumn, name).toBeGreaterThanOrEqual(1);
    expect(startColumn, name).toBeLessThanOrEqual((LINES[startLine - 1] ?? 0) + 1);
  }
  if (endColumn !== undefined) {
    expect(endColumn, name).toBeGreaterThanOrEqual(1);
    expect(endColumn, name).toBeLessThanOrEqual((LINES[endLine - 1] ?? 0) + 1);
    if (endLine === startLine) expect(endColumn, name).toBeGreaterThanOrEqual(startColumn ?? 1);
  }
}

describe('Access Analyzer spans', () => {
  it('are validated and clamped into the document; reports built on them stay valid', async () => {
    const client = createAccessAnalyzerClient('us-east-1', process.env);
    const policy = target('iam/p.json', DOC);
    const findings = await createAccessAnalyzer({ client, region: 'us-east-1', maxConcurrency: 1 }).analyze(
      [policy],
      silentLogger,
    );
    expect(findings.map((f) => f.message).sort()).toEqual(Object.keys(SPANS).sort());
    for (const f of findings) expectInside(f.location, f.message);
    const byName = new Map(findings.map((f) => [f.message, f.location]));
    // A span in the document is kept as it is (1-based columns, inclusive end).
    expect(byName.get('fine')).toMatchObject({ startLine: 2, endLine: 2, startColumn: 3, endColumn: 11 });
    // Unreadable spans point at the policy (line 1) with their path; one past the end at the last line.
    expect(byName.get('negative')).toMatchObject({ startLine: 1, endLine: 1, path: 'Statement' });
    expect(byName.get('fractional')).toMatchObject({ startLine: 1, endLine: 1 });
    expect(byName.get('huge')).toMatchObject({ startLine: 5, endLine: 5 });

    const report = makeReport({ targets: [policy], findings });
    expectValid(renderSarif(report, { version: '1.0.0' }));
    for (const a of toAnnotations(report, { maxPerLevel: 50 })) {
      expect(Number.isInteger(a.startLine) && a.startLine >= 1 && a.startLine <= LINES.length).toBe(true);
      expect(a.endLine).toBeLessThanOrEqual(LINES.length);
    }
  });
});

describe('locations from elsewhere', () => {
  it('IAM positions past the document or not whole numbers stay inside it', () => {
    const policy = target('iam/p.json', DOC);
    expectInside(statementLocation(policy, { Line: 4, Column: 5 }, { Line: 1e9, Column: 1e9 }), 'huge');
    expect(statementLocation(policy, { Line: 2.5, Column: 1 }, undefined)).toMatchObject({
      startLine: 1,
      endLine: 1,
    });
    expectInside(statementLocation(policy, { Line: -3, Column: -8 }, { Line: -1, Column: 0 }), 'negative');
  });

  it('a location that is still broken when rendered leaves SARIF valid (defence in depth)', () => {
    const policy = target('iam/p.json', DOC);
    const finding: Finding = {
      target: policy.id,
      severity: 'ERROR',
      code: 'INVALID_ACTION',
      message: 'broken',
      analyzer: 'access-analyzer',
      location: { file: policy.id, startLine: -5, endLine: 1.5, startColumn: Number.NaN, endColumn: 1e300 },
    };
    const report = makeReport({ targets: [policy], findings: [finding] });
    expectValid(renderSarif(report, { version: '1.0.0' }));
    expect(toAnnotations(report)[0]).toMatchObject({ startLine: 1, endLine: 1 });
  });
});
