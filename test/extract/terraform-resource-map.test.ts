import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractTerraformPlan } from '../../src/extract/terraform-plan';
import { TERRAFORM_POLICY_ATTRIBUTES } from '../../src/extract/terraform-resource-map';

const FIXTURE = path.resolve(__dirname, '../fixtures/terraform/rows/plan.json');
const plan: unknown = JSON.parse(readFileSync(FIXTURE, 'utf8'));
const result = extractTerraformPlan('rows/plan.json', plan);

type Row = [
  address: string,
  attribute: string,
  policyType: string,
  resourceType?: string | undefined,
  publicType?: string | undefined,
];
const I = 'IDENTITY_POLICY';
const R = 'RESOURCE_POLICY';

// Written out by hand (not derived from the table): each row of the table, checked.
const EXPECTED: Row[] = [
  ['aws_iam_policy.example', 'policy', I],
  ['aws_iam_role_policy.example', 'policy', I],
  ['aws_iam_user_policy.example', 'policy', I],
  ['aws_iam_group_policy.example', 'policy', I],
  ['aws_transfer_access.example', 'policy', I],
  ['aws_transfer_user.example', 'policy', I],
  ['aws_ssoadmin_permission_set_inline_policy.example', 'inline_policy', I],
  [
    'aws_iam_role.example',
    'assume_role_policy',
    R,
    'AWS::IAM::AssumeRolePolicyDocument',
    'AWS::IAM::AssumeRolePolicyDocument',
  ],
  ['aws_iam_role.example', 'inline_policy[0].policy', I],
  ['aws_s3_bucket.example', 'policy', R, 'AWS::S3::Bucket', 'AWS::S3::Bucket'],
  ['aws_s3_bucket_policy.example', 'policy', R, 'AWS::S3::Bucket', 'AWS::S3::Bucket'],
  ['aws_s3_access_point.example', 'policy', R, 'AWS::S3::AccessPoint', 'AWS::S3::AccessPoint'],
  ['aws_s3control_access_point_policy.example', 'policy', R, 'AWS::S3::AccessPoint', 'AWS::S3::AccessPoint'],
  [
    'aws_s3control_multi_region_access_point_policy.example',
    'details[0].policy',
    R,
    'AWS::S3::MultiRegionAccessPoint',
  ],
  [
    'aws_s3control_object_lambda_access_point_policy.example',
    'policy',
    R,
    'AWS::S3ObjectLambda::AccessPoint',
  ],
  ['aws_s3control_bucket_policy.example', 'policy', R, undefined, 'AWS::S3Outposts::Bucket'],
  ['aws_s3control_access_grants_instance_resource_policy.example', 'policy', R],
  ['aws_s3tables_table_bucket_policy.example', 'resource_policy', R, undefined, 'AWS::S3Tables::TableBucket'],
  ['aws_s3tables_table_policy.example', 'resource_policy', R, undefined, 'AWS::S3Tables::Table'],
  ['aws_dynamodb_resource_policy.example', 'policy', R, 'AWS::DynamoDB::Table', 'AWS::DynamoDB::Table'],
  ['aws_dynamodb_resource_policy.stream', 'policy', R, undefined, 'AWS::DynamoDB::Stream'],
  ['aws_kms_key.example', 'policy', R, undefined, 'AWS::KMS::Key'],
  ['aws_kms_key_policy.example', 'policy', R, undefined, 'AWS::KMS::Key'],
  ['aws_kms_external_key.example', 'policy', R, undefined, 'AWS::KMS::Key'],
  ['aws_kms_replica_key.example', 'policy', R, undefined, 'AWS::KMS::Key'],
  ['aws_kms_replica_external_key.example', 'policy', R, undefined, 'AWS::KMS::Key'],
  ['aws_sqs_queue.example', 'policy', R, undefined, 'AWS::SQS::Queue'],
  ['aws_sqs_queue_policy.example', 'policy', R, undefined, 'AWS::SQS::Queue'],
  ['aws_sns_topic.example', 'policy', R, undefined, 'AWS::SNS::Topic'],
  ['aws_sns_topic_policy.example', 'policy', R, undefined, 'AWS::SNS::Topic'],
  ['aws_secretsmanager_secret.example', 'policy', R, undefined, 'AWS::SecretsManager::Secret'],
  ['aws_secretsmanager_secret_policy.example', 'policy', R, undefined, 'AWS::SecretsManager::Secret'],
  ['aws_ecr_repository_policy.example', 'policy', R, undefined, 'AWS::ECR::Repository'],
  ['aws_ecr_registry_policy.example', 'policy', R],
  ['aws_ecrpublic_repository_policy.example', 'policy', R],
  ['aws_opensearch_domain.example', 'access_policies', R, undefined, 'AWS::OpenSearchService::Domain'],
  ['aws_opensearch_domain_policy.example', 'access_policies', R, undefined, 'AWS::OpenSearchService::Domain'],
  ['aws_elasticsearch_domain.example', 'access_policies', R, undefined, 'AWS::OpenSearchService::Domain'],
  [
    'aws_elasticsearch_domain_policy.example',
    'access_policies',
    R,
    undefined,
    'AWS::OpenSearchService::Domain',
  ],
  ['aws_glacier_vault.example', 'access_policy', R, undefined, 'AWS::S3::Glacier'],
  ['aws_glacier_vault_lock.example', 'policy', R, undefined, 'AWS::S3::Glacier'],
  ['aws_efs_file_system_policy.example', 'policy', R, undefined, 'AWS::EFS::FileSystem'],
  ['aws_api_gateway_rest_api.example', 'policy', R, undefined, 'AWS::ApiGateway::RestApi'],
  ['aws_api_gateway_rest_api_policy.example', 'policy', R, undefined, 'AWS::ApiGateway::RestApi'],
  ['aws_backup_vault_policy.example', 'policy', R, undefined, 'AWS::Backup::BackupVault'],
  [
    'aws_codeartifact_domain_permissions_policy.example',
    'policy_document',
    R,
    undefined,
    'AWS::CodeArtifact::Domain',
  ],
  ['aws_codeartifact_repository_permissions_policy.example', 'policy_document', R],
  ['aws_codebuild_resource_policy.example', 'policy', R],
  ['aws_kinesis_resource_policy.example', 'policy', R, undefined, 'AWS::Kinesis::Stream'],
  ['aws_kinesis_resource_policy.consumer', 'policy', R, undefined, 'AWS::Kinesis::StreamConsumer'],
  ['aws_cloudwatch_event_bus_policy.example', 'policy', R],
  ['aws_cloudwatch_log_resource_policy.example', 'policy_document', R],
  ['aws_cloudwatch_log_destination_policy.example', 'access_policy', R],
  ['aws_glue_resource_policy.example', 'policy', R],
  ['aws_media_store_container_policy.example', 'policy', R],
  ['aws_networkfirewall_resource_policy.example', 'policy', R],
  ['aws_ses_identity_policy.example', 'policy', R],
  ['aws_sesv2_email_identity_policy.example', 'policy', R],
  ['aws_cloudsearch_domain_service_access_policy.example', 'access_policy', R],
  ['aws_ecr_repository_creation_template.example', 'repository_policy', R, undefined, 'AWS::ECR::Repository'],
  ['aws_sagemaker_model_package_group_policy.example', 'resource_policy', R],
  ['aws_vpc_endpoint.example', 'policy', R, undefined, 'AWS::EC2::VPCEndpoint'],
  ['aws_vpc_endpoint_policy.example', 'policy', R, undefined, 'AWS::EC2::VPCEndpoint'],
  ['aws_acmpca_policy.example', 'policy', R],
  ['aws_xray_resource_policy.example', 'policy_document', R],
  ['aws_oam_sink_policy.example', 'policy', R],
  ['aws_vpclattice_auth_policy.example', 'policy', R],
  ['aws_vpclattice_resource_policy.example', 'policy', R],
  ['aws_redshiftserverless_resource_policy.example', 'policy', R],
  ['aws_schemas_registry_policy.example', 'policy', R],
  ['aws_lambda_permission.example', 'statement', R, undefined, 'AWS::Lambda::Function'],
  ['aws_lambda_layer_version_permission.example', 'statement', R, undefined, 'AWS::Lambda::LayerVersion'],
  ['aws_organizations_policy.scp', 'content', 'SERVICE_CONTROL_POLICY'],
  ['aws_organizations_policy.rcp', 'content', 'RESOURCE_CONTROL_POLICY'],
];

describe('the Terraform resource table', () => {
  it('extracts the rows fixture without findings', () => {
    expect(result.findings).toEqual([]);
  });

  it.each(EXPECTED)('%s %s -> %s %s', (address, attribute, policyType, resourceType, publicType) => {
    const id = `rows/plan.json#${address}.${attribute}`;
    const target = result.targets.find((t) => t.id === id);
    expect(target, id).toBeDefined();
    expect(target?.policyType).toBe(policyType);
    expect(target?.resourceType).toBe(resourceType);
    expect(target?.source).toEqual({ file: 'rows/plan.json', address, attribute });
    expect(result.resources.get(id)?.publicAccessResourceType).toBe(publicType);
  });

  it('produces exactly the expected targets (BACKUP_POLICY and aws_iot_policy are not IAM policies)', () => {
    expect(result.targets.map((t) => `${t.source.address} ${t.source.attribute}`).sort()).toEqual(
      EXPECTED.map(([a, attr]) => `${a} ${attr}`).sort(),
    );
  });

  it('has a tested row for every type in the table, and covers the types the architecture document names', () => {
    const tested = new Set(EXPECTED.map(([a]) => a.slice(0, a.indexOf('.'))));
    expect(Object.keys(TERRAFORM_POLICY_ATTRIBUTES).filter((t) => !tested.has(t))).toEqual([]);
    expect(Object.keys(TERRAFORM_POLICY_ATTRIBUTES).length).toBeGreaterThanOrEqual(57);
  });

  it('sends documents exactly as the plan holds them', () => {
    const target = result.targets.find((t) => t.source.address === 'aws_sqs_queue.example');
    expect(target?.document).toContain('\n  "Statement"');
  });

  it('synthesises the statement of an aws_lambda_permission', () => {
    const target = result.targets.find((t) => t.source.address === 'aws_lambda_permission.example');
    expect(JSON.parse(target?.document ?? '')).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: '111122223333' },
          Action: 'lambda:InvokeFunction',
          Resource: 'arn:aws:lambda:us-east-1:111122223333:function:f:live',
          Condition: {
            StringEquals: { 'AWS:SourceAccount': '111122223333', 'aws:PrincipalOrgID': 'o-abc123' },
          },
        },
      ],
    });
    expect(result.resources.get(target?.id ?? '')?.synthesised).toBe(true);
  });

  it('synthesises the statement of an aws_lambda_layer_version_permission', () => {
    const address = 'aws_lambda_layer_version_permission.example';
    const target = result.targets.find((t) => t.source.address === address);
    expect(JSON.parse(target?.document ?? '')).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'orgshare',
          Effect: 'Allow',
          Principal: '*',
          Action: 'lambda:GetLayerVersion',
          Resource: 'arn:aws:lambda:us-east-1:111122223333:layer:shared:3',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
        },
      ],
    });
    expect(result.resources.get(target?.id ?? '')?.synthesised).toBe(true);
  });
});
