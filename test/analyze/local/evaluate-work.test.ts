// Issue 14 (the full offline run on a 100 MiB plan): evaluating dozens of actions against one policy (the
// simulate lists, the escalation sets) decides once per statement what its Action patterns are and where
// the statement is, not once per action. The evaluations are unchanged (evaluate.test.ts).
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ matchesWildcard: 0, lineColumnAt: 0 }));
vi.mock('../../../src/core/policy/wildcard', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/core/policy/wildcard')>();
  return {
    ...original,
    matchesWildcard: (...args: Parameters<typeof original.matchesWildcard>) => {
      calls.matchesWildcard += 1;
      return original.matchesWildcard(...args);
    },
  };
});
vi.mock('../../../src/core/json-position', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/core/json-position')>();
  return {
    ...original,
    lineColumnAt: (...args: Parameters<typeof original.lineColumnAt>) => {
      calls.lineColumnAt += 1;
      return original.lineColumnAt(...args);
    },
  };
});

import { evaluateActions, expandActions } from '../../../src/core/policy/evaluate';

const POLICY = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Iam', Effect: 'Allow', Action: ['iam:*', 's3:GetObject'], Resource: '*' },
      { Sid: 'NoUsers', Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' },
    ],
  },
  null,
  2,
);

beforeEach(() => {
  calls.matchesWildcard = 0;
  calls.lineColumnAt = 0;
});

describe('evaluating many actions against one policy', () => {
  it('compiles each Action pattern and locates each statement once', () => {
    const actions = expandActions(['iam:Create*']);
    expect(actions.length).toBeGreaterThan(10);
    const evaluations = evaluateActions(POLICY, actions);
    // Every iam:Create* action is allowed by the first statement, but iam:CreateUser is denied by the second.
    expect(evaluations.filter((e) => e.decision === 'allowed')).toHaveLength(actions.length - 1);
    expect(evaluations.find((e) => e.action === 'iam:CreateUser')).toMatchObject({
      decision: 'explicitDeny',
      statement: { index: 1, sid: 'NoUsers', location: { startLine: 13, endLine: 18, path: 'Statement[1]' } },
    });
    expect(evaluations.find((e) => e.action === 'iam:CreateRole')).toMatchObject({
      decision: 'allowed',
      conditional: false,
      statement: { index: 0, sid: 'Iam', location: { startLine: 4, endLine: 12, path: 'Statement[0]' } },
    });
    // Before: a wildcard match per pattern per action, and two positions per action decided.
    expect(calls.matchesWildcard).toBe(0);
    expect(calls.lineColumnAt).toBe(4);
  });
});
