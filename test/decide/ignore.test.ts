import { describe, expect, it } from 'vitest';
import type { Finding, IgnoreRule, PolicyTarget } from '../../src/core/types';
import { applyIgnores, wildcard } from '../../src/decide/ignore';

const NOW = new Date('2026-06-15T12:00:00Z');

const targets: PolicyTarget[] = [
  { id: 'legacy/a.json', source: { file: 'legacy/a.json' }, document: '{}', policyType: 'IDENTITY_POLICY' },
  {
    id: 'plan.json#module.app.aws_iam_policy.reader["a.b"]#policy',
    source: { file: 'plan.json', address: 'module.app.aws_iam_policy.reader["a.b"]', attribute: 'policy' },
    document: '{}',
    policyType: 'IDENTITY_POLICY',
  },
];

const finding = (target: string, code: string, extra: Partial<Finding> = {}): Finding => ({
  target,
  severity: 'WARNING',
  code,
  message: 'm',
  analyzer: 'access-analyzer',
  ...extra,
});

const legacy = finding('legacy/a.json', 'MISSING_VERSION', {
  location: { file: 'legacy/a.json', startLine: 1, endLine: 1 },
});
const planFinding = finding(targets[1]?.id ?? '', 'PASS_ROLE_WITH_STAR_IN_RESOURCE', {
  severity: 'SECURITY_WARNING',
  location: { file: 'modules/app/main.tf', startLine: 21, endLine: 24 },
});

describe('applyIgnores', () => {
  it('suppresses matching findings with the reason and rule, keeping them', () => {
    const rules: IgnoreRule[] = [{ code: 'MISSING_VERSION', path: 'legacy/**', reason: 'migrating in Q1' }];
    const result = applyIgnores([legacy, planFinding], rules, targets, NOW);
    expect(result.findings).toHaveLength(2);
    expect(result.findings[0]?.suppressed).toEqual({ reason: 'migrating in Q1', rule: 'ignore[0]' });
    expect(result.findings[1]?.suppressed).toBeUndefined();
    expect(legacy.suppressed).toBeUndefined(); // inputs are not mutated
    expect(result).toMatchObject({ notices: [], unused: [] });
  });

  it("matches path on the finding's file or its policy's source file, and address by wildcard", () => {
    const byTf: IgnoreRule[] = [{ path: 'modules/app/**', reason: 'r' }];
    expect(applyIgnores([planFinding], byTf, targets, NOW).findings[0]?.suppressed?.rule).toBe('ignore[0]');
    const byPlan: IgnoreRule[] = [{ path: 'plan.json', reason: 'r' }];
    expect(applyIgnores([planFinding], byPlan, targets, NOW).findings[0]?.suppressed).toBeDefined();
    const byAddress: IgnoreRule[] = [{ address: 'module.app.*', code: 'PASS_ROLE_*', reason: 'r' }];
    expect(applyIgnores([planFinding], byAddress, targets, NOW).findings[0]?.suppressed).toBeDefined();
    const exact: IgnoreRule[] = [{ address: 'module.app.aws_iam_policy.reader["a.b"]', reason: 'r' }];
    expect(applyIgnores([planFinding], exact, targets, NOW).findings[0]?.suppressed).toBeDefined();
    // An address rule never matches a policy without an address (a JSON file).
    expect(
      applyIgnores([legacy], [{ address: '*', reason: 'r' }], targets, NOW).findings[0]?.suppressed,
    ).toBe(undefined);
  });

  it('needs every given matcher to match', () => {
    const rules: IgnoreRule[] = [{ code: 'MISSING_VERSION', path: 'other/**', reason: 'r' }];
    const result = applyIgnores([legacy], rules, targets, NOW);
    expect(result.findings[0]?.suppressed).toBeUndefined();
    expect(result.unused).toEqual(['ignore[0] (code MISSING_VERSION, path other/**) matched no finding.']);
  });

  it('uses the first matching rule and leaves already suppressed findings alone', () => {
    const rules: IgnoreRule[] = [
      { code: 'OTHER', reason: 'a' },
      { code: 'MISSING_*', reason: 'b' },
      { path: '**', reason: 'c' },
    ];
    const pre = { ...planFinding, suppressed: { reason: 'baseline', rule: 'other' } };
    const result = applyIgnores([legacy, pre], rules, targets, NOW);
    expect(result.findings[0]?.suppressed).toEqual({ reason: 'b', rule: 'ignore[1]' });
    expect(result.findings[1]?.suppressed).toEqual({ reason: 'baseline', rule: 'other' });
    expect(result.unused).toEqual([
      'ignore[0] (code OTHER) matched no finding.',
      'ignore[2] (path **) matched no finding.',
    ]);
  });

  it('applies a rule through its expiry day and reports it once expired', () => {
    const rules: IgnoreRule[] = [{ code: 'MISSING_VERSION', reason: 'migrating', expires: '2026-06-15' }];
    expect(applyIgnores([legacy], rules, targets, NOW).findings[0]?.suppressed).toBeDefined();
    const later = applyIgnores([legacy], rules, targets, new Date('2026-06-16T00:00:01Z'));
    expect(later.findings[0]?.suppressed).toBeUndefined();
    expect(later.notices).toEqual([
      'ignore[0] (code MISSING_VERSION) expired on 2026-06-15 and no longer suppresses findings; it would match 1 finding, now reported. Fix the findings, or extend or remove the rule (reason was: migrating).',
    ]);
    expect(later.unused).toEqual([]);
    const none = applyIgnores([], rules, targets, new Date('2027-01-01'));
    expect(none.notices[0]).toContain('it matches no current finding');
  });

  it('falls back to the finding target as its file when no policy target is known', () => {
    const unreadable = finding('broken/x.json', 'ANALYSIS_FAILED', { severity: 'ERROR' });
    const result = applyIgnores([unreadable], [{ path: 'broken/**', reason: 'r' }], [], NOW);
    expect(result.findings[0]?.suppressed).toBeDefined();
  });
});

describe('wildcard', () => {
  it('treats * and ? as wildcards and everything else literally', () => {
    expect(wildcard('module.*')('module.a["x.y"]')).toBe(true);
    expect(wildcard('a?c')('abc')).toBe(true);
    expect(wildcard('a.c')('abc')).toBe(false);
    expect(wildcard('x[0]')('x[0]')).toBe(true);
    expect(wildcard('MISSING_VERSION')('MISSING_VERSION_2')).toBe(false);
  });
});
