// Deny statements that test aws:ResourceTag: an action that does not support the key has no resource tag
// in its request, so `StringEquals {"aws:ResourceTag/status": "Confidential"}` is false for it and the
// statement never denies it, however the resource is tagged.

import { actionsMatching, type Catalog, type CatalogAction, findKey } from '../../core/policy/catalog';
import { membersOf, type StatementModel } from '../../core/policy/model';
import { parseOperator } from '../../core/policy/operator';
import type { Reporter } from './reporter';

/** Operators that are false when the key is absent (IfExists and the negated ones are true then). */
const POSITIVE = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike']);

/** The first aws:ResourceTag/ key of the statement tested by a positive operator, without IfExists. */
function resourceTagKey(
  s: StatementModel,
): { key: string; node: Parameters<Reporter['add']>[1] } | undefined {
  for (const [operator, block] of membersOf(s.condition)) {
    const { base, ifExists } = parseOperator(operator);
    if (ifExists || !POSITIVE.has(base.toLowerCase())) continue;
    for (const [key, m] of membersOf(block.value)) {
      if (/^aws:resourcetag\/./i.test(key)) return { key, node: m.key };
    }
  }
  return undefined;
}

/**
 * Whether the catalogue says the action does not support the key: it lists condition keys for the action
 * or its resource types, and the key is none of them. An action it lists no keys for says nothing.
 */
function lacksKey(a: CatalogAction, key: string): boolean {
  const listed = a.conditionKeys.length > 0 || a.resourceTypes.some((rt) => rt.conditionKeys.length > 0);
  if (!listed) return false;
  return (
    findKey(a.conditionKeys, key) === undefined &&
    !a.resourceTypes.some((rt) => findKey(rt.conditionKeys, key))
  );
}

export function checkDenyTagConditions(
  catalog: Catalog,
  statements: readonly StatementModel[],
  r: Reporter,
): void {
  for (const s of statements) {
    if (s.effect !== 'Deny' || s.condition?.type !== 'object') continue;
    const tag = resourceTagKey(s);
    if (tag === undefined) continue;
    if (s.notAction !== undefined) {
      r.add(
        'DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
        tag.node,
        `Using the effect Deny with NotAction and the tag condition key ${tag.key} can be overly permissive: the statement does not deny the actions the key does not apply to. Use Action and list the actions to deny.`,
      );
      continue;
    }
    unsupportedServices(catalog, s, tag, r);
  }
}

/** Services with a named action (no wildcard: which actions a pattern means is left to AWS) lacking the key. */
function unsupportedServices(
  catalog: Catalog,
  s: StatementModel,
  tag: { key: string; node: Parameters<Reporter['add']>[1] },
  r: Reporter,
): void {
  const services = new Set<string>();
  for (const a of s.action ?? []) {
    if (/[*?]/.test(a.value)) continue;
    r.deadline.tick();
    for (const action of actionsMatching(catalog, a.value, r.deadline)) {
      if (lacksKey(action, tag.key)) services.add(action.service);
    }
  }
  if (services.size === 0) return;
  const names = [...services].sort().join(', ');
  r.add(
    'DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
    tag.node,
    `Using the effect Deny with the tag condition key ${tag.key} and actions for services with the following prefixes can be overly permissive: ${names}. Their actions that do not support the key are not denied by this statement: move them to a statement without this condition key.`,
  );
}
