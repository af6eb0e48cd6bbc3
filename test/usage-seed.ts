// What both CLI usage suites share (test/entries/cli-usage.test.ts in process, test/e2e/usage.test.ts through
// the bundle): the role, the trail and access role of `generate`, policy documents, and the last-accessed data.

export const ROLE = 'arn:aws:iam::123456789012:role/app';
export const TRAIL = 'arn:aws:cloudtrail:us-east-1:123456789012:trail/main';
export const ACCESS_ROLE = 'arn:aws:iam::123456789012:role/AccessAnalyzerMonitorServiceRole';

/** An identity policy allowing `actions` on every resource. */
export const doc = (actions: string[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });

/** `generate` for ROLE from TRAIL through ACCESS_ROLE, then `more`. */
export const generateArgs = (...more: string[]) => [
  'generate',
  '--principal',
  ROLE,
  '--trail',
  TRAIL,
  '--access-role',
  ACCESS_ROLE,
  ...more,
];

/** S3 used a day ago (GetObject; PutObject never), SQS never. */
export function s3UsedSqsNot(role: string) {
  const recent = new Date(Date.now() - 86_400_000);
  return {
    entities: {
      [role]: [
        {
          ServiceName: 'Amazon S3',
          ServiceNamespace: 's3',
          LastAuthenticated: recent,
          TrackedActionsLastAccessed: [
            { ActionName: 'GetObject', LastAccessedTime: recent },
            { ActionName: 'PutObject' },
          ],
        },
        { ServiceName: 'Amazon SQS', ServiceNamespace: 'sqs' },
      ],
    },
  };
}
