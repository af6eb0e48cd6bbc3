// PUBLIC_PRINCIPAL_WITHOUT_CONDITION: a resource policy that allows everyone, unconditionally. An Allow to
// everyone is not public when a Deny to everyone covers every action and resource of it under a perimeter
// condition: the pattern of API Gateway's private APIs and of buckets open to one VPC endpoint ("Allow *
// execute-api:Invoke" beside "Deny * execute-api:Invoke unless aws:SourceVpce"). A perimeter condition
// tests only where the request comes from or who makes it, each key with a negated operator (deny all but
// that VPC endpoint, network, organization, account): a Deny of plain HTTP (`aws:SecureTransport`) or any
// other test still leaves the Allow open to everyone else. So does an Allow whose own condition only says
// how the request is made (`lambda:FunctionUrlAuthType`, `aws:SecureTransport`).
import { hasCondition } from '../core/policy/evaluate';
import { isPublicPrincipal, membersOf, type PolicyModel, type StatementModel } from '../core/policy/model';
import { parseOperator } from '../core/policy/operator';
import { patternCovers } from '../core/policy/wildcard';
import type { GateReporter } from './report';
import { isAllow, isEveryResource } from './statements';

export function checkPublicPrincipal(model: PolicyModel, r: GateReporter): void {
  const guards = model.statements.filter(
    (s) => s.effect === 'Deny' && isPublicPrincipal(s.principal) && hasCondition(s) && isPerimeter(s),
  );
  for (const s of model.statements.filter(isAllow)) {
    if (s.principal === undefined || !isPublicPrincipal(s.principal) || restrictsCaller(s)) continue;
    if (onlyNfsClientActions(s)) continue;
    if (guards.some((deny) => guardsAllow(deny, s, r))) continue;
    r.add(
      'PUBLIC_PRINCIPAL_WITHOUT_CONDITION',
      s.principal,
      hasCondition(s)
        ? 'The statement allows Principal "*" under a Condition that only says how the request is made, not who makes it.'
        : 'The statement allows Principal "*" without a Condition.',
    );
  }
}

/** Whether a conditional Deny to everyone covers every action and resource the Allow names. */
function guardsAllow(deny: StatementModel, allow: StatementModel, r: GateReporter): boolean {
  if (deny.action === undefined || allow.action === undefined || deny.resource === undefined) return false;
  if (deny.notResource !== undefined || allow.notResource !== undefined) return false;
  const covered = (
    outer: readonly { value: string }[],
    inner: readonly { value: string }[],
    caseSensitive: boolean,
  ) => inner.every((i) => outer.some((o) => patternCovers(o.value, i.value, { caseSensitive }, r.deadline)));
  const denyResources = deny.resource;
  const everyResource = denyResources.some((x) => isEveryResource(x.value));
  return (
    covered(deny.action, allow.action, false) &&
    (everyResource || covered(denyResources, allow.resource ?? [{ value: '*' }], true))
  );
}

/**
 * Keys that say how a request is made, not who makes it: a condition of only these leaves the Allow open to
 * everyone (a function URL with auth type NONE, as Lambda writes its permission; TLS only).
 */
const OPEN_TO_ANYONE_KEYS: ReadonlySet<string> = new Set([
  'lambda:functionurlauthtype',
  'aws:securetransport',
]);

/** Whether the statement has a condition that may narrow who is allowed (any key but OPEN_TO_ANYONE_KEYS). */
function restrictsCaller(s: StatementModel): boolean {
  if (!hasCondition(s)) return false;
  return [...membersOf(s.condition).values()].some(
    (block) =>
      block.value.type !== 'object' ||
      [...membersOf(block.value).keys()].some((key) => !OPEN_TO_ANYONE_KEYS.has(key.toLowerCase())),
  );
}

/**
 * Amazon EFS's NFS client actions (ClientMount, ClientWrite, ClientRootAccess) are only ever taken through a
 * mount target in the file system's VPC: "*" there is whoever reaches the mount target, as in AWS's own
 * file system policies ("enforce in-transit encryption for all clients").
 */
function onlyNfsClientActions(s: StatementModel): boolean {
  const actions = s.action ?? [];
  return actions.length > 0 && actions.every((a) => /^elasticfilesystem:Client[A-Za-z]*$/i.test(a.value));
}

/** Keys that say where a request comes from or who makes it (IAM's data perimeter keys), lower case. */
const PERIMETER_KEYS: ReadonlySet<string> = new Set([
  'aws:sourcevpce',
  'aws:sourcevpc',
  'aws:sourceip',
  'aws:vpcsourceip',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:sourceaccount',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:sourcearn',
]);

const NEGATED = /^(StringNot|ArnNot|NotIpAddress)/i;

/** Whether every test of the statement's Condition is a negated operator on a perimeter key. */
function isPerimeter(s: StatementModel): boolean {
  const blocks = [...membersOf(s.condition)];
  return (
    blocks.length > 0 &&
    blocks.every(([operator, block]) => {
      const { base, setQualifier } = parseOperator(operator);
      const keys = [...membersOf(block.value).keys()];
      return (
        setQualifier === undefined &&
        NEGATED.test(base) &&
        keys.length > 0 &&
        keys.every((k) => PERIMETER_KEYS.has(k.toLowerCase()))
      );
    })
  );
}
