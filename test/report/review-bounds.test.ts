// Planning a review stays near-linear on hostile input: many findings on a long diff, and a file whose every
// statement has an empty Sid (each suggestion costs a parse of the whole document).
import { describe, expect, it, vi } from 'vitest';
import type { Finding } from '../../src/core/types';
import { planReview } from '../../src/report/review';
import { MAX_SUGGESTIONS } from '../../src/report/suggestion';
import { addedFilePatch } from '../fixtures/added-file-patch';
import { growth, NEAR_LINEAR_RATIO } from '../near-linear';
import { CTX, makeReport, target } from './sample-report';

const FILE = 'iam/big.json';

function finding(code: string, line: number): Finding {
  return {
    target: FILE,
    severity: 'ERROR',
    code,
    message: `finding ${line}`,
    analyzer: 'local',
    location: { file: FILE, startLine: line, endLine: line },
  };
}

/** n findings, one on each line of an n-line file the pull request adds. */
function longDiff(n: number) {
  const text = Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n');
  const findings = Array.from({ length: n }, (_, i) => finding('X', i + 1));
  const report = makeReport({ targets: [target(FILE, { document: text })], findings });
  const files = [{ filename: FILE, status: 'added' as const, patch: addedFilePatch(text) }];
  return { report, files };
}

describe('planReview on hostile input', () => {
  it('anchors 60,000 findings on a 60,000-line diff without walking the diff for each', () => {
    // 4x the findings on a 4x longer diff costs about 4x, where walking the diff per finding costs 16x.
    const { small, large, ratio } = growth(15_000, longDiff, ({ report, files }) =>
      planReview(report, files, { headSha: CTX.headSha, mode: 'all' }),
    );
    expect(small.comments).toHaveLength(15_000);
    expect(large.comments).toHaveLength(60_000);
    expect(ratio).toBeLessThan(NEAR_LINEAR_RATIO);
  });

  it(`checks at most ${MAX_SUGGESTIONS} suggestions: 10,000 empty Sids cost 100 parses, not 10,000`, () => {
    const n = 10_000;
    const statements = Array.from(
      { length: n },
      (_, i) =>
        `    {\n      "Sid": "",\n      "Effect": "Allow",\n      "Action": "s3:GetObject${i}",\n      "Resource": "*"\n    }`,
    );
    const text = `{\n  "Version": "2012-10-17",\n  "Statement": [\n${statements.join(',\n')}\n  ]\n}\n`;
    // Statement i's Sid is on line 5 + 6i.
    const findings = Array.from({ length: n }, (_, i) => finding('EMPTY_SID_VALUE', 5 + 6 * i));
    const report = makeReport({
      targets: [target(FILE, { document: text })],
      findings,
      files: [{ file: FILE, kind: 'policy' }],
    });
    const files = [{ filename: FILE, status: 'added' as const, patch: addedFilePatch(text) }];
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const value = planReview(report, files, { headSha: CTX.headSha, mode: 'all' });
      expect(value.comments).toHaveLength(n);
      const withSuggestion = value.comments.filter((c) => c.body.includes('```suggestion'));
      expect(withSuggestion).toHaveLength(MAX_SUGGESTIONS);
      // Each candidate fix costs a parse of the whole document: at most MAX_SUGGESTIONS of them, not n.
      expect(parse.mock.calls.length).toBeLessThanOrEqual(2 * MAX_SUGGESTIONS);
    } finally {
      parse.mockRestore();
    }
  });
});
