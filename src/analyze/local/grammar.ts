// The policy grammar: document shape, Version, Statement, Sid, Effect, Action/Resource/Principal elements
// per policy type, Condition shape, duplicate JSON keys, size quotas.
import type { Node } from 'jsonc-parser';
import { isTrustPolicy, type PolicyModel, type StatementModel } from '../../core/policy/model';
import { POLICY_VERSIONS, STATEMENT_ELEMENTS, TOP_ELEMENTS } from '../../core/policy-grammar';
import type { PolicyTarget } from '../../core/types';
import { checkConditionShape, checkPrincipalShape, stringList } from './grammar-elements';
import type { Reporter } from './reporter';

interface Ctx {
  target: PolicyTarget;
  model: PolicyModel;
  r: Reporter;
  trust: boolean;
}

export function checkGrammar(target: PolicyTarget, model: PolicyModel, r: Reporter): void {
  const { root } = model;
  checkDuplicateKeys(root, r);
  if (root.type !== 'object') {
    r.add('DATA_TYPE_MISMATCH', root, 'A policy document must be a JSON object.');
    return;
  }
  for (const [name, m] of model.members) {
    if (!TOP_ELEMENTS.has(name)) {
      r.add('INVALID_POLICY_ELEMENT', m.key, `"${name}" is not a policy element (Version, Id, Statement).`);
    }
  }
  const version = model.members.get('Version')?.value;
  if (version === undefined) {
    r.addAt('MISSING_VERSION', root.offset, 1, 'Add "Version": "2012-10-17" to the policy.');
  } else if (version.type !== 'string') {
    r.add('DATA_TYPE_MISMATCH', version, 'Version must be a string.');
  } else if (!POLICY_VERSIONS.has(version.value as string)) {
    r.add('INVALID_VERSION', version, `Version "${version.value}" is not valid: use "2012-10-17".`);
  }
  const statement = model.members.get('Statement')?.value;
  if (statement === undefined) {
    r.addAt('MISSING_STATEMENT', root.offset, 1, 'The policy has no Statement element.');
    return;
  }
  if (statement.type === 'array') {
    for (const item of statement.children ?? []) {
      if (item.type !== 'object') r.add('DATA_TYPE_MISMATCH', item, 'Each statement must be a JSON object.');
    }
  } else if (statement.type !== 'object') {
    r.add('DATA_TYPE_MISMATCH', statement, 'Statement must be an object or an array of objects.');
    return;
  }
  const ctx: Ctx = {
    target,
    model,
    r,
    trust: target.policyType === 'RESOURCE_POLICY' && isTrustPolicy(model, target.resourceType),
  };
  for (const s of model.statements) checkStatement(ctx, s);
  checkSids(ctx);
  checkSize(ctx);
}

/** Objects with at most this many members are checked pairwise: no Set for the small objects of a policy. */
const PAIRWISE_MEMBERS = 8;

function checkDuplicateKeys(node: Node, r: Reporter): void {
  if (node.type === 'object') {
    const props = node.children ?? [];
    const seen = props.length > PAIRWISE_MEMBERS ? new Set<string>() : undefined;
    for (let i = 0; i < props.length; i++) {
      const key = keyOf(props[i]!);
      if (key === undefined) continue;
      const repeated = seen ? seen.has(key) : keyBefore(props, i, key);
      if (repeated) {
        r.add(
          'DUPLICATE_JSON_KEY',
          props[i]!.children![0],
          `"${key}" appears more than once in this object; IAM uses one of them.`,
        );
      }
      seen?.add(key);
    }
  }
  for (const child of node.children ?? []) checkDuplicateKeys(child, r);
}

/** Whether a member before `i` has the key. */
function keyBefore(props: readonly Node[], i: number, key: string): boolean {
  for (let j = 0; j < i; j++) if (keyOf(props[j]!) === key) return true;
  return false;
}

/** The key of an object member, when it is a string. */
function keyOf(prop: Node): string | undefined {
  const value = prop.children?.[0]?.value;
  return typeof value === 'string' ? value : undefined;
}

function checkStatement(ctx: Ctx, s: StatementModel): void {
  const { r } = ctx;
  for (const [name, m] of s.members) {
    if (!STATEMENT_ELEMENTS.has(name)) {
      r.add('INVALID_POLICY_ELEMENT', m.key, `"${name}" is not a statement element.`);
    }
  }
  const sid = s.members.get('Sid')?.value;
  if (sid !== undefined && sid.type !== 'string') r.add('DATA_TYPE_MISMATCH', sid, 'Sid must be a string.');

  const effect = s.members.get('Effect')?.value;
  if (effect === undefined) r.add('MISSING_EFFECT', s.node, 'The statement has no Effect (Allow or Deny).');
  else if (effect.type !== 'string')
    r.add('DATA_TYPE_MISMATCH', effect, 'Effect must be the string Allow or Deny.');
  else if (effect.value !== 'Allow' && effect.value !== 'Deny') {
    r.add('INVALID_EFFECT', effect, `Effect "${effect.value}" is not valid: use Allow or Deny.`);
  }

  pair(ctx, s, 'Action', 'NotAction', 'MISSING_ACTION', 'EMPTY_ARRAY_ACTION');
  const needsResource = !ctx.trust;
  pair(
    ctx,
    s,
    'Resource',
    'NotResource',
    needsResource ? 'MISSING_RESOURCE' : undefined,
    'EMPTY_ARRAY_RESOURCE',
  );
  if (ctx.trust && ctx.target.resourceType === 'AWS::IAM::AssumeRolePolicyDocument') {
    const res = s.members.get('Resource') ?? s.members.get('NotResource');
    if (res)
      r.add('ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', res.key, 'A role trust policy takes no Resource.');
  }
  checkPrincipals(ctx, s);
  checkConditionShape(r, s.members.get('Condition')?.value);
}

/** An element and its negation: not both, one required, each a string or an array of strings. */
function pair(
  ctx: Ctx,
  s: StatementModel,
  name: string,
  notName: string,
  missingCode: string | undefined,
  emptyCode: string,
): void {
  const { r } = ctx;
  const el = s.members.get(name);
  const notEl = s.members.get(notName);
  if (el && notEl) {
    r.add(
      'UNSUPPORTED_ELEMENT_COMBINATION',
      notEl.key,
      `A statement cannot have both ${name} and ${notName}.`,
    );
  }
  if (!el && !notEl && missingCode) {
    r.add(missingCode, s.node, `The statement has neither ${name} nor ${notName}.`);
  }
  for (const [n, m] of [
    [name, el],
    [notName, notEl],
  ] as const) {
    if (m) stringList(r, m.value, n, emptyCode);
  }
}

function checkPrincipals(ctx: Ctx, s: StatementModel): void {
  const { r, target } = ctx;
  const p = s.members.get('Principal');
  const np = s.members.get('NotPrincipal');
  if (p && np)
    r.add(
      'UNSUPPORTED_ELEMENT_COMBINATION',
      np.key,
      'A statement cannot have both Principal and NotPrincipal.',
    );
  const any = p ?? np;
  switch (target.policyType) {
    case 'IDENTITY_POLICY':
      if (any) r.add('UNSUPPORTED_PRINCIPAL', any.key, 'An identity-based policy cannot name a principal.');
      return;
    case 'SERVICE_CONTROL_POLICY':
      if (any)
        r.add('SCP_SYNTAX_ERROR_PRINCIPAL', any.key, 'An SCP cannot name a principal; use aws:PrincipalArn.');
      return;
    case 'RESOURCE_CONTROL_POLICY':
      if (np) r.add('RCP_SYNTAX_ERROR_PRINCIPAL', np.key, 'An RCP cannot use NotPrincipal.');
      if (p && !(p.value.type === 'string' && p.value.value === '*')) {
        r.add('RCP_SYNTAX_ERROR_PRINCIPAL', p.value, 'The Principal of an RCP must be "*".');
      }
      return;
    case 'RESOURCE_POLICY':
      if (!any) r.add('MISSING_PRINCIPAL', s.node, 'A resource-based policy statement needs a Principal.');
      for (const m of [p, np]) if (m) checkPrincipalShape(r, m.value);
  }
}

function checkSids(ctx: Ctx): void {
  const { r, target } = ctx;
  // IAM's Sid rules hold for a trust policy only when it is typed as one: Access Analyzer validates an
  // untyped resource policy as a generic one, whatever its actions, and only recommends unique Sids.
  const iamOwned =
    target.policyType === 'IDENTITY_POLICY' || target.resourceType === 'AWS::IAM::AssumeRolePolicyDocument';
  const required = iamOwned || target.policyType !== 'RESOURCE_POLICY';
  const seen = new Set<string>();
  for (const s of ctx.model.statements) {
    const node = s.members.get('Sid')?.value;
    if (s.sid === undefined || node === undefined) continue;
    if (s.sid === '') {
      r.add('EMPTY_SID_VALUE', node, 'The Sid is empty: give it a value or remove it.');
      continue;
    }
    if (iamOwned && !/^[A-Za-z0-9]+$/.test(s.sid)) {
      r.add('UNSUPPORTED_SID', node, `Sid "${s.sid}" may contain only letters and digits in IAM policies.`);
    }
    if (seen.has(s.sid)) {
      r.add(
        required ? 'UNIQUE_SIDS_REQUIRED' : 'UNIQUE_SIDS_RECOMMENDED',
        node,
        `Sid "${s.sid}" is used by more than one statement.`,
      );
    }
    seen.add(s.sid);
  }
}

function checkSize(ctx: Ctx): void {
  const { target, trust } = ctx;
  const size = ctx.model.text.replace(/\s/g, '').length;
  const quota: [string, number] | undefined =
    target.policyType === 'IDENTITY_POLICY'
      ? // Access Analyzer counts identity policies against 10,240 characters, managed and inline alike.
        ['POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA', 10240]
      : target.policyType === 'SERVICE_CONTROL_POLICY'
        ? ['POLICY_SIZE_EXCEEDS_SCP_QUOTA', 5120]
        : target.policyType === 'RESOURCE_CONTROL_POLICY'
          ? ['POLICY_SIZE_EXCEEDS_RCP_QUOTA', 5120]
          : trust
            ? ['POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA', 2048]
            : undefined;
  if (quota && size > quota[1]) {
    ctx.r.addAt(
      quota[0],
      ctx.model.root.offset,
      1,
      `The policy has ${size} characters besides whitespace; the quota is ${quota[1]}.`,
    );
  }
}
