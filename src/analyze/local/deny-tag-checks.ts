// Deny statements that test aws:ResourceTag with NotAction: an action that does not support the key has no
// resource tag in its request, so `StringEquals {"aws:ResourceTag/status": "Confidential"}` is false for it
// and the statement never denies it, however the resource is tagged; NotAction takes in every such action.
// Which named actions support the key is not decided here: the bundled catalogue and AWS disagree on it
// (measured on the managed-policy corpus for the Allow form: of its 263 Allow statements on
// aws:ResourceTag, the catalogue would flag 10 and AWS flags 6, and the two agree on one service of one).

import type { StatementModel } from '../../core/policy/model';
import { type KeyUse, keyUses } from './condition-usage-checks';
import type { Reporter } from './reporter';

/** Operators that are false when the key is absent (IfExists and the negated ones are true then). */
const POSITIVE = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike']);

/** The first aws:ResourceTag/ key of the statement tested by a positive operator, without IfExists. */
function resourceTagUse(s: StatementModel): KeyUse | undefined {
  return keyUses(s).find(
    (u) => !u.ifExists && POSITIVE.has(u.base.toLowerCase()) && /^aws:resourcetag\/./i.test(u.key),
  );
}

export function checkDenyTagConditions(statements: readonly StatementModel[], r: Reporter): void {
  for (const s of statements) {
    if (s.effect !== 'Deny' || s.notAction === undefined || s.condition?.type !== 'object') continue;
    const tag = resourceTagUse(s);
    if (tag === undefined) continue;
    r.add(
      'DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
      tag.member.key,
      `Using the effect Deny with NotAction and the tag condition key ${tag.key} can be overly permissive: the statement does not deny the actions the key does not apply to. Use Action and list the actions to deny.`,
    );
  }
}
