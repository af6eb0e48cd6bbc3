// The one table: which attribute of which Terraform AWS resource holds an IAM policy document, and how
// Access Analyzer must read it (policyType + validatePolicyResourceType).
//
// Coverage: every type of awslabs/terraform-iam-policy-validator's `iam_check/config/default.yaml`
// (`iamPolicyAttributes`), except `aws_iot_policy` (IoT policy grammar, not IAM), plus the types named in
// docs/architecture.md section 3 and a few more resource policies. Every attribute name was checked against the
// provider's schema (hashicorp/terraform-provider-aws; the generated schemas of roman-mazur/cuetf). Where
// tf-policy-validator's list is wrong the provider wins: `aws_glacier_vault_lock` holds `policy` (not
// `access_policy`).
//
// `resourceType` is only ever one of the six values ValidatePolicy accepts (docs/architecture.md section 4a), and only on
// resource policies. `publicAccessResourceType` is the richer CloudFormation-style type, kept for a later
// CheckNoPublicAccess (its own list of resource types); it never reaches ValidatePolicy.
import type { PolicyType } from '../core/types';
import { isObject } from './terraform-config';

/** The validatePolicyResourceType values (docs/architecture.md section 4a). */
export type ValidateResourceType =
  | 'AWS::S3::Bucket'
  | 'AWS::S3::AccessPoint'
  | 'AWS::S3::MultiRegionAccessPoint'
  | 'AWS::S3ObjectLambda::AccessPoint'
  | 'AWS::IAM::AssumeRolePolicyDocument'
  | 'AWS::DynamoDB::Table';

export interface PolicyAttribute {
  /** The resource's attribute (top level). */
  attribute: string;
  /** For a list of nested blocks (`inline_policy`, `details`): the attribute of each block holding the policy. */
  element?: string;
  policyType: PolicyType;
  resourceType?: ValidateResourceType;
  publicAccessResourceType?: string;
  /**
   * Optional and computed: when the configuration leaves it out, the provider reads it back after apply, so
   * it is unknown in the plan without being a policy the user wrote. Used only when the plan's
   * `configuration` does not show the resource; otherwise the configuration decides.
   */
  computedWhenUnset?: boolean;
  /**
   * How the policy type is decided: `organizations` reads the resource's `type` (SCP, RCP; other
   * Organizations policy types are not IAM grammar and are skipped).
   */
  decide?: 'organizations';
  /** The attribute that, a non-empty block list, puts the resource in a VPC only (PolicyTarget.inVpc). */
  vpcOnlyWith?: string;
  /** The document is synthesised from other attributes (`aws_lambda_permission`, a layer version's). */
  synthesise?: 'lambda-permission' | 'layer-version-permission';
}

const IDENTITY = 'IDENTITY_POLICY';
const RESOURCE = 'RESOURCE_POLICY';

function identity(attribute: string, extra: Partial<PolicyAttribute> = {}): PolicyAttribute {
  return { attribute, policyType: IDENTITY, ...extra };
}

function resource(attribute: string, extra: Partial<PolicyAttribute> = {}): PolicyAttribute {
  return { attribute, policyType: RESOURCE, ...extra };
}

const computed = { computedWhenUnset: true } as const;

/** Resource type -> its policy attributes. */
export const TERRAFORM_POLICY_ATTRIBUTES: Readonly<Record<string, readonly PolicyAttribute[]>> = {
  // IAM identity policies.
  aws_iam_policy: [identity('policy')],
  aws_iam_role_policy: [identity('policy')],
  aws_iam_user_policy: [identity('policy')],
  aws_iam_group_policy: [identity('policy')],
  aws_iam_role: [
    resource('assume_role_policy', {
      resourceType: 'AWS::IAM::AssumeRolePolicyDocument',
      publicAccessResourceType: 'AWS::IAM::AssumeRolePolicyDocument',
    }),
    identity('inline_policy', { element: 'policy', ...computed }),
  ],
  aws_ssoadmin_permission_set_inline_policy: [identity('inline_policy')],
  // AWS Transfer Family session (scope-down) policies: identity-policy grammar.
  aws_transfer_access: [identity('policy')],
  aws_transfer_user: [identity('policy')],

  // S3.
  aws_s3_bucket: [
    resource('policy', {
      resourceType: 'AWS::S3::Bucket',
      publicAccessResourceType: 'AWS::S3::Bucket',
      ...computed,
    }),
  ],
  aws_s3_bucket_policy: [
    resource('policy', { resourceType: 'AWS::S3::Bucket', publicAccessResourceType: 'AWS::S3::Bucket' }),
  ],
  aws_s3_access_point: [
    resource('policy', {
      resourceType: 'AWS::S3::AccessPoint',
      publicAccessResourceType: 'AWS::S3::AccessPoint',
      ...computed,
    }),
  ],
  aws_s3control_access_point_policy: [
    resource('policy', {
      resourceType: 'AWS::S3::AccessPoint',
      publicAccessResourceType: 'AWS::S3::AccessPoint',
    }),
  ],
  aws_s3control_multi_region_access_point_policy: [
    resource('details', { element: 'policy', resourceType: 'AWS::S3::MultiRegionAccessPoint' }),
  ],
  aws_s3control_object_lambda_access_point_policy: [
    resource('policy', { resourceType: 'AWS::S3ObjectLambda::AccessPoint' }),
  ],
  // S3 on Outposts buckets: not a type ValidatePolicy knows.
  aws_s3control_bucket_policy: [resource('policy', { publicAccessResourceType: 'AWS::S3Outposts::Bucket' })],
  aws_s3control_access_grants_instance_resource_policy: [resource('policy')],
  aws_s3tables_table_bucket_policy: [
    resource('resource_policy', { publicAccessResourceType: 'AWS::S3Tables::TableBucket' }),
  ],
  aws_s3tables_table_policy: [
    resource('resource_policy', { publicAccessResourceType: 'AWS::S3Tables::Table' }),
  ],

  // Other resource policies.
  aws_dynamodb_resource_policy: [
    resource('policy', {
      resourceType: 'AWS::DynamoDB::Table',
      publicAccessResourceType: 'AWS::DynamoDB::Table',
    }),
  ],
  aws_kms_key: [resource('policy', { publicAccessResourceType: 'AWS::KMS::Key', ...computed })],
  aws_kms_key_policy: [resource('policy', { publicAccessResourceType: 'AWS::KMS::Key' })],
  aws_kms_external_key: [resource('policy', { publicAccessResourceType: 'AWS::KMS::Key', ...computed })],
  aws_kms_replica_key: [resource('policy', { publicAccessResourceType: 'AWS::KMS::Key', ...computed })],
  aws_kms_replica_external_key: [
    resource('policy', { publicAccessResourceType: 'AWS::KMS::Key', ...computed }),
  ],
  aws_sqs_queue: [resource('policy', { publicAccessResourceType: 'AWS::SQS::Queue', ...computed })],
  aws_sqs_queue_policy: [resource('policy', { publicAccessResourceType: 'AWS::SQS::Queue' })],
  aws_sns_topic: [resource('policy', { publicAccessResourceType: 'AWS::SNS::Topic', ...computed })],
  aws_sns_topic_policy: [resource('policy', { publicAccessResourceType: 'AWS::SNS::Topic' })],
  aws_secretsmanager_secret: [
    resource('policy', { publicAccessResourceType: 'AWS::SecretsManager::Secret', ...computed }),
  ],
  aws_secretsmanager_secret_policy: [
    resource('policy', { publicAccessResourceType: 'AWS::SecretsManager::Secret' }),
  ],
  aws_ecr_repository_policy: [resource('policy', { publicAccessResourceType: 'AWS::ECR::Repository' })],
  // A creation template's policy is the repository policy of each repository it creates.
  aws_ecr_repository_creation_template: [
    resource('repository_policy', { publicAccessResourceType: 'AWS::ECR::Repository' }),
  ],
  aws_ecr_registry_policy: [resource('policy')],
  aws_ecrpublic_repository_policy: [resource('policy')],
  aws_opensearch_domain: [
    resource('access_policies', {
      publicAccessResourceType: 'AWS::OpenSearchService::Domain',
      vpcOnlyWith: 'vpc_options',
      ...computed,
    }),
  ],
  aws_opensearch_domain_policy: [
    resource('access_policies', { publicAccessResourceType: 'AWS::OpenSearchService::Domain' }),
  ],
  aws_elasticsearch_domain: [
    resource('access_policies', {
      publicAccessResourceType: 'AWS::OpenSearchService::Domain',
      vpcOnlyWith: 'vpc_options',
      ...computed,
    }),
  ],
  aws_elasticsearch_domain_policy: [
    resource('access_policies', { publicAccessResourceType: 'AWS::OpenSearchService::Domain' }),
  ],
  aws_glacier_vault: [resource('access_policy', { publicAccessResourceType: 'AWS::S3::Glacier' })],
  aws_glacier_vault_lock: [resource('policy', { publicAccessResourceType: 'AWS::S3::Glacier' })],
  aws_efs_file_system_policy: [resource('policy', { publicAccessResourceType: 'AWS::EFS::FileSystem' })],
  aws_api_gateway_rest_api: [
    resource('policy', { publicAccessResourceType: 'AWS::ApiGateway::RestApi', ...computed }),
  ],
  aws_api_gateway_rest_api_policy: [
    resource('policy', { publicAccessResourceType: 'AWS::ApiGateway::RestApi' }),
  ],
  aws_backup_vault_policy: [resource('policy', { publicAccessResourceType: 'AWS::Backup::BackupVault' })],
  aws_codeartifact_domain_permissions_policy: [
    resource('policy_document', { publicAccessResourceType: 'AWS::CodeArtifact::Domain' }),
  ],
  aws_codeartifact_repository_permissions_policy: [resource('policy_document')],
  aws_codebuild_resource_policy: [resource('policy')],
  aws_kinesis_resource_policy: [resource('policy', { publicAccessResourceType: 'AWS::Kinesis::Stream' })],
  aws_cloudwatch_event_bus_policy: [resource('policy')],
  aws_cloudwatch_log_resource_policy: [resource('policy_document')],
  aws_cloudwatch_log_destination_policy: [resource('access_policy')],
  aws_glue_resource_policy: [resource('policy')],
  aws_media_store_container_policy: [resource('policy')],
  aws_networkfirewall_resource_policy: [resource('policy')],
  aws_ses_identity_policy: [resource('policy')],
  aws_sesv2_email_identity_policy: [resource('policy')],
  aws_cloudsearch_domain_service_access_policy: [resource('access_policy')],
  aws_sagemaker_model_package_group_policy: [resource('resource_policy')],
  aws_vpc_endpoint: [resource('policy', { publicAccessResourceType: 'AWS::EC2::VPCEndpoint', ...computed })],
  aws_vpc_endpoint_policy: [resource('policy', { publicAccessResourceType: 'AWS::EC2::VPCEndpoint' })],
  aws_acmpca_policy: [resource('policy')],
  aws_xray_resource_policy: [resource('policy_document')],
  aws_oam_sink_policy: [resource('policy')],
  aws_vpclattice_auth_policy: [resource('policy')],
  aws_vpclattice_resource_policy: [resource('policy')],
  aws_redshiftserverless_resource_policy: [resource('policy')],
  aws_schemas_registry_policy: [resource('policy')],
  aws_lambda_permission: [
    resource('statement', {
      synthesise: 'lambda-permission',
      publicAccessResourceType: 'AWS::Lambda::Function',
    }),
  ],
  aws_lambda_layer_version_permission: [
    resource('statement', {
      synthesise: 'layer-version-permission',
      publicAccessResourceType: 'AWS::Lambda::LayerVersion',
    }),
  ],

  // AWS Organizations: SCPs and RCPs by the resource's `type`.
  aws_organizations_policy: [
    { attribute: 'content', policyType: 'SERVICE_CONTROL_POLICY', decide: 'organizations' },
  ],
};

/** The policy attributes of a resource type (empty when it holds no IAM policy). */
export function policyAttributesOf(type: string): readonly PolicyAttribute[] {
  return Object.hasOwn(TERRAFORM_POLICY_ATTRIBUTES, type) ? (TERRAFORM_POLICY_ATTRIBUTES[type] ?? []) : [];
}

/** Organizations policy types that are IAM grammar; others (TAG_POLICY, BACKUP_POLICY, ...) are skipped. */
const ORGANIZATIONS_TYPES: Readonly<Record<string, PolicyType>> = {
  SERVICE_CONTROL_POLICY: 'SERVICE_CONTROL_POLICY',
  RESOURCE_CONTROL_POLICY: 'RESOURCE_CONTROL_POLICY',
};

export type PolicyKind =
  | {
      ok: true;
      policyType: PolicyType;
      resourceType?: ValidateResourceType;
      publicAccessResourceType?: string;
    }
  | { ok: false; skip: 'not-iam' | 'unknown-type' };

/**
 * The policy type of one attribute of one resource instance, refined by its other values:
 * `aws_organizations_policy` by `type` (absent or null: the provider's default, SERVICE_CONTROL_POLICY);
 * `aws_dynamodb_resource_policy` on a stream ARN drops the Table resource type (ValidatePolicy has no
 * stream type); `aws_kinesis_resource_policy` on a consumer ARN is a StreamConsumer for public-access checks.
 */
export function policyKindOf(rule: PolicyAttribute, type: string, after: unknown): PolicyKind {
  const values = isObject(after) ? after : {};
  if (rule.decide === 'organizations') {
    const orgType = values.type;
    if (orgType === undefined || orgType === null) return { ok: true, policyType: 'SERVICE_CONTROL_POLICY' };
    if (typeof orgType !== 'string') return { ok: false, skip: 'unknown-type' };
    const policyType = ORGANIZATIONS_TYPES[orgType];
    return policyType ? { ok: true, policyType } : { ok: false, skip: 'not-iam' };
  }
  const kind: PolicyKind = { ok: true, policyType: rule.policyType };
  let resourceType = rule.resourceType;
  let publicType = rule.publicAccessResourceType;
  const arn = values.resource_arn;
  if (type === 'aws_dynamodb_resource_policy' && typeof arn === 'string' && arn.includes('/stream/')) {
    resourceType = undefined;
    publicType = 'AWS::DynamoDB::Stream';
  }
  if (type === 'aws_kinesis_resource_policy' && typeof arn === 'string' && arn.includes('/consumer/')) {
    publicType = 'AWS::Kinesis::StreamConsumer';
  }
  if (resourceType !== undefined) kind.resourceType = resourceType;
  if (publicType !== undefined) kind.publicAccessResourceType = publicType;
  return kind;
}
