// Values CloudFormation only knows at deploy time (a parameter without a value, an import, a dynamic
// reference, a Ref to a VPC endpoint) reach the local analyzer as extraction's placeholders: the checks of a
// value's form (VPC endpoint ids, Regions, IP ranges) must not block on them, only the UNRESOLVED_REFERENCE
// warnings say what stands in for what. Through the CLI's run() in-process, offline.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { holdsPlaceholder } from '../../../src/core/placeholder-value';
import { useCliRun } from '../../entries/support';

const t = useCliRun();

/** The CLI's offline check of `text` as template.yaml. */
async function checkOffline(text: string) {
  await t.ws.write('template.yaml', text);
  return t.cli(['check', '--analyzer', 'local', 'template.yaml']);
}

/** Passed, with no ERROR and `warnings` UNRESOLVED_REFERENCE warnings saying what stands for what. */
function expectPassed(result: { stdout: string; code: number }, warnings: number): void {
  expect(result.stdout).not.toMatch(/ ERROR /);
  expect(result.stdout.match(/WARNING UNRESOLVED_REFERENCE/g)).toHaveLength(warnings);
  expect(result.code, result.stdout).toBe(0);
}
const TEMPLATE = readFileSync(
  join(__dirname, '../../fixtures/cloudformation-placeholders/endpoint-bucket.yaml'),
  'utf8',
);

describe('placeholders in condition values', () => {
  it('passes a bucket policy on its VPC endpoint, an import, an SSM value and parameters without values', async () => {
    const result = await checkOffline(TEMPLATE);
    expectPassed(result, 4);
  });

  it('still blocks a malformed literal beside them', async () => {
    const result = await checkOffline(TEMPLATE.replace("'{{resolve:ssm:/net/vpce}}'", 'vpce-123'));
    expect(result.stdout).toContain('ERROR INVALID_VPCE_FORMAT The VPCE identifier "vpce-123"');
    expect(result.code).toBe(1);
  });
});

// A role whose policy names a topic ARN, a log group's Region and account passed as parameters without
// values (as public templates do): the ARN checks leave the placeholders alone.
const ARN_PARAMETERS = `Parameters:
  TopicArn:
    Type: String
  LogRegion:
    Type: String
  LogAccount:
    Type: String
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: notify
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: sns:Publish
                Resource: !Ref TopicArn
              - Effect: Allow
                Action: logs:PutLogEvents
                Resource: !Sub arn:aws:logs:\${LogRegion}:\${LogAccount}:log-group:app:*
`;

describe('placeholders in ARNs', () => {
  it('passes a Resource, a Region and an account given by parameters without values', async () => {
    const result = await checkOffline(ARN_PARAMETERS);
    expectPassed(result, 3);
  });

  it('still blocks a literal that is no ARN beside them', async () => {
    const result = await checkOffline(
      ARN_PARAMETERS.replace('Resource: !Ref TopicArn', 'Resource: my-topic'),
    );
    expect(result.stdout).toContain('ERROR MISSING_ARN_FIELD "my-topic" lacks fields');
    expect(result.code).toBe(1);
  });
});

// Trust in a provider and a service named by parameters without values (an EKS cluster's OIDC provider
// ARN is a stack parameter in public templates): the principal format checks leave the placeholders alone.
const PRINCIPAL_PARAMETERS = `Parameters:
  ClusterOidcProvider:
    Type: String
  TrustedService:
    Type: String
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Federated: !Ref ClusterOidcProvider }
            Action: sts:AssumeRoleWithWebIdentity
          - Effect: Allow
            Principal: { Service: !Ref TrustedService }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: pass
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: iam:PassRole
                Resource: '*'
                Condition:
                  StringEquals:
                    iam:PassedToService: !Ref TrustedService
`;

describe('placeholders in principals', () => {
  it('passes a federated and a service principal given by parameters without values', async () => {
    const result = await checkOffline(PRINCIPAL_PARAMETERS);
    expectPassed(result, 3);
  });

  it('still blocks literals of the wrong form beside them', async () => {
    const result = await checkOffline(
      PRINCIPAL_PARAMETERS.replace('!Ref ClusterOidcProvider', 'my-provider').replace(
        'iam:PassedToService: !Ref TrustedService',
        'iam:PassedToService: Lambda',
      ),
    );
    expect(result.stdout).toContain(
      'ERROR INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY The federated principal "my-provider"',
    );
    expect(result.stdout).toContain(
      'ERROR INVALID_SERVICE_PRINCIPAL_FORMAT The iam:PassedToService value "Lambda"',
    );
    expect(result.code).toBe(1);
  });
});

// Refs to resources of the template whose Ref is their ARN (CloudFormation's return values), one of a type
// the gate has no shape for (AWS::IVS::Channel: its Ref is the channel's ARN), and Arns of types whose
// service differs from their type's name (Firehose, Cognito user pools).
const RESOURCE_REFS = `Resources:
  Task: { Type: AWS::ECS::TaskDefinition, Properties: { Family: web } }
  Group: { Type: AWS::ElasticLoadBalancingV2::TargetGroup, Properties: { Name: web } }
  Cert: { Type: AWS::CertificateManager::Certificate, Properties: { DomainName: example.com } }
  Work: { Type: AWS::StepFunctions::Activity, Properties: { Name: work } }
  Queue: { Type: AWS::Batch::JobQueue, Properties: { Priority: 1 } }
  Kafka: { Type: AWS::MSK::Cluster, Properties: { ClusterName: events } }
  Service: { Type: AWS::ECS::Service, Properties: { ServiceName: web } }
  Balancer: { Type: AWS::ElasticLoadBalancingV2::LoadBalancer }
  Listener: { Type: AWS::ElasticLoadBalancingV2::Listener }
  JobDef: { Type: AWS::Batch::JobDefinition, Properties: { Type: container } }
  Compute: { Type: AWS::Batch::ComputeEnvironment, Properties: { Type: MANAGED } }
  Api: { Type: AWS::AppSync::GraphQLApi, Properties: { Name: api, AuthenticationType: AWS_IAM } }
  Channel: { Type: AWS::IVS::Channel }
  Stream: { Type: AWS::KinesisFirehose::DeliveryStream }
  Users: { Type: AWS::Cognito::UserPool }
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: [ecs:RunTask, elasticloadbalancing:RegisterTargets, acm:DescribeCertificate,
              states:GetActivityTask, batch:SubmitJob, kafka:DescribeCluster, ivs:GetChannel]
            Resource: [!Ref Task, !Ref Group, !Ref Cert, !Ref Work, !Ref Queue, !Ref Kafka, !Ref Channel]
          - Effect: Allow
            Action: [ecs:UpdateService, elasticloadbalancing:ModifyListener, elasticloadbalancing:DeleteLoadBalancer,
              batch:DescribeJobDefinitions, batch:UpdateComputeEnvironment, appsync:GetGraphqlApi]
            Resource: [!Ref Service, !Ref Balancer, !Ref Listener, !Ref JobDef, !Ref Compute, !Ref Api]
          - Effect: Allow
            Action: [firehose:PutRecord, cognito-idp:AdminGetUser]
            Resource: [!GetAtt Stream.Arn, !GetAtt Users.Arn]
`;

describe('placeholders for resources of the template', () => {
  it("passes Refs that are ARNs, a type without a shape, and Arns named by another service's prefix", async () => {
    const result = await checkOffline(RESOURCE_REFS);
    expect(result.stdout).not.toMatch(/ ERROR /);
    expect(result.stdout).not.toContain('UNKNOWN_TO_CATALOG');
    expect(result.code, result.stdout).toBe(0);
  });
});

// An EKS service account's trust, written as a JSON string whose condition keys name the provider given
// as a parameter (as public templates write it): no key is judged by the placeholder's name.
const SUB_TRUST = `Parameters:
  OidcProvider:
    Type: String
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: !Sub |
        {
          "Version": "2012-10-17",
          "Statement": [{
            "Effect": "Allow",
            "Principal": { "Federated": "arn:aws:iam::\${AWS::AccountId}:oidc-provider/\${OidcProvider}" },
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": { "StringEquals": { "\${OidcProvider}:sub": "system:serviceaccount:dns:external-dns" } }
          }]
        }
`;

describe('placeholders in condition keys', () => {
  it('leaves a key alone whose prefix is a provider given by a parameter without a value', async () => {
    const result = await checkOffline(SUB_TRUST);
    expect(result.stdout).not.toContain('UNKNOWN_TO_CATALOG');
    expectPassed(result, 1);
  });
});

describe('holdsPlaceholder', () => {
  it.each([
    ['allowedcidr-placeholder', true],
    ['ssm--net-vpce-placeholder', true],
    ['arn:aws:cloudformation:us-east-1:123456789012:export/SharedEndpointId', true],
    ['vpce-0123456789abcdef0', false],
    ['10.0.0.0/8', false],
    ['arn:aws:cloudformation:us-east-1:123456789012:stack/x/y', false],
  ])('%s -> %s', (value, expected) => {
    expect(holdsPlaceholder(value)).toBe(expected);
  });
});
