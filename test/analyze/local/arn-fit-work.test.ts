// Issue 14 (the full offline run on a 100 MiB plan): an ARN's fields meet its service's templates once per
// shape, not once per ARN. ARNs that differ only in characters no template of the service holds (the
// account ID, the digits and most letters of a queue name) have one shape: the second is not matched
// against any template, and its findings are the first's with its own text. Shapes that templates tell
// apart (a log group's `log-group:` prefix, an empty Region) are matched apart, as the direct scan says.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ meets: 0 }));
vi.mock('../../../src/core/policy/wildcard', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/core/policy/wildcard')>();
  return {
    ...original,
    userPatternMeets: (...args: Parameters<typeof original.userPatternMeets>) => {
      calls.meets += 1;
      return original.userPatternMeets(...args);
    },
  };
});

import { arnFit } from '../../../src/analyze/local/arn-fit';
import { startDeadline } from '../../../src/core/deadline';
import { getCatalog } from '../../../src/core/policy/catalog';
import { patternMatchesTemplate } from '../../../src/core/policy/wildcard';
import { analyze, identity } from './helpers';

beforeEach(() => {
  calls.meets = 0;
});

const queuePolicy = (arn: string) => identity({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: arn });

describe('ARNs of one shape', () => {
  it('are matched against the templates once, with the same findings for each', () => {
    const first = analyze(queuePolicy('arn:aws:sqs:us-east-1:123456789012:app-1-0'));
    const work = calls.meets;
    expect(work).toBeGreaterThan(0);
    const second = analyze(queuePolicy('arn:aws:sqs:us-east-1:210987654321:app-7-3'));
    expect(calls.meets).toBe(work); // before the memo: as many scans again
    expect(second.map((f) => f.code)).toEqual(first.map((f) => f.code));
    expect(second.map((f) => f.message)).toEqual(
      first.map((f) => f.message.replace('123456789012:app-1-0', '210987654321:app-7-3')),
    );
  });
});

/** Whether the fields meet some template as patternMatchesTemplate says, template by template (no memo). */
function directFit(service: string, region: string, account: string, resource: string) {
  const types = getCatalog().arnServices.get(service) ?? [];
  const field = (arn: string, i: number) =>
    i < 5 ? (arn.split(':')[i] ?? '') : arn.split(':').slice(5).join(':');
  const candidates = types.filter((t) => patternMatchesTemplate(resource, field(t.arn, 5)));
  return {
    resource: candidates.length > 0,
    region: candidates.some((t) => patternMatchesTemplate(region, field(t.arn, 3))),
    account: candidates.some((t) => patternMatchesTemplate(account, field(t.arn, 4))),
  };
}

describe('arnFit', () => {
  const cases: Array<[service: string, region: string, account: string, resource: string]> = [
    ['logs', 'us-east-1', '123456789012', 'log-group:app:*'],
    ['logs', 'us-east-1', '123456789012', 'lag-group:app:*'],
    ['logs', 'us-east-1', '123456789012', 'app-1-0'],
    ['logs', '', '123456789012', 'log-group:app'],
    ['s3', '', '', 'app-1-data/*'],
    ['s3', '', '', ':app-1-data'],
    ['s3', 'aws', 'aws', 'app'],
    ['s3', 'us-east-1', '123456789012', 'app-1-data'],
    ['s3', '', '', 'APP-1-DATA/Ünïcode/*'],
    ['sqs', 'us-east-1', '', 'queue'],
    ['sqs', '', '123456789012', 'queue'],
    ['iam', '', '123456789012', 'role/app-*'],
    ['iam', '', '123456789012', 'rolle/app'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
    ['iam', '', '123456789012', 'user/${aws:username}'],
    ['dynamodb', 'us-east-1', '123456789012', 'table/orders/index/?y'],
    ['kms', 'us-east-1', '123456789012', 'key/*'],
    ['kms', 'us-east-1', 'aws', 'alias/aws/s3'],
  ];
  it('gives the direct match of every template, shape after shape', () => {
    for (const [service, region, account, resource] of cases) {
      const types = getCatalog().arnServices.get(service) ?? [];
      const expected = directFit(service, region, account, resource);
      // Twice: computed, then from the memo.
      for (let i = 0; i < 2; i++) {
        expect(arnFit(types, region, account, resource, startDeadline()), `${service} ${resource}`).toEqual(
          expected,
        );
      }
    }
  });
});
