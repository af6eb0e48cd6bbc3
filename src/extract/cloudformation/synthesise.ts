// The resources that hold no policy document but add a statement to one: AWS::Lambda::Permission and
// AWS::Lambda::LayerVersionPermission (built as the Terraform aws_lambda_permission's statement is, by
// terraform-lambda-permission.ts), and an AWS::Events::EventBusPolicy without `Statement` (EventBridge's
// PutPermission). The properties come resolved. Pure.
import { lambdaPermissionPolicy } from '../terraform-lambda-permission';
import type { Pseudo } from './placeholders';
import { isObject, type JsonObject } from './resolve';

export type Synthesised = { ok: true; document: JsonObject } | { ok: false; missing: string };

/** Property of the CloudFormation resource -> attribute of aws_lambda_permission. */
const LAMBDA_PERMISSION: Readonly<Record<string, string>> = {
  Action: 'action',
  Principal: 'principal',
  FunctionName: 'function_name',
  SourceArn: 'source_arn',
  SourceAccount: 'source_account',
  PrincipalOrgID: 'principal_org_id',
  EventSourceToken: 'event_source_token',
  FunctionUrlAuthType: 'function_url_auth_type',
};

/** The layer's AddLayerVersionPermission: the layer version ARN is the resource, OrganizationId the org. */
const LAYER_PERMISSION: Readonly<Record<string, string>> = {
  Action: 'action',
  Principal: 'principal',
  LayerVersionArn: 'function_name',
  OrganizationId: 'principal_org_id',
};

function viaLambda(properties: JsonObject, names: Readonly<Record<string, string>>): Synthesised {
  const after: JsonObject = {};
  for (const [property, attribute] of Object.entries(names)) {
    const value = properties[property];
    if (typeof value === 'string' || typeof value === 'number') after[attribute] = String(value);
  }
  const built = lambdaPermissionPolicy(after, {});
  if (!built.ok) {
    const missing = Object.entries(names).find(([, a]) => a === built.unknown)?.[0] ?? built.unknown;
    return { ok: false, missing };
  }
  return { ok: true, document: JSON.parse(built.document) as JsonObject };
}

/** The statement an AWS::Lambda::Permission adds to its function's policy. */
export function lambdaPermission(properties: JsonObject): Synthesised {
  return viaLambda(properties, LAMBDA_PERMISSION);
}

/** The statement an AWS::Lambda::LayerVersionPermission adds to its layer version's policy. */
export function layerPermission(properties: JsonObject): Synthesised {
  return viaLambda(properties, LAYER_PERMISSION);
}

/**
 * The statement of an AWS::Events::EventBusPolicy written with Action, Principal and Condition (the form
 * before `Statement`): PutPermission grants `Principal` (an account id, or `*` with an organization
 * condition) `Action` on the bus.
 */
export function eventBusPermission(properties: JsonObject, p: Pseudo): Synthesised {
  const { Action: action, Principal: principal } = properties;
  if (typeof principal !== 'string') return { ok: false, missing: 'Principal' };
  if (typeof action !== 'string') return { ok: false, missing: 'Action' };
  const bus = typeof properties.EventBusName === 'string' ? properties.EventBusName : 'default';
  const statement: JsonObject = {};
  if (typeof properties.StatementId === 'string' && /^[A-Za-z0-9]+$/.test(properties.StatementId)) {
    statement.Sid = properties.StatementId;
  }
  statement.Effect = 'Allow';
  statement.Principal =
    principal === '*'
      ? '*'
      : { AWS: /^\d{12}$/.test(principal) ? `arn:${p.partition}:iam::${principal}:root` : principal };
  statement.Action = action;
  statement.Resource = bus.startsWith('arn:')
    ? bus
    : `arn:${p.partition}:events:${p.region}:${p.accountId}:event-bus/${bus}`;
  const condition = properties.Condition;
  if (isObject(condition) && typeof condition.Type === 'string' && typeof condition.Key === 'string') {
    statement.Condition = { [condition.Type]: { [condition.Key]: condition.Value } };
  }
  return { ok: true, document: { Version: '2012-10-17', Statement: [statement] } };
}
