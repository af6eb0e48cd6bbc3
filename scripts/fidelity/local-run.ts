// The local analyzer as the fidelity measurement runs it: each corpus document as the IDENTITY_POLICY it was
// sent to ValidatePolicy as, with the codes that mirror Access Analyzer's.
import { analyzeLocally, LOCAL_CHECKS } from '../../src/analyze/local';
import type { CorpusCase } from './corpus';
import type { LocalRun } from './measure';

const AWS_CODES = new Set(LOCAL_CHECKS.filter((c) => c.mirrors !== null).map((c) => c.code));

export const localAnalyzerRun: LocalRun = {
  analyze: (c: CorpusCase) =>
    analyzeLocally({
      id: c.name,
      source: { file: c.name },
      document: c.document,
      policyType: 'IDENTITY_POLICY',
    }),
  // A code the local analyzer does not list as its own is Access Analyzer's (none should exist, but a new
  // one must count rather than hide).
  isAwsCode: (code: string) => AWS_CODES.has(code) || !LOCAL_CHECKS.some((c) => c.code === code),
};
