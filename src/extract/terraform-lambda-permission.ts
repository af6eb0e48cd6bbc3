// aws_lambda_permission holds no policy document: it adds one statement to the function's resource policy
// (Lambda's AddPermission). This rebuilds that statement, so that Access Analyzer sees what the function's
// policy will grant; and the one aws_lambda_layer_version_permission adds to a layer version's policy
// (AddLayerVersionPermission: `principal` an account id or "*", `organization_id` the condition). Pure.
//
// The synthesis, as Lambda builds the statement from AddPermission's parameters:
//   Sid        statement_id, when known and alphanumeric (Lambda also accepts `-` and `_`, which IAM's
//              grammar for Sid does not: such an id is left out rather than reported as a policy error)
//   Effect     Allow
//   Principal  "*" as is; a 12-digit account id or an ARN as {"AWS": value}; a dotted name
//              (`sns.amazonaws.com`) as {"Service": value}; anything else as {"AWS": value}
//   Action     action
//   Resource   function_name when it is an ARN, `arn:aws:lambda:*:<partial ARN>` for `123456789012:function:f`,
//              else `arn:aws:lambda:*:*:function:<name>`; `:<qualifier>` appended when qualifier is set;
//              `arn:aws:lambda:*:*:function:*` when the name is unknown at plan time
//   Condition  source_arn             -> ArnLike      AWS:SourceArn
//              source_account         -> StringEquals AWS:SourceAccount
//              principal_org_id       -> StringEquals aws:PrincipalOrgID
//              event_source_token     -> StringEquals lambda:EventSourceToken
//              function_url_auth_type -> StringEquals lambda:FunctionUrlAuthType
// A condition value unknown at plan time (a `source_arn` of a resource created in the same plan, the usual
// case) keeps its condition with the value `*` under the -Like operator: the statement stays restricted by
// that key, and no warning is raised for it. An unknown `principal` or `action` makes the statement
// unknowable: the caller reports UNKNOWN_AT_PLAN instead.
import { isObject, type JsonObject } from './terraform-config';

export type LambdaStatement = { ok: true; document: string } | { ok: false; unknown: string };

const ACCOUNT_ID = /^\d{12}$/;

function principalOf(principal: string): unknown {
  if (principal === '*') return '*';
  if (ACCOUNT_ID.test(principal) || principal.startsWith('arn:')) return { AWS: principal };
  if (principal.includes('.')) return { Service: principal };
  return { AWS: principal };
}

function resourceOf(functionName: unknown, qualifier: unknown): string {
  let arn: string;
  if (typeof functionName !== 'string' || functionName === '') arn = 'arn:aws:lambda:*:*:function:*';
  else if (functionName.startsWith('arn:')) arn = functionName;
  else if (/^\d{12}:function:/.test(functionName)) arn = `arn:aws:lambda:*:${functionName}`;
  else arn = `arn:aws:lambda:*:*:function:${functionName}`;
  // A qualified ARN (function:name:alias) already names its version or alias.
  const qualified = /:function:[^:]+:[^:]+$/.test(arn);
  return typeof qualifier === 'string' && qualifier !== '' && !qualified ? `${arn}:${qualifier}` : arn;
}

const CONDITIONS: ReadonlyArray<{ attribute: string; operator: string; key: string }> = [
  { attribute: 'source_arn', operator: 'ArnLike', key: 'AWS:SourceArn' },
  { attribute: 'source_account', operator: 'StringEquals', key: 'AWS:SourceAccount' },
  { attribute: 'principal_org_id', operator: 'StringEquals', key: 'aws:PrincipalOrgID' },
  { attribute: 'event_source_token', operator: 'StringEquals', key: 'lambda:EventSourceToken' },
  { attribute: 'function_url_auth_type', operator: 'StringEquals', key: 'lambda:FunctionUrlAuthType' },
];

function likeOperator(operator: string): string {
  return operator === 'StringEquals' ? 'StringLike' : operator;
}

/**
 * The statement an aws_lambda_permission adds, as a policy document (2-space JSON). `after` and
 * `afterUnknown` are the resource change's `after` and `after_unknown`.
 */
export function lambdaPermissionPolicy(after: unknown, afterUnknown: unknown): LambdaStatement {
  const values: JsonObject = isObject(after) ? after : {};
  const unknown: JsonObject = isObject(afterUnknown) ? afterUnknown : {};
  for (const attribute of ['principal', 'action']) {
    if (unknown[attribute] === true) return { ok: false, unknown: attribute };
  }
  const principal = values.principal;
  const action = values.action;
  if (typeof principal !== 'string' || typeof action !== 'string') {
    return { ok: false, unknown: typeof principal !== 'string' ? 'principal' : 'action' };
  }
  const condition: Record<string, Record<string, string>> = {};
  for (const c of CONDITIONS) {
    const value = values[c.attribute];
    let operator = c.operator;
    let text: string;
    if (unknown[c.attribute] === true) {
      operator = likeOperator(c.operator);
      text = '*';
    } else if (typeof value === 'string' && value !== '') {
      text = value;
    } else {
      continue;
    }
    condition[operator] = { ...condition[operator], [c.key]: text };
  }
  const statement: JsonObject = {};
  const sid = values.statement_id;
  if (typeof sid === 'string' && /^[A-Za-z0-9]+$/.test(sid) && unknown.statement_id !== true)
    statement.Sid = sid;
  statement.Effect = 'Allow';
  statement.Principal = principalOf(principal);
  statement.Action = action;
  statement.Resource = resourceOf(
    unknown.function_name === true ? undefined : values.function_name,
    values.qualifier,
  );
  if (Object.keys(condition).length > 0) statement.Condition = condition;
  return { ok: true, document: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2) };
}

/**
 * The statement an aws_lambda_layer_version_permission adds to the layer version's policy, as a policy
 * document (2-space JSON): `principal` "*" or an account id, `action` on the layer version's ARN, and
 * `organization_id` as aws:PrincipalOrgID (unknown at plan time: `*` under StringLike, as above).
 */
export function layerVersionPermissionPolicy(after: unknown, afterUnknown: unknown): LambdaStatement {
  const values: JsonObject = isObject(after) ? after : {};
  const unknown: JsonObject = isObject(afterUnknown) ? afterUnknown : {};
  for (const attribute of ['principal', 'action']) {
    if (unknown[attribute] === true) return { ok: false, unknown: attribute };
  }
  const { principal, action } = values;
  if (typeof principal !== 'string' || typeof action !== 'string') {
    return { ok: false, unknown: typeof principal !== 'string' ? 'principal' : 'action' };
  }
  const name = unknown.layer_name === true ? undefined : values.layer_name;
  const version = unknown.version_number === true ? '*' : String(values.version_number ?? '*');
  const layer =
    typeof name !== 'string' || name === ''
      ? 'arn:aws:lambda:*:*:layer:*'
      : name.startsWith('arn:')
        ? name
        : `arn:aws:lambda:*:*:layer:${name}`;
  const statement: JsonObject = {};
  const sid = values.statement_id;
  if (typeof sid === 'string' && /^[A-Za-z0-9]+$/.test(sid) && unknown.statement_id !== true)
    statement.Sid = sid;
  statement.Effect = 'Allow';
  statement.Principal = principal === '*' ? '*' : { AWS: principal };
  statement.Action = action;
  statement.Resource = `${layer}:${version}`;
  const org = values.organization_id;
  if (unknown.organization_id === true) statement.Condition = { StringLike: { 'aws:PrincipalOrgID': '*' } };
  else if (typeof org === 'string' && org !== '')
    statement.Condition = { StringEquals: { 'aws:PrincipalOrgID': org } };
  return { ok: true, document: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2) };
}
