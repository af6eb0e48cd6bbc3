// What a `Ref` or `Fn::GetAtt` to a resource of the template stands for, offline: a deterministic,
// well-formed value of the resource type's shape (an ARN for `Arn`, a name, a queue URL, a key id), built
// from the type, the logical id (or a literal name property) and the pseudo parameters. The same template
// always yields the same documents, and Access Analyzer sees valid ARNs rather than strings it flags.

import { placeholderValue } from '../../core/placeholder-value';

/** The pseudo parameters a placeholder is built from. */
export interface Pseudo {
  partition: string;
  region: string;
  accountId: string;
  urlSuffix: string;
}

interface Shape {
  /** The resource's own name property, used when the template gives it literally. */
  nameProperty?: string;
  /** The ARN of a resource named `name`. */
  arn(name: string, p: Pseudo): string;
  /** What `Ref` returns (default: the name). */
  ref?: 'arn' | ((name: string, p: Pseudo) => string);
  /** Other attributes of Fn::GetAtt. */
  attributes?: Readonly<Record<string, (name: string, p: Pseudo) => string>>;
}

const regional =
  (service: string, resource: (name: string) => string) =>
  (name: string, p: Pseudo): string =>
    `arn:${p.partition}:${service}:${p.region}:${p.accountId}:${resource(name)}`;

const iam =
  (kind: string) =>
  (name: string, p: Pseudo): string =>
    `arn:${p.partition}:iam::${p.accountId}:${kind}/${name}`;

/** A stable hex id of a name (a KMS key id, a REST API id): FNV-1a, so the same name gives the same id. */
function stableId(name: string, length: number): string {
  let out = '';
  for (let round = 0; out.length < length; round++) {
    let h = 0x811c9dc5 ^ round;
    for (let i = 0; i < name.length; i++) {
      h ^= name.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

function keyId(name: string): string {
  const h = stableId(name, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A Cognito user pool id: the Region, `_` and nine letters and digits. */
function userPoolId(name: string, p: Pseudo): string {
  return `${p.region}_${stableId(name, 9)}`;
}

const SHAPES: Readonly<Record<string, Shape>> = {
  'AWS::IAM::Role': {
    nameProperty: 'RoleName',
    arn: iam('role'),
    attributes: { RoleId: (n) => `AROA${stableId(n, 17).toUpperCase()}` },
  },
  'AWS::IAM::User': { nameProperty: 'UserName', arn: iam('user') },
  'AWS::IAM::Group': { nameProperty: 'GroupName', arn: iam('group') },
  'AWS::IAM::ManagedPolicy': {
    nameProperty: 'ManagedPolicyName',
    arn: iam('policy'),
    ref: 'arn',
    attributes: { PolicyArn: iam('policy') },
  },
  // Identity providers: Ref returns the ARN, which names an OIDC provider by its URL without the scheme.
  'AWS::IAM::OIDCProvider': {
    nameProperty: 'Url',
    arn: (n, p) => `arn:${p.partition}:iam::${p.accountId}:oidc-provider/${n.replace(/^https:\/\//, '')}`,
    ref: 'arn',
  },
  'AWS::IAM::SAMLProvider': { nameProperty: 'Name', arn: iam('saml-provider'), ref: 'arn' },
  'AWS::IAM::InstanceProfile': { nameProperty: 'InstanceProfileName', arn: iam('instance-profile') },
  'AWS::S3::Bucket': {
    nameProperty: 'BucketName',
    arn: (n, p) => `arn:${p.partition}:s3:::${n}`,
    attributes: {
      DomainName: (n, p) => `${n}.s3.${p.urlSuffix}`,
      RegionalDomainName: (n, p) => `${n}.s3.${p.region}.${p.urlSuffix}`,
    },
  },
  'AWS::S3::AccessPoint': { nameProperty: 'Name', arn: regional('s3', (n) => `accesspoint/${n}`) },
  'AWS::S3::MultiRegionAccessPoint': {
    nameProperty: 'Name',
    arn: (n, p) => `arn:${p.partition}:s3::${p.accountId}:accesspoint/${n}.mrap`,
    attributes: { Alias: (n) => `${n}.mrap` },
  },
  'AWS::S3ObjectLambda::AccessPoint': {
    nameProperty: 'Name',
    arn: regional('s3-object-lambda', (n) => `accesspoint/${n}`),
  },
  'AWS::SQS::Queue': {
    nameProperty: 'QueueName',
    arn: regional('sqs', (n) => n),
    ref: (n, p) => `https://sqs.${p.region}.${p.urlSuffix}/${p.accountId}/${n}`,
    attributes: {
      QueueName: (n) => n,
      QueueUrl: (n, p) => `https://sqs.${p.region}.${p.urlSuffix}/${p.accountId}/${n}`,
    },
  },
  'AWS::SNS::Topic': {
    nameProperty: 'TopicName',
    arn: regional('sns', (n) => n),
    ref: 'arn',
    attributes: { TopicName: (n) => n, TopicArn: regional('sns', (n) => n) },
  },
  'AWS::KMS::Key': {
    arn: regional('kms', (n) => `key/${keyId(n)}`),
    ref: (n) => keyId(n),
    attributes: { KeyId: (n) => keyId(n) },
  },
  'AWS::KMS::Alias': { nameProperty: 'AliasName', arn: regional('kms', (n) => n), ref: (n) => n },
  'AWS::Lambda::Function': { nameProperty: 'FunctionName', arn: regional('lambda', (n) => `function:${n}`) },
  'AWS::Lambda::Alias': { nameProperty: 'Name', arn: regional('lambda', (n) => `function:${n}`), ref: 'arn' },
  'AWS::Lambda::LayerVersion': {
    nameProperty: 'LayerName',
    arn: regional('lambda', (n) => `layer:${n}:1`),
    ref: 'arn',
  },
  'AWS::SecretsManager::Secret': {
    nameProperty: 'Name',
    arn: regional('secretsmanager', (n) => `secret:${n}-AbCdEf`),
    ref: 'arn',
  },
  'AWS::DynamoDB::Table': {
    nameProperty: 'TableName',
    arn: regional('dynamodb', (n) => `table/${n}`),
    attributes: { StreamArn: regional('dynamodb', (n) => `table/${n}/stream/2020-01-01T00:00:00.000`) },
  },
  'AWS::DynamoDB::GlobalTable': {
    nameProperty: 'TableName',
    arn: regional('dynamodb', (n) => `table/${n}`),
    attributes: { StreamArn: regional('dynamodb', (n) => `table/${n}/stream/2020-01-01T00:00:00.000`) },
  },
  'AWS::ECR::Repository': { nameProperty: 'RepositoryName', arn: regional('ecr', (n) => `repository/${n}`) },
  'AWS::Events::EventBus': { nameProperty: 'Name', arn: regional('events', (n) => `event-bus/${n}`) },
  'AWS::Events::Rule': { nameProperty: 'Name', arn: regional('events', (n) => `rule/${n}`) },
  'AWS::Logs::LogGroup': { nameProperty: 'LogGroupName', arn: regional('logs', (n) => `log-group:${n}:*`) },
  'AWS::Kinesis::Stream': { nameProperty: 'Name', arn: regional('kinesis', (n) => `stream/${n}`) },
  'AWS::StepFunctions::StateMachine': {
    nameProperty: 'StateMachineName',
    arn: regional('states', (n) => `stateMachine:${n}`),
    ref: 'arn',
  },
  'AWS::OpenSearchService::Domain': {
    nameProperty: 'DomainName',
    arn: regional('es', (n) => `domain/${n}`),
    attributes: { DomainArn: regional('es', (n) => `domain/${n}`) },
  },
  'AWS::Elasticsearch::Domain': {
    nameProperty: 'DomainName',
    arn: regional('es', (n) => `domain/${n}`),
    attributes: { DomainArn: regional('es', (n) => `domain/${n}`) },
  },
  'AWS::Backup::BackupVault': {
    nameProperty: 'BackupVaultName',
    arn: regional('backup', (n) => `backup-vault:${n}`),
    attributes: { BackupVaultArn: regional('backup', (n) => `backup-vault:${n}`) },
  },
  'AWS::CodeArtifact::Domain': {
    nameProperty: 'DomainName',
    arn: regional('codeartifact', (n) => `domain/${n}`),
  },
  'AWS::CodeArtifact::Repository': {
    nameProperty: 'RepositoryName',
    arn: regional('codeartifact', (n) => `repository/domain/${n}`),
    ref: 'arn',
  },
  'AWS::ApiGateway::RestApi': {
    arn: (n, p) => `arn:${p.partition}:apigateway:${p.region}::/restapis/${stableId(n, 10)}`,
    ref: (n) => stableId(n, 10),
    attributes: { RootResourceId: (n) => stableId(`${n}/`, 10), RestApiId: (n) => stableId(n, 10) },
  },
  // An EC2 id of the resource's own form (vpc-, vpce-, 17 hex digits), as aws:SourceVpc / aws:SourceVpce take it.
  'AWS::EC2::VPC': {
    arn: regional('ec2', (n) => `vpc/vpc-${stableId(n, 17)}`),
    ref: (n) => `vpc-${stableId(n, 17)}`,
    attributes: { VpcId: (n) => `vpc-${stableId(n, 17)}` },
  },
  'AWS::EC2::VPCEndpoint': {
    arn: regional('ec2', (n) => `vpc-endpoint/vpce-${stableId(n, 17)}`),
    ref: (n) => `vpce-${stableId(n, 17)}`,
    attributes: { Id: (n) => `vpce-${stableId(n, 17)}` },
  },
  // Types whose Ref is their ARN (CloudFormation's return values of each): a Resource written as `!Ref X`.
  'AWS::ECS::TaskDefinition': {
    nameProperty: 'Family',
    arn: regional('ecs', (n) => `task-definition/${n}:1`),
    ref: 'arn',
    attributes: { TaskDefinitionArn: regional('ecs', (n) => `task-definition/${n}:1`) },
  },
  'AWS::ECS::Service': {
    nameProperty: 'ServiceName',
    arn: regional('ecs', (n) => `service/default/${n}`),
    ref: 'arn',
    attributes: { ServiceArn: regional('ecs', (n) => `service/default/${n}`) },
  },
  'AWS::ECS::Cluster': { nameProperty: 'ClusterName', arn: regional('ecs', (n) => `cluster/${n}`) },
  'AWS::ElasticLoadBalancingV2::TargetGroup': {
    nameProperty: 'Name',
    arn: regional('elasticloadbalancing', (n) => `targetgroup/${n}/${stableId(n, 16)}`),
    ref: 'arn',
    attributes: {
      TargetGroupName: (n) => n,
      TargetGroupFullName: (n) => `targetgroup/${n}/${stableId(n, 16)}`,
    },
  },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': {
    nameProperty: 'Name',
    arn: regional('elasticloadbalancing', (n) => `loadbalancer/app/${n}/${stableId(n, 16)}`),
    ref: 'arn',
    attributes: { LoadBalancerName: (n) => n, LoadBalancerFullName: (n) => `app/${n}/${stableId(n, 16)}` },
  },
  'AWS::ElasticLoadBalancingV2::Listener': {
    arn: regional(
      'elasticloadbalancing',
      (n) => `listener/app/${n}/${stableId(n, 16)}/${stableId(`${n}/`, 16)}`,
    ),
    ref: 'arn',
  },
  'AWS::CertificateManager::Certificate': {
    arn: regional('acm', (n) => `certificate/${keyId(n)}`),
    ref: 'arn',
  },
  'AWS::StepFunctions::Activity': {
    nameProperty: 'Name',
    arn: regional('states', (n) => `activity:${n}`),
    ref: 'arn',
  },
  'AWS::Batch::JobQueue': {
    nameProperty: 'JobQueueName',
    arn: regional('batch', (n) => `job-queue/${n}`),
    ref: 'arn',
  },
  'AWS::Batch::JobDefinition': {
    nameProperty: 'JobDefinitionName',
    arn: regional('batch', (n) => `job-definition/${n}:1`),
    ref: 'arn',
  },
  'AWS::Batch::ComputeEnvironment': {
    nameProperty: 'ComputeEnvironmentName',
    arn: regional('batch', (n) => `compute-environment/${n}`),
    ref: 'arn',
  },
  'AWS::MSK::Cluster': {
    nameProperty: 'ClusterName',
    arn: regional('kafka', (n) => `cluster/${n}/${keyId(n)}-1`),
    ref: 'arn',
  },
  'AWS::AppSync::GraphQLApi': {
    arn: regional('appsync', (n) => `apis/${stableId(n, 26)}`),
    ref: 'arn',
    attributes: { ApiId: (n) => stableId(n, 26) },
  },
  // Types whose ARN names another service than their type does.
  'AWS::KinesisFirehose::DeliveryStream': {
    nameProperty: 'DeliveryStreamName',
    arn: regional('firehose', (n) => `deliverystream/${n}`),
  },
  'AWS::Cognito::UserPool': {
    arn: (n, p) => regional('cognito-idp', () => `userpool/${userPoolId(n, p)}`)(n, p),
    ref: userPoolId,
    attributes: { UserPoolId: userPoolId },
  },
  'AWS::SSO::PermissionSet': {
    nameProperty: 'Name',
    arn: (n, p) => `arn:${p.partition}:sso:::permissionSet/ssoins-${stableId(n, 16)}/ps-${stableId(n, 16)}`,
    attributes: {
      PermissionSetArn: (n, p) =>
        `arn:${p.partition}:sso:::permissionSet/ssoins-${stableId(n, 16)}/ps-${stableId(n, 16)}`,
    },
  },
};

/** The property a resource type's name is given in (`BucketName`), if the table knows one. */
export function namePropertyOf(type: string): string | undefined {
  return SHAPES[type]?.nameProperty;
}

/** The service part of an ARN for a type the table does not know: `AWS::Glue::Database` -> glue. */
function serviceOf(type: string): string {
  return (type.split('::')[1] ?? 'unknown').toLowerCase();
}

function resourceKindOf(type: string): string {
  return (type.split('::')[2] ?? 'resource').toLowerCase();
}

/** A name as the template gives it (a literal name property), else one made from the logical id. */
function nameOf(shape: Shape | undefined, type: string, logicalId: string, properties: unknown): string {
  const given =
    shape?.nameProperty !== undefined && typeof properties === 'object' && properties !== null
      ? (properties as Record<string, unknown>)[shape.nameProperty]
      : undefined;
  if (typeof given === 'string' && given !== '') return given;
  // S3 bucket names are lower case; other names keep the logical id's case, as CloudFormation does.
  return type === 'AWS::S3::Bucket' ? logicalId.toLowerCase() : logicalId;
}

/**
 * The value of `{"Ref": logicalId}` for a resource. For a type the table does not know, a placeholder:
 * its Ref may be a name, an id or an ARN, and whichever it is CloudFormation gives it at deploy time; the
 * checks of a value's form leave it alone rather than judge the logical id as if it were the value.
 */
export function resourceRef(type: string, logicalId: string, properties: unknown, p: Pseudo): string {
  const shape = SHAPES[type];
  if (shape === undefined) return placeholderValue(logicalId.toLowerCase());
  const name = nameOf(shape, type, logicalId, properties);
  if (shape?.ref === 'arn') return shape.arn(name, p);
  if (typeof shape?.ref === 'function') return shape.ref(name, p);
  return name;
}

/** The value of `{"Fn::GetAtt": [logicalId, attribute]}`. */
export function resourceAttribute(
  type: string,
  logicalId: string,
  attribute: string,
  properties: unknown,
  p: Pseudo,
): string {
  const shape = SHAPES[type];
  const name = nameOf(shape, type, logicalId, properties);
  const arn = (n: string) =>
    shape
      ? shape.arn(n, p)
      : `arn:${p.partition}:${serviceOf(type)}:${p.region}:${p.accountId}:${resourceKindOf(type)}/${n}`;
  const own = shape?.attributes?.[attribute];
  if (own !== undefined) return own(name, p);
  if (attribute === 'Arn' || attribute.endsWith('Arn')) return arn(name);
  if (attribute === 'Name' || attribute.endsWith('Name')) return name;
  if (attribute === 'Id' || attribute.endsWith('Id')) return `${resourceKindOf(type)}-${stableId(name, 17)}`;
  // Any other attribute (an endpoint, a URL): a stable string naming what it stands for.
  return `${name}-${attribute.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}`;
}
