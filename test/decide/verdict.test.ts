import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Finding, SEVERITIES, type Severity } from '../../src/core/types';
import { decide, sortFindings } from '../../src/decide/verdict';

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

describe('sortFindings', () => {
  // Files and codes in the order localeCompare gives them (case, accents, punctuation, digits).
  const files = [
    'b.json',
    'B.json',
    'a.json',
    'é.json',
    'e.json',
    'dir/a.json',
    'dir-a.json',
    'a10.json',
    'a9.json',
    '_x.json',
  ];
  const codes = [
    'UNKNOWN_TO_CATALOG',
    'INVALID_ACTION',
    'ANALYSIS_FAILED',
    'invalid_action',
    'SIMULATE_DENY_ALLOWED',
  ];
  const severities: Severity[] = ['SUGGESTION', 'WARNING', 'ERROR', 'SECURITY_WARNING'];
  const many = Array.from({ length: 400 }, (_, i) =>
    finding(severities[i % 4]!, {
      code: codes[(i * 7) % codes.length]!,
      target: files[(i * 3) % files.length]!,
      ...(i % 5 === 0
        ? {}
        : { location: { file: files[(i * 11) % files.length]!, startLine: (i * 13) % 9, endLine: 1 } }),
    }),
  );
  /** The order as it was written before: String#localeCompare on file and code. */
  const reference = (list: readonly Finding[]) => {
    const rank = (f: Finding) => SEVERITIES.indexOf(f.severity);
    return [...list].sort(
      (a, b) =>
        rank(a) - rank(b) ||
        (a.location?.file ?? a.target).localeCompare(b.location?.file ?? b.target) ||
        (a.location?.startLine ?? 0) - (b.location?.startLine ?? 0) ||
        a.code.localeCompare(b.code),
    );
  };

  afterEach(() => vi.restoreAllMocks());

  it("orders most severe first, then by file, line and code, in localeCompare's order", () => {
    const expected = reference(many);
    const localeCompare = vi.spyOn(String.prototype, 'localeCompare');
    expect(sortFindings(many)).toEqual(expected);
    // One collator for the whole sort, not one collation set up per comparison.
    expect(localeCompare).not.toHaveBeenCalled();
  });
});
