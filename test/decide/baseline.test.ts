import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/types';
import { markExisting } from '../../src/decide/baseline';

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

  it('a folded simulation finding is existing only when the base branch names all its actions', () => {
    const sim = (...actions: string[]) =>
      finding('SIMULATE_DENY_ALLOWED', 4, 'Statement[0]', {
        message: `${actions.length} actions`,
        simulated: actions.map((action) => ({ action })),
      });
    const base = [sim('iam:PassRole', 'iam:CreateAccessKey')];
    // Same statement path: an action added to it is new although the statement already had a finding.
    expect(markExisting([sim('iam:PassRole', 'iam:AttachRolePolicy')], base)[0]?.isNew).toBe(true);
    expect(markExisting([sim('iam:createaccesskey')], base)[0]?.isNew).toBe(false);
    expect(markExisting([sim('iam:PassRole', 'iam:CreateAccessKey')], base)[0]?.isNew).toBe(false);
  });

  it('marks everything new without a baseline and leaves the input unchanged', () => {
    const head = [finding('MISSING_VERSION', 1, undefined)];
    const marked = markExisting(head, []);
    expect(marked[0]?.isNew).toBe(true);
    expect(head[0]?.isNew).toBeUndefined();
  });
});

describe('markExisting with the documents', () => {
  const policy = (...statements: object[]) =>
    JSON.stringify({ Version: '2012-10-17', Statement: statements });
  const passRole = { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' };
  const wildcard = { Effect: 'Allow', Action: 's3:*', Resource: '*' };
  const docs = (current: string, baseline: string) => ({
    current: (id: string) => (id === 'policies/app.json' ? current : undefined),
    baseline: (id: string) => (id === 'policies/app.json' ? baseline : undefined),
  });

  it('recognises an old statement moved down by one inserted above it, and not the inserted one', () => {
    const base = [finding('PASS_ROLE_WITH_STAR_IN_RESOURCE', 4, 'Statement[0].Resource')];
    const head = [
      finding('PASS_ROLE_WITH_STAR_IN_RESOURCE', 4, 'Statement[0].Resource'),
      finding('PASS_ROLE_WITH_STAR_IN_RESOURCE', 9, 'Statement[1].Resource'),
    ];
    const withDocs = markExisting(
      head,
      base,
      docs(policy({ ...passRole, Sid: 'New' }, passRole), policy(passRole)),
    );
    expect(withDocs.map((f) => f.isNew)).toEqual([true, false]);
    // Without the documents only the path is known: the inserted statement takes the old one's place.
    expect(markExisting(head, base).map((f) => f.isNew)).toEqual([false, true]);
  });

  it('keeps a finding existing when its statement was edited in place', () => {
    const base = [finding('PASS_ROLE_WITH_STAR_IN_RESOURCE', 4, 'Statement[0].Resource')];
    const edited = { ...passRole, Action: ['iam:PassRole', 'iam:GetRole'] };
    const head = [finding('PASS_ROLE_WITH_STAR_IN_RESOURCE', 4, 'Statement[0].Resource')];
    expect(markExisting(head, base, docs(policy(edited), policy(passRole)))[0]?.isNew).toBe(false);
  });

  it('matches one to one, and never marks ANALYSIS_FAILED existing', () => {
    const base = [
      finding('REDUNDANT_ACTION', 3, 'Statement[0].Action[1]'),
      finding('ANALYSIS_FAILED', 1, undefined),
    ];
    const head = [
      finding('REDUNDANT_ACTION', 3, 'Statement[0].Action[1]'),
      finding('REDUNDANT_ACTION', 3, 'Statement[0].Action[1]'),
      finding('ANALYSIS_FAILED', 1, undefined),
    ];
    expect(markExisting(head, base, docs(policy(wildcard), policy(wildcard))).map((f) => f.isNew)).toEqual([
      false,
      true,
      true,
    ]);
  });
});
