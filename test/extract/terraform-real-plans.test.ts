// The real plans of ../shared/fixtures/terraform (CI has shared/ beside the checkout): every one extracts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspaceTerraformFiles } from '../../src/discover/terraform-files';
import { extractTerraformPlan } from '../../src/extract/terraform-plan';
import { mapTerraformExtraction } from '../../src/extract/terraform-source';

const SHARED = path.resolve(__dirname, '../../../shared/fixtures/terraform');
const folders = existsSync(SHARED)
  ? readdirSync(SHARED).filter((d) => existsSync(path.join(SHARED, d, 'plan.json')))
  : [];

/** Decodes as discovery does: UTF-16 LE after its BOM, else UTF-8 without a BOM. */
function readPlan(folder: string): { text: string; plan: unknown } {
  const bytes = readFileSync(path.join(SHARED, folder, 'plan.json'));
  const text =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? new TextDecoder('utf-16le').decode(bytes.subarray(2))
      : new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  return { text, plan: JSON.parse(text) };
}

function extract(folder: string) {
  return extractTerraformPlan(`${folder}/plan.json`, readPlan(folder).plan);
}

function targets(folder: string): string[] {
  return extract(folder)
    .targets.map((t) => `${t.source.address} ${t.source.attribute} ${t.policyType} ${t.resourceType ?? '-'}`)
    .sort();
}

const TRUST = 'RESOURCE_POLICY AWS::IAM::AssumeRolePolicyDocument';

describe.skipIf(folders.length === 0)('real plans in ../shared/fixtures/terraform', () => {
  it('has the fixtures', () => {
    expect(folders.length).toBeGreaterThanOrEqual(16);
  });

  it.each(folders)('%s extracts without ANALYSIS_FAILED', (folder) => {
    const r = extract(folder);
    expect(r.findings.filter((f) => f.code === 'ANALYSIS_FAILED')).toEqual([]);
    for (const t of r.targets) expect(() => JSON.parse(t.document)).not.toThrow();
  });

  it('tfv-identity_policies: role, user, group, inline and trust policies', () => {
    expect(targets('tfv-identity_policies')).toEqual([
      'aws_iam_group_policy.my_developer_policy policy IDENTITY_POLICY -',
      'aws_iam_policy.policy policy IDENTITY_POLICY -',
      `aws_iam_role.example assume_role_policy ${TRUST}`,
      'aws_iam_role.example inline_policy[0].policy IDENTITY_POLICY -',
      'aws_iam_role.example inline_policy[1].policy IDENTITY_POLICY -',
      `aws_iam_role.test_role assume_role_policy ${TRUST}`,
      'aws_iam_role_policy.test_policy policy IDENTITY_POLICY -',
      'aws_iam_user_policy.lb_ro policy IDENTITY_POLICY -',
    ]);
  });

  it('tfv-public_access: the resource policies of 15 resources', () => {
    const t = targets('tfv-public_access');
    expect(t).toHaveLength(15);
    expect(t).toEqual(
      expect.arrayContaining([
        'aws_dynamodb_resource_policy.example policy RESOURCE_POLICY AWS::DynamoDB::Table',
        'aws_lambda_permission.with_sns statement RESOURCE_POLICY -',
        'aws_s3_bucket_policy.allow_public_access policy RESOURCE_POLICY AWS::S3::Bucket',
        'aws_s3tables_table_policy.example resource_policy RESOURCE_POLICY -',
        'aws_codeartifact_domain_permissions_policy.example policy_document RESOURCE_POLICY -',
        'aws_kinesis_resource_policy.example_consumer_policy policy RESOURCE_POLICY -',
      ]),
    );
  });

  it('checkov-oidc-module-foreach: for_each in a module; unknown trust policies are reported', () => {
    const r = extract('checkov-oidc-module-foreach');
    expect(r.targets.map((t) => t.source.address)).toContain('module.poc.aws_iam_role.r6["p1"]');
    expect(r.findings.map((f) => [f.code, f.target])).toEqual(
      ['r6["p1"]', 'r6["p2"]', 'r1["p1"]', 'r1["p2"]'].map((r) => [
        'UNKNOWN_AT_PLAN',
        `checkov-oidc-module-foreach/plan.json#module.poc.aws_iam_role.${r}.assume_role_policy`,
      ]),
    );
  });

  it('checkov-iam-crlf-heredoc: five identity policy types, no noise for the unset inline_policy', () => {
    const r = extract('checkov-iam-crlf-heredoc');
    expect(r.findings).toEqual([]);
    expect(r.targets).toHaveLength(5);
  });

  it('checkov-postponed-data-source: the bucket policy from a deferred data source is unknown', () => {
    expect(extract('checkov-postponed-data-source').findings.map((f) => f.code)).toEqual(['UNKNOWN_AT_PLAN']);
  });

  it('checkov-utf16 decodes and extracts (a bucket without a policy)', () => {
    expect(extract('checkov-utf16')).toMatchObject({ targets: [], findings: [] });
  });

  it('checkov-replace: a replaced secret with no policy set makes no noise', () => {
    expect(extract('checkov-replace')).toMatchObject({ targets: [], findings: [] });
  });

  it('tfc-two-level-modules: count inside nested modules; an unset REST API policy is silent', () => {
    expect(targets('tfc-two-level-modules')).toEqual([
      'module.apigw_test_1.module.api_gw_log_role.aws_iam_policy.default[0] policy IDENTITY_POLICY -',
      `module.apigw_test_1.module.api_gw_log_role.aws_iam_role.default assume_role_policy ${TRUST}`,
    ]);
  });

  it('tfc-lambda-permission-modules: a Lambda permission in module.outer[0]', () => {
    expect(targets('tfc-lambda-permission-modules')).toEqual([
      'module.outer[0].aws_lambda_permission.example statement RESOURCE_POLICY -',
    ]);
  });

  it('tfc-nested-modules-noop: no-op IAM resources are not analysed', () => {
    expect(extract('tfc-nested-modules-noop')).toMatchObject({ targets: [], findings: [] });
  });

  it('checkov-tf012-55-changes: a Terraform 0.12 plan (format 0.1)', () => {
    expect(targets('checkov-tf012-55-changes')).toContain(
      'aws_elasticsearch_domain_policy.monitoring-framework-policy access_policies RESOURCE_POLICY -',
    );
  });

  it.each(folders.filter((d) => existsSync(path.join(SHARED, d, 'main.tf'))))(
    '%s: every target points at its resource line in main.tf',
    (folder) => {
      const { text, plan } = readPlan(folder);
      const extraction = extractTerraformPlan('plan.json', plan);
      const mapped = mapTerraformExtraction(
        extraction,
        plan,
        workspaceTerraformFiles(path.join(SHARED, folder)),
        'plan.json',
        text,
      );
      const lines = readFileSync(path.join(SHARED, folder, 'main.tf'), 'utf8').split('\n');
      for (const t of mapped.targets) {
        expect(t.source.file, t.id).toBe('main.tf');
        const [type, name] = (t.source.address ?? '').split('.');
        expect(lines[(t.source.line ?? 0) - 1], t.id).toMatch(
          new RegExp(`resource\\s+"${type}"\\s+"${name}"`),
        );
      }
    },
  );
});
