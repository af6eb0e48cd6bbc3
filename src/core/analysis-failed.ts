import type { Finding, PolicyTarget } from './types';

/** A policy that could not be analysed fails closed (docs/architecture.md section 2): an ERROR naming why. */
export function analysisFailed(target: PolicyTarget, reason: string): Finding {
  const line = target.source.line ?? 1;
  return {
    target: target.id,
    severity: 'ERROR',
    code: 'ANALYSIS_FAILED',
    message: `This policy could not be analysed, so the gate fails closed: ${reason}`,
    analyzer: 'gate',
    location: { file: target.source.file, startLine: line, endLine: line },
  };
}
