// A VPC endpoint policy grants no one anything: it limits what the callers that reach the endpoint may do
// through it, and AWS's own examples write Principal "*" for them. Through the CLI's run(), on the fake
// Access Analyzer and offline, the gate passes an endpoint policy open to "*", and still flags the same
// statement as a bucket policy.
import { describe, expect, it } from 'vitest';
import { createdPlan } from '../fixtures/created-plan';
import { useCliRun } from './support';

const OPEN = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::prod-artifacts/*' },
  ],
});

const planOf = (type: string, after: Record<string, unknown>) => createdPlan([{ type, name: 'this', after }]);

const t = useCliRun();

describe('a VPC endpoint policy', () => {
  for (const analyzer of ['aws', 'local']) {
    it(`is not a public grant (analyzer: ${analyzer}); a bucket policy with the statement is`, async () => {
      await t.ws.write(
        'endpoint/plan.json',
        planOf('aws_vpc_endpoint_policy', { vpc_endpoint_id: 'vpce-1', policy: OPEN }),
      );
      await t.ws.write(
        'bucket/plan.json',
        planOf('aws_s3_bucket_policy', { bucket: 'prod-artifacts', policy: OPEN }),
      );
      const codes = async (file: string) => {
        const run = await t.cli(['check', file, '--analyzer', analyzer, '--format', 'json']);
        const report = JSON.parse(run.stdout) as { policies: unknown[]; findings: { code: string }[] };
        expect(report.policies).toHaveLength(1);
        return { code: run.code, findings: report.findings.map((f) => f.code) };
      };
      expect(await codes('endpoint/plan.json')).toEqual({ code: 0, findings: [] });
      expect(await codes('bucket/plan.json')).toMatchObject({
        code: 1,
        findings: expect.arrayContaining(['PUBLIC_PRINCIPAL_WITHOUT_CONDITION']),
      });
    });
  }
});
