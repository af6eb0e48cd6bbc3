import { describe, expect, it } from 'vitest';
import { markExisting } from '../../src/decide/baseline';
import type { Finding } from '../../src/types';

const finding = (
  code: string,
  line: number,
  path: string | undefined,
  extra: Partial<Finding> = {},
): Finding => ({
  target: 'policies/app.json',
  severity: 'WARNING',
  code,
  message: `${code} here`,
  analyzer: 'access-analyzer',
  location: { file: 'policies/app.json', startLine: line, endLine: line, ...(path ? { path } : {}) },
  ...extra,
});

describe('markExisting', () => {
  it('marks only the finding of a statement added in the PR as new (DESIGN scenario)', () => {
    const base = [
      finding('REDUNDANT_ACTION', 5, 'Statement[0].Action[1]'),
      finding('MISSING_VERSION', 1, undefined),
    ];
    // A statement added above moves the old findings down; the new one has a new path.
    const head = [
      finding('PASS_ROLE_WITH_STAR_IN_RESOURCE', 5, 'Statement[0].Resource'),
      finding('REDUNDANT_ACTION', 11, 'Statement[0].Action[1]'),
      finding('MISSING_VERSION', 1, undefined),
    ];
    const marked = markExisting(head, base);
    expect(marked.map((f) => [f.code, f.isNew])).toEqual([
      ['PASS_ROLE_WITH_STAR_IN_RESOURCE', true],
      ['REDUNDANT_ACTION', false],
      ['MISSING_VERSION', false],
    ]);
  });

  it('ignores line numbers but not the path, code or target', () => {
    const base = [finding('REDUNDANT_ACTION', 3, 'Statement[0].Action[1]')];
    const marked = markExisting(
      [
        finding('REDUNDANT_ACTION', 40, 'Statement[0].Action[1]'),
        finding('REDUNDANT_ACTION', 3, 'Statement[1].Action[1]'),
        finding('INVALID_ACTION', 3, 'Statement[0].Action[1]'),
        finding('REDUNDANT_ACTION', 3, 'Statement[0].Action[1]', { target: 'policies/other.json' }),
      ],
      base,
    );
    expect(marked.map((f) => f.isNew)).toEqual([false, true, true, true]);
  });

  it('compares messages when there is no path', () => {
    const base = [finding('SIMULATE_DENY_ALLOWED', 1, undefined, { message: 'iam:PassRole is allowed' })];
    const marked = markExisting(
      [
        finding('SIMULATE_DENY_ALLOWED', 9, undefined, { message: 'iam:PassRole is allowed' }),
        finding('SIMULATE_DENY_ALLOWED', 9, undefined, { message: 'iam:CreateUser is allowed' }),
      ],
      base,
    );
    expect(marked.map((f) => f.isNew)).toEqual([false, true]);
  });

  it('marks everything new without a baseline and leaves the input unchanged', () => {
    const head = [finding('MISSING_VERSION', 1, undefined)];
    const marked = markExisting(head, []);
    expect(marked[0]?.isNew).toBe(true);
    expect(head[0]?.isNew).toBeUndefined();
  });
});
