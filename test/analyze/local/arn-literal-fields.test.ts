// Issue 14 (the full offline run on a 100 MiB plan): checking a resource ARN against its service's templates
// is one scan per template when the ARN's field is literal, as nearly all are (the plan's 50k ARNs), not the
// product-automaton walk of tokensIntersect, which is only needed for wildcards and policy variables. The
// findings are those of the walk: userPatternMeets is compared with tokensIntersect in wildcard.test.ts.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ intersect: 0 }));
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
