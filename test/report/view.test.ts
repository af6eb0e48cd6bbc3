// Which findings block, as every renderer sees it (src/report/view.ts): the verdict's own objects, their copies
// (a report read back from JSON), and no other finding, even one on the same policy with the same code.
import { describe, expect, it } from 'vitest';
import type { Finding, GateReport } from '../../src/core/types';
import { blockingTest, findingKey, groupFindings } from '../../src/report/view';
import { failReport, INVALID_ACTION, suppressedExistingReport } from './sample-report';

const copied = (report: GateReport): GateReport => JSON.parse(JSON.stringify(report)) as GateReport;

/** The reference: a finding blocks when its findingKey is a blocking finding's. */
function byKeys(report: GateReport): (f: Finding) => boolean {
  const keys = new Set(report.verdict.blocking.map(findingKey));
  return (f) => keys.has(findingKey(f));
}

describe('blockingTest', () => {
  it('knows the blocking findings by identity and by copy, and nothing else', () => {
    for (const report of [failReport(), suppressedExistingReport()]) {
      const reference = byKeys(report);
      for (const r of [report, copied(report)]) {
        const isBlocking = blockingTest(r);
        expect(r.findings.map(isBlocking)).toEqual(r.findings.map(reference));
      }
    }
    const report = failReport();
    const isBlocking = blockingTest(report);
    expect(isBlocking(INVALID_ACTION)).toBe(true);
    expect(isBlocking({ ...INVALID_ACTION })).toBe(true);
    expect(isBlocking({ ...INVALID_ACTION, message: 'another action is invalid' })).toBe(false);
    expect(isBlocking({ ...INVALID_ACTION, severity: 'WARNING' })).toBe(false);
    expect(isBlocking({ ...INVALID_ACTION, target: 'iam/other.json' })).toBe(false);
  });

  it('gives a copied report the same groups as the report', () => {
    for (const report of [failReport(), suppressedExistingReport()]) {
      expect(groupFindings(copied(report))).toEqual(groupFindings(report));
    }
  });
});
