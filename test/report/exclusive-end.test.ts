// An Access Analyzer span whose exclusive end is at column 0 of the next line (the span takes its line's
// newline) ends on the line before: the annotation, the review comment's anchor and the SARIF region must not
// reach into the next line. Through the real SDK client against the fake service, then the three renderers.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAccessAnalyzer } from '../../src/analyze/access-analyzer';
import { createAccessAnalyzerClient } from '../../src/clients/aws';
import { silentLogger } from '../../src/core/logger';
import type { Finding } from '../../src/core/types';
import { toAnnotations } from '../../src/report/annotations';
import { planReview } from '../../src/report/review';
import { renderSarif } from '../../src/report/sarif';
import { type FakeAccessAnalyzer, startFakeAccessAnalyzer } from '../fakes/access-analyzer';
import { makeReport, target } from './sample-report';

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "iam:PassRole",
      "Resource": "*"
    }
  ]
}
`;
const FILE = 'iam/deploy.json';
const WHOLE_FILE = `@@ -0,0 +1,10 @@\n${POLICY.trimEnd()
  .split('\n')
  .map((l) => `+${l}`)
  .join('\n')}`;

/** Offset of (1-based line, 0-based column) in POLICY. */
function offsetOf(line: number, column: number): number {
  const lines = POLICY.split('\n');
  return lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column;
}
const at = (line: number, column: number) => ({ line, column, offset: offsetOf(line, column) });

let aa: FakeAccessAnalyzer;
beforeAll(async () => {
  aa = await startFakeAccessAnalyzer();
});
afterAll(async () => {
  await aa.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
  delete aa.options.findings;
});

/** The finding the gate makes of an Access Analyzer span from `start` to the exclusive `end`. */
async function findingFor(start: { line: number; column: number }, end: { line: number; column: number }) {
  aa.options.findings = () => [
    {
      findingType: 'SECURITY_WARNING',
      issueCode: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
      findingDetails:
        'Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive.',
      learnMoreLink:
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html',
      locations: [
        {
          path: [{ value: 'Statement' }],
          span: { start: at(start.line, start.column), end: at(end.line, end.column) },
        },
      ],
    },
  ];
  vi.stubEnv('AWS_ENDPOINT_URL_ACCESSANALYZER', aa.url);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFAKE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'fake-secret');
  vi.stubEnv('AWS_MAX_ATTEMPTS', '1');
  const client = createAccessAnalyzerClient('us-east-1', process.env);
  try {
    const analyzer = createAccessAnalyzer({ client, region: 'us-east-1', maxConcurrency: 1 });
    const [finding] = await analyzer.analyze([target(FILE, { document: POLICY })], silentLogger);
    return finding as Finding;
  } finally {
    client.destroy();
  }
}

function outputs(finding: Finding) {
  const report = makeReport({ targets: [target(FILE, { document: POLICY })], findings: [finding] });
  const [annotation] = toAnnotations(report);
  const [comment] = planReview(report, [{ filename: FILE, status: 'added', patch: WHOLE_FILE }], {
    headSha: 'a'.repeat(40),
    mode: 'all',
  }).comments;
  const region = renderSarif(report, { version: 'test' }).runs[0]?.results?.[0]?.locations?.[0]
    ?.physicalLocation?.region;
  return { annotation, comment, region };
}

describe('an exclusive end at column 0 of the next line', () => {
  it('on one line: annotation, review anchor and SARIF region stay on that line', async () => {
    // `"Resource": "*"` and its newline: line 7 column 6 to line 8 column 0.
    const finding = await findingFor({ line: 7, column: 6 }, { line: 8, column: 0 });
    expect(finding.location).toMatchObject({ startLine: 7, endLine: 7, startColumn: 7 });
    const { annotation, comment, region } = outputs(finding);

    expect(annotation).toMatchObject({ file: FILE, startLine: 7, endLine: 7, startColumn: 7 });
    expect(annotation?.endColumn ?? 7).toBeGreaterThanOrEqual(7);

    expect(comment).toMatchObject({ path: FILE, line: 7 });
    expect(comment?.start_line).toBeUndefined();

    expect(region).toMatchObject({ startLine: 7, endLine: 7, startColumn: 7 });
    expect(region?.endColumn ?? 8).toBeGreaterThan(7); // SARIF's endColumn is exclusive: never an empty region
  });

  it('over several lines: everything ends on the last line the span covers, not the next', async () => {
    // The statement's three members: line 5 column 6 to line 8 column 0.
    const finding = await findingFor({ line: 5, column: 6 }, { line: 8, column: 0 });
    expect(finding.location).toMatchObject({ startLine: 5, endLine: 7 });
    const { annotation, comment, region } = outputs(finding);
    expect(annotation).toMatchObject({ startLine: 5, endLine: 7 });
    expect(annotation?.startColumn).toBeUndefined(); // GitHub takes columns on one-line annotations only
    expect(comment).toMatchObject({ start_line: 5, line: 7 });
    expect(region).toMatchObject({ startLine: 5, endLine: 7 });
  });

  it('a non-zero end column keeps its line', async () => {
    const finding = await findingFor({ line: 7, column: 18 }, { line: 7, column: 21 });
    expect(finding.location).toMatchObject({ startLine: 7, endLine: 7, startColumn: 19, endColumn: 21 });
    expect(outputs(finding).region).toMatchObject({
      startLine: 7,
      endLine: 7,
      startColumn: 19,
      endColumn: 22,
    });
  });
});
