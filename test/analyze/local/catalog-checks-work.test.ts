// Issue 14 (the full offline run on a 100 MiB plan): the catalogue checks do per policy only the work that
// depends on the policy. An action pattern's verdict depends on nothing else, so it is computed once per
// run (the 100 MiB plan of bench s5 writes 77k actions, 30 distinct). Checking a resource ARN against its service's templates
// is one scan per template when the ARN's field is literal, as nearly all are (the plan's 50k ARNs), not the
// product-automaton walk of tokensIntersect, which is only needed for wildcards and policy variables. The
// findings are those of the walk: userPatternMeets is compared with tokensIntersect in wildcard.test.ts.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ intersect: 0, actionsMatching: 0 }));
vi.mock('../../../src/core/policy/catalog', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/core/policy/catalog')>();
  return {
    ...original,
    actionsMatching: (...args: Parameters<typeof original.actionsMatching>) => {
      calls.actionsMatching += 1;
      return original.actionsMatching(...args);
    },
  };
});
vi.mock('../../../src/core/policy/wildcard', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/core/policy/wildcard')>();
  return {
    ...original,
    tokensIntersect: (...args: Parameters<typeof original.tokensIntersect>) => {
      calls.intersect += 1;
      return original.tokensIntersect(...args);
    },
  };
});

import { analyze, codes, identity } from './helpers';

beforeEach(() => {
  calls.intersect = 0;
  calls.actionsMatching = 0;
});

describe('action patterns', () => {
  it('are looked up in the catalogue once per run, with the same findings each time', () => {
    const policy = identity({
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:GetObjekt', 'logs:Put*', 'ec2:Nonexistent*'],
      Resource: '*',
    });
    const first = analyze(policy);
    const lookups = calls.actionsMatching;
    expect(lookups).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) expect(analyze(policy)).toEqual(first);
    expect(calls.actionsMatching).toBe(lookups);
    expect(codes(first).sort()).toEqual(['INVALID_ACTION', 'UNKNOWN_TO_CATALOG']);
    expect(first.map((f) => f.location?.path)).toEqual(['Statement[0].Action[1]', 'Statement[0].Action[3]']);
  });
});

describe('resource ARNs with literal fields', () => {
  it('are matched against the templates without the automaton walk', () => {
    const found = analyze(
      identity({
        Effect: 'Allow',
        Action: ['logs:PutLogEvents', 'dynamodb:GetItem'],
        Resource: [
          'arn:aws:logs:us-east-1:123456789012:log-group:app:*',
          'arn:aws:dynamodb:us-east-1:123456789012:table/orders',
          'arn:aws:logs:us-east-1:123456789012:app-1-0',
        ],
      }),
    );
    // The last names no resource type of logs: the same finding as before, from scans alone, and the log
    // group's wildcard walks the automaton inside wildcard.ts (not counted here): the checks themselves
    // call no tokensIntersect (before: one per template of the service, for each of the three fields).
    expect(found[0]?.message).toMatch(
      /^"arn:aws:logs:us-east-1:123456789012:app-1-0" matches no resource type of logs/,
    );
    expect(calls.intersect).toBe(0);
  });

  it('still match wildcards and policy variables', () => {
    const found = analyze(
      identity({
        Effect: 'Allow',
        Action: 's3:GetObject',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
        Resource: ['arn:aws:s3:::bucket/${aws:username}/*', 'arn:aws:s3:::b?cket'],
      }),
    );
    expect(codes(found)).toEqual([]);
  });
});
