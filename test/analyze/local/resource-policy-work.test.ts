// Issue 14 (the full offline run on a 100 MiB plan): a typed resource policy's ARNs meet the templates of
// its resource type once per shape (template-shape.ts), not once per ARN: the plan's bucket policies name
// thousands of buckets, whose ARNs have a shape per length of name. ARNs the templates tell apart (another
// service, a Region where a bucket takes none) still get their own answers.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ matches: 0 }));
vi.mock('../../../src/core/policy/wildcard', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/core/policy/wildcard')>();
  return {
    ...original,
    patternMatchesTemplate: (...args: Parameters<typeof original.patternMatchesTemplate>) => {
      calls.matches += 1;
      return original.patternMatchesTemplate(...args);
    },
  };
});

import { analyze } from './helpers';

beforeEach(() => {
  calls.matches = 0;
});

const bucketPolicy = (resources: string[]) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: 's3:GetObject',
      Resource: resources,
    },
  ],
});
const unsupported = (resources: string[]) =>
  analyze(bucketPolicy(resources), 'RESOURCE_POLICY', { resourceType: 'AWS::S3::Bucket' })
    .filter((f) => f.code === 'UNSUPPORTED_RESOURCE_ARN_IN_POLICY')
    .map((f) => f.location?.path);

describe('the ARNs of a bucket policy', () => {
  it('are matched against the templates once per shape', () => {
    expect(unsupported(['arn:aws:s3:::app-1-bucket', 'arn:aws:s3:::app-1-bucket/*'])).toEqual([]);
    expect(calls.matches).toBeGreaterThan(0);
    calls.matches = 0;
    expect(unsupported(['arn:aws:s3:::app-7-bucket', 'arn:aws:s3:::app-7-bucket/*'])).toEqual([]);
    expect(calls.matches).toBe(0); // before the memo: every field of both against each template again
  });

  it('that the templates tell apart keep their own answers', () => {
    const resources = [
      'arn:aws:s3:::app-2-bucket',
      'arn:aws:sqs:::app-2-bucket',
      'arn:aws:s3:us-east-1:111122223333:accesspoint/ap',
      'arn:aws:s3:::app-3-bucket/*',
      'arn:aws:s3:us-east-1:111122223333:accesspoint/aq',
      'arn:aws:s4:::app-4-bucket',
    ];
    const expected = [
      'Statement[0].Resource[1]',
      'Statement[0].Resource[2]',
      'Statement[0].Resource[4]',
      'Statement[0].Resource[5]',
    ];
    expect(unsupported(resources)).toEqual(expected);
    expect(unsupported(resources)).toEqual(expected); // from the memo
  });
});
