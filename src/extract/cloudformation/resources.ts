// The one table of CloudFormation: which property of which resource type holds an IAM policy, and how
// Access Analyzer must read it (policyType + validatePolicyResourceType), like terraform-resource-map.ts.
//
// Coverage: every type awslabs/aws-cloudformation-iam-policy-validator parses, plus ECR, OpenSearch and
// Elasticsearch domains, EventBridge, CloudWatch Logs, Backup, CodeArtifact, API Gateway, DynamoDB, VPC
// endpoints, MediaStore and Organizations. Type and property names are checked against the CloudFormation resource provider schemas
// (test/fixtures/cloudformation/resource-spec-extract.json names the source; resources-spec.test.ts).
// `resourceType` is only ever one of the values ValidatePolicy accepts (core/types.ts
// VALIDATE_POLICY_RESOURCE_TYPES), only on resource policies; `publicAccessResourceType` is
// the resource's own type, for CheckNoPublicAccess.
import type { PolicyType } from '../../core/types';
import type { ValidateResourceType } from '../terraform-resource-map';

export interface TemplatePolicyProperty {
  /**
   * Where the policy is under `Properties`: property names, `*` for each item of a list (`Policies`, `*`,
   * `PolicyDocument`: every inline policy of a role).
   */
  path: readonly string[];
  policyType: PolicyType;
  resourceType?: ValidateResourceType;
  publicAccessResourceType?: string;
  /** Organizations policies: the type is the resource's `Type` (SCP, RCP; other types are not IAM grammar). */
  decide?: 'organizations';
  /**
   * The statement is built from other properties: Lambda's AddPermission (`AWS::Lambda::Permission`), the
   * layer's AddLayerVersionPermission, EventBridge's PutPermission (an EventBusPolicy without `Statement`).
   */
  synthesise?: 'lambda-permission' | 'layer-permission' | 'event-bus-permission';
  /** The property is one statement, not a document (EventBusPolicy `Statement`). */
  statement?: boolean;
  /** Resources may be written as API Gateway's `execute-api:/...` shorthand for the API's own ARN. */
  shorthand?: 'execute-api';
  /** The property that, set to a mapping, puts the resource in a VPC only (PolicyTarget.inVpc). */
  vpcOnlyWith?: string;
}

const identity = (path: readonly string[]): TemplatePolicyProperty => ({
  path,
  policyType: 'IDENTITY_POLICY',
});

function resource(
  path: readonly string[],
  extra: Partial<TemplatePolicyProperty> = {},
): TemplatePolicyProperty {
  return { path, policyType: 'RESOURCE_POLICY', ...extra };
}

const INLINE_POLICIES = identity(['Policies', '*', 'PolicyDocument']);

/** Resource type -> its policy properties. */
export const CLOUDFORMATION_POLICY_PROPERTIES: Readonly<Record<string, readonly TemplatePolicyProperty[]>> = {
  'AWS::IAM::Role': [
    resource(['AssumeRolePolicyDocument'], {
      resourceType: 'AWS::IAM::AssumeRolePolicyDocument',
      publicAccessResourceType: 'AWS::IAM::AssumeRolePolicyDocument',
    }),
    INLINE_POLICIES,
  ],
  'AWS::IAM::User': [INLINE_POLICIES],
  'AWS::IAM::Group': [INLINE_POLICIES],
  'AWS::IAM::Policy': [identity(['PolicyDocument'])],
  'AWS::IAM::ManagedPolicy': [identity(['PolicyDocument'])],
  'AWS::IAM::RolePolicy': [identity(['PolicyDocument'])],
  'AWS::IAM::UserPolicy': [identity(['PolicyDocument'])],
  'AWS::IAM::GroupPolicy': [identity(['PolicyDocument'])],
  'AWS::SSO::PermissionSet': [identity(['InlinePolicy'])],
  'AWS::S3::BucketPolicy': [
    resource(['PolicyDocument'], {
      resourceType: 'AWS::S3::Bucket',
      publicAccessResourceType: 'AWS::S3::Bucket',
    }),
  ],
  'AWS::S3::AccessPoint': [
    resource(['Policy'], {
      resourceType: 'AWS::S3::AccessPoint',
      publicAccessResourceType: 'AWS::S3::AccessPoint',
    }),
  ],
  'AWS::S3::MultiRegionAccessPointPolicy': [
    resource(['Policy'], {
      resourceType: 'AWS::S3::MultiRegionAccessPoint',
      publicAccessResourceType: 'AWS::S3::MultiRegionAccessPoint',
    }),
  ],
  'AWS::S3ObjectLambda::AccessPointPolicy': [
    resource(['PolicyDocument'], {
      resourceType: 'AWS::S3ObjectLambda::AccessPoint',
      publicAccessResourceType: 'AWS::S3ObjectLambda::AccessPoint',
    }),
  ],
  'AWS::SQS::QueuePolicy': [resource(['PolicyDocument'], { publicAccessResourceType: 'AWS::SQS::Queue' })],
  'AWS::SNS::TopicPolicy': [resource(['PolicyDocument'], { publicAccessResourceType: 'AWS::SNS::Topic' })],
  'AWS::KMS::Key': [resource(['KeyPolicy'], { publicAccessResourceType: 'AWS::KMS::Key' })],
  'AWS::Lambda::Permission': [
    resource([], { synthesise: 'lambda-permission', publicAccessResourceType: 'AWS::Lambda::Function' }),
  ],
  'AWS::Lambda::LayerVersionPermission': [
    resource([], { synthesise: 'layer-permission', publicAccessResourceType: 'AWS::Lambda::LayerVersion' }),
  ],
  'AWS::SecretsManager::ResourcePolicy': [
    resource(['ResourcePolicy'], { publicAccessResourceType: 'AWS::SecretsManager::Secret' }),
  ],
  'AWS::ECR::Repository': [
    resource(['RepositoryPolicyText'], { publicAccessResourceType: 'AWS::ECR::Repository' }),
  ],
  'AWS::OpenSearchService::Domain': [
    resource(['AccessPolicies'], {
      publicAccessResourceType: 'AWS::OpenSearchService::Domain',
      vpcOnlyWith: 'VPCOptions',
    }),
  ],
  'AWS::Elasticsearch::Domain': [
    resource(['AccessPolicies'], {
      publicAccessResourceType: 'AWS::OpenSearchService::Domain',
      vpcOnlyWith: 'VPCOptions',
    }),
  ],
  'AWS::Events::EventBusPolicy': [
    resource(['Statement'], { statement: true, synthesise: 'event-bus-permission' }),
  ],
  'AWS::Events::EventBus': [resource(['Policy'])],
  'AWS::Logs::ResourcePolicy': [resource(['PolicyDocument'])],
  'AWS::Backup::BackupVault': [
    resource(['AccessPolicy'], { publicAccessResourceType: 'AWS::Backup::BackupVault' }),
  ],
  'AWS::CodeArtifact::Domain': [
    resource(['PermissionsPolicyDocument'], { publicAccessResourceType: 'AWS::CodeArtifact::Domain' }),
  ],
  'AWS::CodeArtifact::Repository': [resource(['PermissionsPolicyDocument'])],
  'AWS::ECR::PublicRepository': [resource(['RepositoryPolicyText'])],
  'AWS::EC2::VPCEndpoint': [
    resource(['PolicyDocument'], { publicAccessResourceType: 'AWS::EC2::VPCEndpoint' }),
  ],
  'AWS::MediaStore::Container': [resource(['Policy'])],
  'AWS::EFS::FileSystem': [
    resource(['FileSystemPolicy'], { publicAccessResourceType: 'AWS::EFS::FileSystem' }),
  ],
  'AWS::ApiGateway::RestApi': [
    resource(['Policy'], { publicAccessResourceType: 'AWS::ApiGateway::RestApi', shorthand: 'execute-api' }),
  ],
  'AWS::DynamoDB::Table': [
    resource(['ResourcePolicy', 'PolicyDocument'], {
      resourceType: 'AWS::DynamoDB::Table',
      publicAccessResourceType: 'AWS::DynamoDB::Table',
    }),
    resource(['StreamSpecification', 'ResourcePolicy', 'PolicyDocument'], {
      publicAccessResourceType: 'AWS::DynamoDB::Stream',
    }),
  ],
  'AWS::DynamoDB::GlobalTable': [
    resource(['Replicas', '*', 'ResourcePolicy', 'PolicyDocument'], {
      resourceType: 'AWS::DynamoDB::Table',
      publicAccessResourceType: 'AWS::DynamoDB::Table',
    }),
    resource(['Replicas', '*', 'ReplicaStreamSpecification', 'ResourcePolicy', 'PolicyDocument'], {
      publicAccessResourceType: 'AWS::DynamoDB::Stream',
    }),
  ],
  'AWS::Organizations::Policy': [
    { path: ['Content'], policyType: 'SERVICE_CONTROL_POLICY', decide: 'organizations' },
  ],
};

/** The policy properties of a resource type (none for a type that holds no policy). */
export function policyPropertiesOf(type: string): readonly TemplatePolicyProperty[] {
  return Object.hasOwn(CLOUDFORMATION_POLICY_PROPERTIES, type)
    ? (CLOUDFORMATION_POLICY_PROPERTIES[type] ?? [])
    : [];
}

/** Organizations policy `Type` -> the ValidatePolicy policy type; other types hold no IAM policy. */
export const ORGANIZATIONS_POLICY_TYPES: Readonly<Record<string, PolicyType>> = {
  SERVICE_CONTROL_POLICY: 'SERVICE_CONTROL_POLICY',
  RESOURCE_CONTROL_POLICY: 'RESOURCE_CONTROL_POLICY',
};
