// Resource control policies (AWS Organizations): what an RCP may say beyond the principal (grammar.ts).
// Allow is only for the full-access policy (Principal "*", Resource "*", no Condition); NotAction is not
// supported; a Deny names the actions of services RCPs apply to.

import type { StatementModel } from '../../core/policy/model';
import type { PolicyTarget } from '../../core/types';
import type { Reporter } from './reporter';

/**
 * The service prefixes RCPs apply to: the AWS Organizations User Guide, "List of AWS services that support
 * RCPs" (orgs_manage_policies_rcps.html#rcp-supported-services), as of the gate's release.
 */
const RCP_SERVICES: ReadonlySet<string> = new Set([
  'aoss',
  'appconfig',
  'appstream',
  'autoscaling',
  'autoscaling-plans',
  'budgets',
  'clouddirectory',
  'cloudfront',
  'cloudsearch',
  'cloudtrail-data',
  'codeartifact',
  'codebuild',
  'codecommit',
  'codepipeline',
  'cognito-identity',
  'cognito-idp',
  'comprehend',
  'comprehendmedical',
  'compute-optimizer',
  'cost-optimization-hub',
  'dax',
  'dsql',
  'dynamodb',
  'ecr',
  'ecr-public',
  'events',
  'firehose',
  'fis',
  'fms',
  'gamelift',
  'health',
  'inspector-scan',
  'kendra',
  'kinesisvideo',
  'kms',
  'logs',
  'memorydb',
  'networkmonitor',
  'notifications',
  'opensearch',
  'pca-connector-ad',
  'personalize',
  'polly',
  'pricing',
  'resource-groups',
  'rolesanywhere',
  's3',
  'secretsmanager',
  'servicediscovery',
  'signin',
  'sqs',
  'sts',
  'support',
  'swf',
  'textract',
  'timestream-influxdb',
  'transcribe',
  'transfer',
  'translate',
  'wafv2',
  'workspaces',
  'xray',
]);

export function checkResourceControlPolicy(
  target: PolicyTarget,
  statements: readonly StatementModel[],
  r: Reporter,
): void {
  if (target.policyType !== 'RESOURCE_CONTROL_POLICY') return;
  for (const s of statements) {
    const notAction = s.members.get('NotAction');
    if (notAction) {
      r.add('RCP_SYNTAX_ERROR_NOTACTION', notAction.key, 'RCPs do not support NotAction: use Action.');
    }
    if (s.effect === 'Allow') allowStatement(s, r);
    else if (s.effect === 'Deny') deniedServices(s, r);
  }
}

/** Allow only as the full-access policy has it; a Principal other than "*" is RCP_SYNTAX_ERROR_PRINCIPAL's. */
function allowStatement(s: StatementModel, r: Reporter): void {
  const message =
    'An RCP Allow statement supports only Principal "*", Resource "*" and no Condition: write the restriction as a Deny statement.';
  const notResource = s.members.get('NotResource');
  if (notResource) r.add('RCP_SYNTAX_ERROR_ALLOW', notResource.key, message);
  const other = s.resource?.find((v) => v.value !== '*');
  if (other) r.add('RCP_SYNTAX_ERROR_ALLOW', other.node, message);
  const condition = s.members.get('Condition');
  if (condition) r.add('RCP_SYNTAX_ERROR_ALLOW', condition.key, message);
}

/**
 * Each action of a Deny names a service RCPs apply to. A wildcard in the service prefix (`s*:Get*`) is
 * left alone: which services it means is not the grammar's to say.
 */
function deniedServices(s: StatementModel, r: Reporter): void {
  for (const a of s.action ?? []) {
    r.deadline.tick();
    const colon = a.value.indexOf(':');
    const prefix = colon < 0 ? a.value : a.value.slice(0, colon);
    if (colon < 0 && prefix !== '*') continue; // not an action at all: catalog-checks.ts says so
    if (prefix !== '*' && /[*?]/.test(prefix)) continue;
    if (RCP_SERVICES.has(prefix.toLowerCase())) continue;
    const what =
      prefix === '*' ? `"${a.value}" names no service` : `RCPs do not apply to the service "${prefix}"`;
    r.add(
      'RCP_SYNTAX_ERROR_ACTION',
      a.node,
      `${what}: an RCP's actions must name a service that supports RCPs (s3, sts, kms, sqs, secretsmanager, ...).`,
    );
  }
}
