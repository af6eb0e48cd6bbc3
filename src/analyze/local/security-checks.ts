// Security checks that mirror Access Analyzer's codes: iam:PassRole / iam:CreateServiceLinkedRole on "*"
// and Allow with NotPrincipal. The gate's own least-privilege checks (full admin, privilege escalation,
// NotAction / NotResource, public principals) are a stage of their own, src/gate-checks, run whichever
// analyzer ran.

import { statementMatchesAction } from '../../core/policy/evaluate';
import type { PolicyModel, StatementModel } from '../../core/policy/model';
import { hasWildcard } from '../../core/policy/wildcard';
import type { PolicyTarget } from '../../core/types';
import { conditionLimitsKey } from './condition-restriction';
import type { Reporter } from './reporter';

const ROLE_ACTIONS = [
  { action: 'iam:PassRole', prefix: 'PASS_ROLE_WITH_', exemptKey: 'iam:passedtoservice' },
  { action: 'iam:CreateServiceLinkedRole', prefix: 'CREATE_SLR_WITH_', exemptKey: 'iam:awsservicename' },
];

const isAllow = (s: StatementModel) => s.effect === 'Allow';

export function checkSecurity(target: PolicyTarget, model: PolicyModel, r: Reporter): void {
  const type = target.policyType;
  for (const s of model.statements.filter(isAllow)) {
    if (type === 'IDENTITY_POLICY') roleActions(s, r);
    if (type === 'RESOURCE_POLICY') notPrincipal(s, r);
  }
}

function roleActions(s: StatementModel, r: Reporter): void {
  const scope = s.resource?.some((x) => x.value === '*')
    ? 'star'
    : s.notResource !== undefined
      ? 'not'
      : undefined;
  if (scope === undefined) return;
  for (const { action, prefix, exemptKey } of ROLE_ACTIONS) {
    if (conditionLimitsKey(s, exemptKey) || !statementMatchesAction(s, action, r.deadline)) continue;
    const explicit = s.action?.some(
      (a) => !hasWildcard(a.value) && a.value.toLowerCase() === action.toLowerCase(),
    );
    const how = s.notAction !== undefined ? 'notAction' : explicit ? 'explicit' : 'wildcard';
    const suffix = {
      star: {
        explicit: 'STAR_IN_RESOURCE',
        wildcard: 'STAR_IN_ACTION_AND_RESOURCE',
        notAction: 'STAR_IN_RESOURCE_AND_NOT_ACTION',
      },
      not: {
        explicit: 'NOT_RESOURCE',
        wildcard: 'STAR_IN_ACTION_AND_NOT_RESOURCE',
        notAction: 'NOT_ACTION_AND_NOT_RESOURCE',
      },
    }[scope][how];
    const node =
      scope === 'star' ? s.resource?.find((x) => x.value === '*')?.node : s.members.get('NotResource')?.key;
    const resourceText = scope === 'star' ? 'Resource "*"' : 'NotResource';
    const byText =
      how === 'explicit'
        ? action
        : how === 'wildcard'
          ? `an action wildcard matching ${action}`
          : `NotAction (it allows ${action})`;
    const exempt = action === 'iam:PassRole' ? 'iam:PassedToService' : 'iam:AWSServiceName';
    r.add(
      prefix + suffix,
      node,
      `The statement allows ${byText} with ${resourceText}: name the specific role ARNs, or add a condition on ${exempt}.`,
    );
  }
}

function notPrincipal(s: StatementModel, r: Reporter): void {
  const notPrincipal = s.members.get('NotPrincipal');
  if (notPrincipal) {
    r.add(
      'ALLOW_WITH_NOT_PRINCIPAL',
      notPrincipal.key,
      'Allow with NotPrincipal allows everyone except the listed principals: name the allowed principals in Principal.',
    );
  }
}
