import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../../src/core/types';
import { decide } from '../../src/decide/verdict';

const finding = (severity: Severity, extra: Partial<Finding> = {}): Finding => ({
  target: 'a.json',
  severity,
  code: `CODE_${severity}`,
  message: 'm',
  analyzer: 'access-analyzer',
  ...extra,
});

describe('decide', () => {
  it('fails on an unsuppressed finding at a fail-on severity', () => {
    const v = decide([finding('SECURITY_WARNING'), finding('WARNING')], {
      failOn: ['ERROR', 'SECURITY_WARNING'],
    });
    expect(v.result).toBe('fail');
    expect(v.blocking.map((f) => f.severity)).toEqual(['SECURITY_WARNING']);
    expect(v.reasons).toEqual(['1 SECURITY_WARNING finding (fail-on)']);
  });

  it('lets a SECURITY_WARNING pass when fail-on is ERROR only', () => {
    const v = decide([finding('SECURITY_WARNING')], { failOn: ['ERROR'] });
    expect(v.result).toBe('pass');
    expect(v.counts.SECURITY_WARNING).toBe(1);
  });

  it('does not block on suppressed or existing findings, and counts them', () => {
    const v = decide(
      [
        finding('ERROR', { suppressed: { reason: 'legacy', rule: 'ignore[0]' } }),
        finding('ERROR', { isNew: false }),
      ],
      { failOn: ['ERROR'] },
    );
    expect(v.result).toBe('pass');
    expect(v.counts).toEqual({
      ERROR: 0,
      SECURITY_WARNING: 0,
      WARNING: 0,
      SUGGESTION: 0,
      suppressed: 1,
      existing: 1,
    });
  });

  it('fails when warnings exceed max-warnings, and not at the limit', () => {
    const three = [finding('WARNING'), finding('WARNING'), finding('WARNING')];
    expect(decide(three, { failOn: [], maxWarnings: 3 }).result).toBe('pass');
    const v = decide(three, { failOn: [], maxWarnings: 2 });
    expect(v.result).toBe('fail');
    expect(v.reasons).toEqual(['3 warnings exceed max-warnings 2']);
  });

  it('with new-only, counts only new warnings against max-warnings', () => {
    const existing = [finding('WARNING', { isNew: false }), finding('WARNING', { isNew: false })];
    expect(
      decide([...existing, finding('WARNING', { isNew: true })], { failOn: [], maxWarnings: 1 }).result,
    ).toBe('pass');
    const v = decide(
      [...existing, finding('WARNING', { isNew: true }), finding('WARNING', { isNew: true })],
      {
        failOn: [],
        maxWarnings: 1,
      },
    );
    expect(v.reasons).toEqual(['2 warnings exceed max-warnings 1']);
    expect(v.counts).toMatchObject({ WARNING: 2, existing: 2 });
  });
});
