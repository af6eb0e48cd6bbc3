// API Gateway's shorthand for a REST API's own ARN in its resource policy: `execute-api:/stage/METHOD/path`
// stands for `arn:partition:execute-api:region:account:api-id/stage/METHOD/path`, and API Gateway writes
// the full ARN when it saves the policy (API Gateway Developer Guide, "API Gateway resource policy
// examples"). A template cannot write that ARN itself (the policy would refer to its own API), so the gate
// expands the shorthand as API Gateway does, with the API's placeholder id (placeholders.ts), before
// analysis: both analyzers see the ARN API Gateway stores, not a string they read as a broken ARN.
import { isObject, type JsonObject } from './resolve';

const SHORTHAND = 'execute-api:/';

/** The document with each `execute-api:/...` of a Resource or NotResource written out under `apiArn`. */
export function expandExecuteApi(document: JsonObject, apiArn: string): JsonObject {
  const expand = (value: unknown): unknown => {
    if (typeof value === 'string')
      return value.startsWith(SHORTHAND) ? `${apiArn}${value.slice(SHORTHAND.length - 1)}` : value;
    return Array.isArray(value) ? value.map(expand) : value;
  };
  const statement = (s: unknown): unknown => {
    if (!isObject(s)) return s;
    const out: JsonObject = { ...s };
    for (const key of ['Resource', 'NotResource']) if (key in out) out[key] = expand(out[key]);
    return out;
  };
  const statements = document.Statement;
  if (statements === undefined) return document;
  return {
    ...document,
    Statement: Array.isArray(statements) ? statements.map(statement) : statement(statements),
  };
}
