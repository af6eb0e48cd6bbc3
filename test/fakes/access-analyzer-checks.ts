// The fake's answers to the three custom policy checks, decided on the documents it receives (not scripted):
// a small model of what AWS computes, enough for tests to widen or narrow a policy and see the verdict move.
// Allow statements only; Action/Resource patterns with `*` and `?`; conditions ignored.
//   CheckNoNewAccess: FAIL when an Allow statement of the new document grants an action pattern on a resource
//     pattern that no Allow statement of the existing document covers (pattern inclusion, e.g. s3:* is not
//     covered by s3:GetObject; s3:GetObject is covered by s3:*).
//   CheckAccessNotGranted: FAIL when an Allow statement's actions meet a listed action (or its resources a
//     listed resource).
//   CheckNoPublicAccess: FAIL when an Allow statement has Principal "*" or {"AWS": "*"} and no Condition.
import type { CheckResponse } from './access-analyzer';

interface Statement {
  index: number;
  sid?: string;
  effect: unknown;
  actions: string[];
  resources: string[];
  principal: unknown;
  condition: unknown;
}

const list = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

function statements(document: string): Statement[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    return [];
  }
  const raw = (parsed as { Statement?: unknown } | null)?.Statement;
  const all = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return all.map((s, index) => {
    const o = (s ?? {}) as Record<string, unknown>;
    return {
      index,
      ...(typeof o.Sid === 'string' ? { sid: o.Sid } : {}),
      effect: o.Effect,
      actions: list(o.Action),
      resources: o.Resource === undefined ? ['*'] : list(o.Resource),
      principal: o.Principal,
      condition: o.Condition,
    };
  });
}

const allows = (document: string) => statements(document).filter((s) => s.effect === 'Allow');

function regex(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** Every string `inner` matches is matched by `outer` (checked on the pattern text itself). */
const covers = (outer: string, inner: string) => regex(outer).test(inner);
/** Two patterns that can match a common string (either one matches the other's text). */
const meet = (a: string, b: string) => regex(a).test(b) || regex(b).test(a);

function reason(s: Statement, description: string) {
  return { description, statementIndex: s.index, ...(s.sid ? { statementId: s.sid } : {}) };
}

export function checkNoNewAccess(newDocument: string, existingDocument: string): CheckResponse {
  const old = allows(existingDocument);
  const widened = allows(newDocument).filter((s) =>
    s.actions.some((action) =>
      s.resources.some(
        (resource) =>
          !old.some(
            (o) => o.actions.some((a) => covers(a, action)) && o.resources.some((r) => covers(r, resource)),
          ),
      ),
    ),
  );
  if (widened.length === 0) {
    return { result: 'PASS', message: 'The modified permissions do not grant new access.', reasons: [] };
  }
  return {
    result: 'FAIL',
    message: 'The modified permissions grant new access compared to your existing policy.',
    reasons: widened.map((s) => reason(s, `New access in the statement with index: ${s.index}.`)),
  };
}

export function checkAccessNotGranted(
  document: string,
  actions: string[],
  resources: string[],
): CheckResponse {
  const granted = allows(document).filter(
    (s) =>
      (actions.length === 0 || s.actions.some((a) => actions.some((x) => meet(a, x)))) &&
      (resources.length === 0 || s.resources.some((r) => resources.some((x) => meet(r, x)))),
  );
  if (granted.length === 0) {
    return {
      result: 'PASS',
      message: 'The policy document does not grant access to perform the listed actions.',
    };
  }
  return {
    result: 'FAIL',
    message: 'The policy document grants access to perform one or more of the listed actions or resources.',
    reasons: granted.map((s) =>
      reason(s, `One or more of the listed actions or resources in the statement with index: ${s.index}.`),
    ),
  };
}

function isPublic(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal && typeof principal === 'object')
    return list((principal as { AWS?: unknown }).AWS).includes('*');
  return false;
}

export function checkNoPublicAccess(document: string, resourceType: string): CheckResponse {
  const open = allows(document).filter((s) => isPublic(s.principal) && s.condition === undefined);
  if (open.length === 0) {
    return {
      result: 'PASS',
      message: `The resource policy does not grant public access for ${resourceType}.`,
    };
  }
  return {
    result: 'FAIL',
    message: `The resource policy grants public access for ${resourceType}.`,
    reasons: open.map((s) => reason(s, `Public access granted in the statement with index: ${s.index}.`)),
  };
}

/** The default answer of a custom-check call (its body already validated). */
export function answerCustomCheck(operation: string, body: Record<string, unknown>): CheckResponse {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  if (operation === 'CheckNoNewAccess') {
    return checkNoNewAccess(str(body.newPolicyDocument), str(body.existingPolicyDocument));
  }
  if (operation === 'CheckAccessNotGranted') {
    const item = (Array.isArray(body.access) ? body.access[0] : undefined) as
      | Record<string, unknown>
      | undefined;
    return checkAccessNotGranted(str(body.policyDocument), list(item?.actions), list(item?.resources));
  }
  return checkNoPublicAccess(str(body.policyDocument), str(body.resourceType));
}
