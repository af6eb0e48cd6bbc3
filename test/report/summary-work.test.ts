// The job summary over its size limit renders again with fewer findings (src/report/summary.ts); each
// finding's list item is written once per summary, not once per attempt (src/report/finding-items.ts).
import { describe, expect, it } from 'vitest';
import type { Finding, GateReport } from '../../src/core/types';
import { renderSummary } from '../../src/report/summary';
import { CTX, manyFindingsReport } from './sample-report';

/** The report with every finding's message read through a counter (the verdict holds the same objects). */
function countingMessageReads(report: GateReport): { report: GateReport; reads: () => number } {
  let reads = 0;
  const counted = new Map<Finding, Finding>();
  const count = (f: Finding): Finding => {
    let c = counted.get(f);
    if (c === undefined) {
      const { message, ...rest } = f;
      c = Object.defineProperty({ ...rest } as Finding, 'message', {
        enumerable: true,
        get: () => {
          reads += 1;
          return message;
        },
      });
      counted.set(f, c);
    }
    return c;
  };
  const findings = report.findings.map(count);
  return {
    report: {
      ...report,
      findings,
      verdict: { ...report.verdict, blocking: report.verdict.blocking.map(count) },
    },
    reads: () => reads,
  };
}

describe('the job summary over its size limit', () => {
  it('writes each finding once, however many times it renders', () => {
    const { report, reads } = countingMessageReads(manyFindingsReport(600, 30));
    const whole = renderSummary(report, CTX);
    expect(whole).toContain('Finding 599');
    const once = reads();
    expect(once).toBeGreaterThanOrEqual(600);
    // Under a limit that only the shortest lists meet, the summary renders several times (files listed,
    // then not, then 2,000, 500, 100 findings per list ...): the items are written once (2,600 reads here,
    // 4,420 when each attempt writes its items again).
    const before = reads();
    const short = renderSummary(report, { ...CTX, maxChars: 40_000 });
    expect(short).toContain('left out to fit the summary');
    expect(reads() - before).toBeLessThan(2 * once);
  });
});
