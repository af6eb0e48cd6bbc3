// An Amazon ECR repository policy names no Resource (ECR rejects one that does): through the CLI's run(), on
// the fake Access Analyzer (which, like the real one, reports MISSING_RESOURCE on every such statement) and
// offline, the gate passes it, from a CloudFormation template and from a Terraform plan alike, while a
// bucket policy without Resource still fails.
import { describe, expect, it } from 'vitest';
import { createdPlan } from '../fixtures/created-plan';
import { useCliRun } from './support';

const PULL = {
  Sid: 'AllowPull',
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::111122223333:root' },
  Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
};
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [PULL] });

const template = (withBucket: boolean) =>
  JSON.stringify(
    {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        Repo: { Type: 'AWS::ECR::Repository', Properties: { RepositoryPolicyText: JSON.parse(POLICY) } },
        ...(withBucket
          ? {
              BucketPolicy: {
                Type: 'AWS::S3::BucketPolicy',
                Properties: {
                  Bucket: 'shared-artifacts',
                  PolicyDocument: {
                    Version: '2012-10-17',
                    Statement: [{ ...PULL, Action: 's3:GetObject' }],
                  },
                },
              },
            }
          : {}),
      },
    },
    null,
    2,
  );

const plan = createdPlan([
  { type: 'aws_ecr_repository_policy', name: 'pull', after: { repository: 'app', policy: POLICY } },
]);

const t = useCliRun();

describe('a policy whose service supplies the resource (ECR repository policies)', () => {
  for (const analyzer of ['aws', 'local']) {
    it(`passes one without Resource, in a template and in a plan (analyzer: ${analyzer})`, async () => {
      await t.ws.write('stack.json', template(false));
      await t.ws.write('plan.json', plan);
      const run = await t.cli([
        'check',
        'stack.json',
        'plan.json',
        '--analyzer',
        analyzer,
        '--format',
        'json',
      ]);
      const report = JSON.parse(run.stdout) as { policies: unknown[]; findings: { code: string }[] };
      expect(report.policies).toHaveLength(2);
      expect(report.findings.map((f) => f.code)).not.toContain('MISSING_RESOURCE');
      expect(run.code, run.stdout).toBe(0);
    });

    it(`still fails a bucket policy without Resource (analyzer: ${analyzer})`, async () => {
      await t.ws.write('stack.json', template(true));
      const run = await t.cli(['check', 'stack.json', '--analyzer', analyzer, '--format', 'json']);
      const report = JSON.parse(run.stdout) as {
        findings: { code: string; location?: { startLine: number } }[];
      };
      expect(report.findings.filter((f) => f.code === 'MISSING_RESOURCE')).toHaveLength(1);
      expect(run.code).toBe(1);
    });
  }

  it('passes an ECR or EFS policy file without Resource, known by its actions; not a bucket policy (analyzer: local)', async () => {
    const file = (statement: Record<string, unknown>) =>
      JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
    await t.ws.write('policies/ecr.json', POLICY);
    await t.ws.write(
      'policies/efs.json',
      file({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:root' },
        Action: ['elasticfilesystem:ClientMount'],
      }),
    );
    await t.ws.write('policies/bucket.json', file({ ...PULL, Action: 's3:GetObject' }));
    const codes = async (path: string) => {
      const run = await t.cli(['check', path, '--analyzer', 'local', '--format', 'json']);
      return (JSON.parse(run.stdout) as { findings: { code: string }[] }).findings.map((f) => f.code);
    };
    expect(await codes('policies/ecr.json')).not.toContain('MISSING_RESOURCE');
    expect(await codes('policies/efs.json')).not.toContain('MISSING_RESOURCE');
    expect(await codes('policies/bucket.json')).toContain('MISSING_RESOURCE');
  });
});
