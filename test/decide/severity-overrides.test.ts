import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/types';
import { applySeverityOverrides } from '../../src/decide/severity-overrides';

const finding = (code: string, severity: Finding['severity']): Finding => ({
  target: 'iam/a.json',
  severity,
  code,
  message: 'Something.',
  analyzer: 'access-analyzer',
});

describe('applySeverityOverrides', () => {
  it('raises and lowers by code, keeping the original severity in the message', () => {
    const findings = [
      finding('REDUNDANT_ACTION', 'SUGGESTION'),
      finding('MISSING_VERSION', 'WARNING'),
      finding('PASS_ROLE_WITH_STAR_IN_RESOURCE', 'SECURITY_WARNING'),
    ];
    const out = applySeverityOverrides(findings, {
      REDUNDANT_ACTION: 'ERROR',
      MISSING_VERSION: 'SUGGESTION',
    });
    expect(out.map((f) => [f.code, f.severity, f.message])).toEqual([
      ['REDUNDANT_ACTION', 'ERROR', 'Something. (severity raised from SUGGESTION by severity-overrides)'],
      ['MISSING_VERSION', 'SUGGESTION', 'Something. (severity lowered from WARNING by severity-overrides)'],
      ['PASS_ROLE_WITH_STAR_IN_RESOURCE', 'SECURITY_WARNING', 'Something.'],
    ]);
    expect(out[2]).toBe(findings[2]);
    expect(findings[0]?.severity).toBe('SUGGESTION'); // inputs are not mutated
  });

  it('leaves a finding alone when the override is its own severity, and ignores inherited keys', () => {
    const f = finding('MISSING_VERSION', 'WARNING');
    expect(applySeverityOverrides([f], { MISSING_VERSION: 'WARNING' })[0]).toBe(f);
    expect(applySeverityOverrides([finding('toString', 'WARNING')], {})[0]?.severity).toBe('WARNING');
  });
});
