// An OpenSearch domain in a VPC is reached only from inside it, and AWS documents an open access policy for
// such domains (the security groups decide who connects): through the CLI's run(), offline, the gate does not
// call its Principal "*" public, from a CloudFormation template or a Terraform plan, and still does for the
// same domain outside a VPC.
import { describe, expect, it } from 'vitest';
import { createdPlan } from '../fixtures/created-plan';
import { useCliRun } from './support';

const ARN = 'arn:aws:es:us-east-1:111122223333:domain/search/*';
const OPEN = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'es:ESHttp*', Resource: ARN }],
};
const VPC = { SubnetIds: ['subnet-0a1b2c3d'], SecurityGroupIds: ['sg-0a1b2c3d'] };

const template = (inVpc: boolean) =>
  JSON.stringify({
    Resources: {
      Search: {
        Type: 'AWS::OpenSearchService::Domain',
        Properties: { DomainName: 'search', AccessPolicies: OPEN, ...(inVpc ? { VPCOptions: VPC } : {}) },
      },
    },
  });

const plan = (inVpc: boolean) =>
  createdPlan([
    {
      type: 'aws_opensearch_domain',
      name: 'search',
      after: {
        domain_name: 'search',
        access_policies: JSON.stringify(OPEN),
        vpc_options: inVpc ? [{ subnet_ids: VPC.SubnetIds, security_group_ids: VPC.SecurityGroupIds }] : [],
      },
    },
  ]);

const t = useCliRun();

describe('an OpenSearch domain with an open access policy', () => {
  it('is not public in a VPC, from a template or a plan; it is outside one', async () => {
    const codes = async (file: string, text: string) => {
      await t.ws.write(file, text);
      const run = await t.cli(['check', file, '--analyzer', 'local', '--format', 'json']);
      const report = JSON.parse(run.stdout) as { policies: unknown[]; findings: { code: string }[] };
      expect(report.policies).toHaveLength(1);
      return report.findings.map((f) => f.code);
    };
    const PUBLIC = 'PUBLIC_PRINCIPAL_WITHOUT_CONDITION';
    expect(await codes('vpc/stack.json', template(true))).not.toContain(PUBLIC);
    expect(await codes('vpc/plan.json', plan(true))).not.toContain(PUBLIC);
    expect(await codes('open/stack.json', template(false))).toContain(PUBLIC);
    expect(await codes('open/plan.json', plan(false))).toContain(PUBLIC);
  });
});
