// The last-accessed data both CLI suites seed for their role (test/entries/cli-usage.test.ts in process,
// test/e2e/usage.test.ts through the bundle): S3 used a day ago (GetObject; PutObject never), SQS never.
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
