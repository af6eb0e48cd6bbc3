// The fidelity measurement itself, on cases small enough to count by hand.
import { describe, expect, it } from 'vitest';
import type { CorpusCase } from '../../scripts/fidelity/corpus';
import { formatFidelity, type LocalRun, measureFidelity } from '../../scripts/fidelity/measure';
import type { Finding, Severity } from '../../src/core/types';

const aws = (findingType: string, issueCode: string) => ({ findingType, issueCode, findingDetails: '' });
const local = (severity: Severity, code: string): Finding => ({
  target: 't',
  severity,
  code,
  message: '',
  analyzer: 'local',
});

function runWith(byName: Record<string, Finding[]>): LocalRun {
  return { analyze: (c) => byName[c.name] ?? [], isAwsCode: (code) => code !== 'FULL_ADMIN_ACCESS' };
}

const cases: CorpusCase[] = [
  { name: 'agree', version: 'v1', document: '{}', findings: [aws('ERROR', 'INVALID_ACTION')] },
  {
    name: 'missed',
    version: 'v1',
    document: '{}',
    findings: [
      aws('SECURITY_WARNING', 'PASS_ROLE_WITH_STAR_IN_RESOURCE'),
      aws('SUGGESTION', 'REDUNDANT_ACTION'),
    ],
  },
  { name: 'false-block', version: 'v1', document: '{}', findings: [] },
  { name: 'own-code', version: 'v1', document: '{}', findings: [] },
];

describe('measureFidelity', () => {
  const figures = measureFidelity(
    cases,
    runWith({
      agree: [local('ERROR', 'INVALID_ACTION'), local('ERROR', 'INVALID_ACTION')],
      'false-block': [local('ERROR', 'MISSING_ARN_ACCOUNT')],
      'own-code': [local('ERROR', 'FULL_ADMIN_ACCESS')],
    }),
  );

  it('counts verdicts per policy, on Access Analyzer codes only', () => {
    expect(figures.policies).toBe(4);
    expect(figures.disagreements.map((d) => d.name)).toEqual(['missed', 'false-block']);
    expect(figures.verdictAgreement).toBe(0.5);
  });

  it('counts matches per policy and code, and false blocks per finding', () => {
    const byCode = Object.fromEntries(figures.codes.map((c) => [c.code, c]));
    expect(byCode.INVALID_ACTION).toMatchObject({ expected: 1, got: 2, missed: 0, false: 1 });
    expect(byCode.PASS_ROLE_WITH_STAR_IN_RESOURCE).toMatchObject({ expected: 1, got: 0, missed: 1 });
    expect(byCode.MISSING_ARN_ACCOUNT).toMatchObject({ expected: 0, got: 1, false: 1 });
    expect(byCode.FULL_ADMIN_ACCESS).toBeUndefined();
    // The second INVALID_ACTION is an extra of a code AWS raised there: not a false block of the verdict.
    expect(figures.falseBlocks).toBe(1);
  });

  it('computes recall overall and per severity', () => {
    expect(figures.recall).toBeCloseTo(1 / 3);
    expect(figures.recallBySeverity.ERROR).toEqual({ expected: 1, matched: 1, recall: 1 });
    expect(figures.recallBySeverity.SUGGESTION).toEqual({ expected: 1, matched: 0, recall: 0 });
  });

  it('prints the table and the policies that differ', () => {
    const text = formatFidelity(figures);
    expect(text).toContain('verdict agreement: 50.0% (2 policies differ)');
    expect(text).toMatch(/INVALID_ACTION\s+ERROR\s+1\s+2\s+0\s+1/);
    expect(text).toContain('  false-block\n    AWS:   (none)\n    local: ERROR MISSING_ARN_ACCOUNT');
  });
});
