// The custom checks decided offline (docs/architecture.md section 4, local analyzer), as far as the local model
// reaches: actions and the literal resource patterns of Allow statements, no condition semantics.
// NEW_ACCESS: an action the new document allows that the baseline does not, or allows on resources the
// baseline's Allow statements do not cover. ACCESS_GRANTED: a listed action (on a listed resource) allowed.
// PUBLIC_ACCESS: a resource policy's Allow statement to Principal "*" / {"AWS": "*"} without a Condition.

import { analysisFailed } from '../core/analysis-failed';
import { appendAll } from '../core/append';
import { type Deadline, type DeadlineOptions, startDeadline } from '../core/deadline';
import { errorMessage } from '../core/errors';
import {
  evaluateActions,
  expandActions,
  hasCondition,
  statementMatchesAction,
} from '../core/policy/evaluate';
import { buildModel, isPublicPrincipal, type StatementModel } from '../core/policy/model';
import { matchesWildcard } from '../core/policy/wildcard';
import type { Finding, PolicyTarget } from '../core/types';
import {
  accessCheckPolicyType,
  type CustomCheckCode,
  type CustomChecks,
  statementLocation,
} from './custom-checks';

const MAX_LISTED = 5;

function finding(
  target: PolicyTarget,
  code: CustomCheckCode,
  checks: CustomChecks,
  message: string,
  statementIndex: number | undefined,
): Finding {
  return {
    target: target.id,
    severity: checks.severity,
    code,
    message: `${message.replace(/\.$/, '')} (local check).`,
    analyzer: 'local',
    location: statementLocation(target, statementIndex),
  };
}

function listed(items: readonly string[]): string {
  const shown = items.slice(0, MAX_LISTED).join(', ');
  return items.length > MAX_LISTED ? `${shown} and ${items.length - MAX_LISTED} more` : shown;
}

function statementsOf(document: string): StatementModel[] {
  const built = buildModel(document);
  return built.ok ? built.model.statements : [];
}

/** The action patterns a document mentions (Action, and `*` for NotAction: it may allow anything). */
function mentionedActions(statements: readonly StatementModel[]): string[] {
  return statements.flatMap((s) => [
    ...(s.action ?? []).map((a) => a.value),
    ...(s.notAction !== undefined ? ['*'] : []),
  ]);
}

/** The resource patterns the Allow statements grant an action on (`*` without Resource or with NotResource). */
function allowedResources(
  statements: readonly StatementModel[],
  action: string,
  deadline: Deadline,
): string[] {
  return statements
    .filter((s) => s.effect === 'Allow' && statementMatchesAction(s, action, deadline))
    .flatMap((s) => (s.resource !== undefined ? s.resource.map((r) => r.value) : ['*']));
}

/** Whether a resource pattern of the new document is within one of the baseline's patterns. */
function covered(resource: string, by: readonly string[], deadline: Deadline): boolean {
  deadline.tick(by.length);
  return by.some((b) => b === '*' || b === resource || matchesWildcard(b, resource, deadline));
}

function statementIndexOf(s: StatementModel): number {
  return s.index ?? 0;
}

function newAccess(
  target: PolicyTarget,
  baseline: string,
  checks: CustomChecks,
  deadline: Deadline,
): Finding[] {
  const now = statementsOf(target.document);
  const before = statementsOf(baseline);
  const mentioned = new Set(mentionedActions(now));
  for (const a of mentionedActions(before)) mentioned.add(a);
  const actions = expandActions([...mentioned], deadline);
  const nowEval = evaluateActions(target.document, actions, deadline);
  const beforeEval = new Map(evaluateActions(baseline, actions, deadline).map((e) => [e.action, e]));
  // By statement of the new document: the actions it newly allows and the resources it newly reaches.
  const byStatement = new Map<number, { actions: string[]; resources: Set<string> }>();
  const add = (index: number, action: string, resources: readonly string[]) => {
    let entry = byStatement.get(index);
    if (!entry) {
      entry = { actions: [], resources: new Set() };
      byStatement.set(index, entry);
    }
    entry.actions.push(action);
    for (const r of resources) entry.resources.add(r);
  };
  for (const e of nowEval) {
    if (e.decision !== 'allowed') continue;
    const old = beforeEval.get(e.action);
    if (old?.decision !== 'allowed') {
      add(e.statement?.index ?? 0, e.action, []);
      continue;
    }
    const oldResources = allowedResources(before, e.action, deadline);
    for (const s of now) {
      if (s.effect !== 'Allow' || !statementMatchesAction(s, e.action, deadline)) continue;
      const resources = s.resource !== undefined ? s.resource.map((r) => r.value) : ['*'];
      const wider = resources.filter((r) => !covered(r, oldResources, deadline));
      if (wider.length > 0) add(statementIndexOf(s), e.action, wider);
    }
  }
  return [...byStatement].map(([index, { actions: acts, resources }]) => {
    const on = resources.size > 0 ? ` on ${listed([...resources])}` : '';
    return finding(
      target,
      'NEW_ACCESS',
      checks,
      `The policy grants access that its version on the base branch does not: ${listed(acts)}${on}.`,
      index,
    );
  });
}

function resourcesOverlap(
  statementResources: readonly string[],
  listedResources: readonly string[],
  deadline: Deadline,
): boolean {
  return listedResources.some((r) => {
    deadline.tick(statementResources.length);
    return statementResources.some(
      (s) => s === '*' || matchesWildcard(s, r, deadline) || matchesWildcard(r, s, deadline),
    );
  });
}

function accessGranted(
  target: PolicyTarget,
  access: NonNullable<CustomChecks['accessNotGranted']>,
  checks: CustomChecks,
  deadline: Deadline,
): Finding[] {
  const listedResources = access.resources ?? [];
  const patterns = access.actions !== undefined && access.actions.length > 0 ? access.actions : ['*'];
  const actions = expandActions(patterns, deadline);
  const statements = statementsOf(target.document);
  const byStatement = new Map<number, string[]>();
  for (const e of evaluateActions(target.document, actions, deadline)) {
    if (e.decision !== 'allowed') continue;
    // The statements that allow it on a listed resource (all of them when no resources are listed).
    const granting = statements.filter(
      (s) =>
        s.effect === 'Allow' &&
        statementMatchesAction(s, e.action, deadline) &&
        (listedResources.length === 0 ||
          resourcesOverlap(s.resource?.map((r) => r.value) ?? ['*'], listedResources, deadline)),
    );
    const first = granting[0];
    if (!first) continue;
    const index = statementIndexOf(first);
    const acts = byStatement.get(index);
    if (acts) acts.push(e.action);
    else byStatement.set(index, [e.action]);
  }
  const on = listedResources.length > 0 ? ` on ${listed(listedResources)}` : '';
  return [...byStatement].map(([index, acts]) =>
    finding(
      target,
      'ACCESS_GRANTED',
      checks,
      `The policy grants access the configuration says must not be granted: ${listed(acts)}${on}.`,
      index,
    ),
  );
}

function publicAccess(target: PolicyTarget, checks: CustomChecks): Finding[] {
  return statementsOf(target.document)
    .filter((s) => s.effect === 'Allow' && isPublicPrincipal(s.principal) && !hasCondition(s))
    .map((s) =>
      finding(
        target,
        'PUBLIC_ACCESS',
        checks,
        'The policy grants public access: an Allow statement to Principal "*" without a Condition.',
        statementIndexOf(s),
      ),
    );
}

/**
 * The custom checks without AWS: NEW_ACCESS (needs a baseline), ACCESS_GRANTED, PUBLIC_ACCESS (resource
 * policies), analyzer 'local'. SCPs and RCPs are skipped, as by the AWS checks. Documents that do not parse
 * allow nothing here (the local analyzer reports their syntax); a policy past its deadline is ANALYSIS_FAILED.
 */
export function runCustomChecksLocally(
  targets: readonly PolicyTarget[],
  checks: CustomChecks,
  deadlineOptions: DeadlineOptions = {},
): Finding[] {
  const out: Finding[] = [];
  for (const target of targets) {
    if (!accessCheckPolicyType(target)) continue;
    const deadline = startDeadline(deadlineOptions);
    try {
      if (checks.noNewAccess && target.baseline !== undefined) {
        appendAll(out, newAccess(target, target.baseline, checks, deadline));
      }
      const access = checks.accessNotGranted;
      if (access && ((access.actions?.length ?? 0) > 0 || (access.resources?.length ?? 0) > 0)) {
        appendAll(out, accessGranted(target, access, checks, deadline));
      }
      if (checks.noPublicAccess && target.policyType === 'RESOURCE_POLICY') {
        appendAll(out, publicAccess(target, checks));
      }
    } catch (err) {
      // A policy the local model cannot take fails closed without costing the others their results.
      out.push(analysisFailed(target, `local custom checks: ${errorMessage(err)}`));
    }
  }
  return out;
}
