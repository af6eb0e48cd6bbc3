// Security checks: iam:PassRole / iam:CreateServiceLinkedRole on "*" (Access Analyzer's codes),
// Allow with NotAction / NotResource / NotPrincipal, public principals without conditions, full admin,
// and sets of actions known to escalate privileges.
import type { Node } from 'jsonc-parser';
import type { PolicyTarget } from '../../types';
import { conditionLimitsKey } from './condition-restriction';
import { hasCondition, resourceScope, statementMatchesAction } from './evaluate';
import type { Reporter } from './locate';
import { isPublicPrincipal, type PolicyModel, type StatementModel } from './policy-model';
import { hasWildcard, matchesWildcard } from './wildcard';

/** Sets of actions that, allowed together on any resource, let a principal raise its own privileges. */
export const PRIVILEGE_ESCALATION_SETS: ReadonlyArray<{ name: string; actions: readonly string[] }> = [
  { name: 'create a new default version of a managed policy', actions: ['iam:CreatePolicyVersion'] },
  { name: 'switch a managed policy to another version', actions: ['iam:SetDefaultPolicyVersion'] },
  { name: 'create access keys for another user', actions: ['iam:CreateAccessKey'] },
  { name: 'set a console password for another user', actions: ['iam:CreateLoginProfile'] },
  { name: "change another user's console password", actions: ['iam:UpdateLoginProfile'] },
  { name: 'attach a managed policy to a user', actions: ['iam:AttachUserPolicy'] },
  { name: 'attach a managed policy to a group', actions: ['iam:AttachGroupPolicy'] },
  { name: 'attach a managed policy to a role', actions: ['iam:AttachRolePolicy'] },
  { name: 'write an inline policy of a user', actions: ['iam:PutUserPolicy'] },
  { name: 'write an inline policy of a group', actions: ['iam:PutGroupPolicy'] },
  { name: 'write an inline policy of a role', actions: ['iam:PutRolePolicy'] },
  { name: 'add a user to any group', actions: ['iam:AddUserToGroup'] },
  {
    name: 'rewrite a role trust policy and assume the role',
    actions: ['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'],
  },
  { name: 'pass a role to a new EC2 instance', actions: ['iam:PassRole', 'ec2:RunInstances'] },
  {
    name: 'pass a role to a new Lambda function and invoke it',
    actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'],
  },
  { name: "replace a Lambda function's code", actions: ['lambda:UpdateFunctionCode'] },
  { name: 'pass a role to a CloudFormation stack', actions: ['iam:PassRole', 'cloudformation:CreateStack'] },
  { name: 'pass a role to a Glue development endpoint', actions: ['iam:PassRole', 'glue:CreateDevEndpoint'] },
  { name: 'update the SSH key of a Glue development endpoint', actions: ['glue:UpdateDevEndpoint'] },
  {
    name: 'pass a role to a Data Pipeline',
    actions: ['iam:PassRole', 'datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition'],
  },
];

const ROLE_ACTIONS = [
  { action: 'iam:PassRole', prefix: 'PASS_ROLE_WITH_', exemptKey: 'iam:passedtoservice' },
  { action: 'iam:CreateServiceLinkedRole', prefix: 'CREATE_SLR_WITH_', exemptKey: 'iam:awsservicename' },
];

const isAllow = (s: StatementModel) => s.effect === 'Allow';

export function checkSecurity(target: PolicyTarget, model: PolicyModel, r: Reporter): void {
  const type = target.policyType;
  const grants = type === 'IDENTITY_POLICY' || type === 'RESOURCE_POLICY';
  for (const s of model.statements.filter(isAllow)) {
    if (type === 'IDENTITY_POLICY') roleActions(s, r);
    if (grants) allowWithNot(s, r);
    if (type === 'RESOURCE_POLICY') principals(s, r);
  }
  if (type === 'IDENTITY_POLICY' && !fullAdmin(model, r)) privilegeEscalation(model, r);
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

function allowWithNot(s: StatementModel, r: Reporter): void {
  const notAction = s.members.get('NotAction');
  if (notAction) {
    r.add(
      'ALLOW_WITH_NOT_ACTION',
      notAction.key,
      'Allow with NotAction allows every other action of every service, including actions AWS adds later: list the allowed actions in Action.',
    );
  }
  const notResource = s.members.get('NotResource');
  if (notResource) {
    r.add(
      'ALLOW_WITH_NOT_RESOURCE',
      notResource.key,
      'Allow with NotResource allows the actions on every other resource, including resources created later: list the resources in Resource.',
    );
  }
}

function principals(s: StatementModel, r: Reporter): void {
  const notPrincipal = s.members.get('NotPrincipal');
  if (notPrincipal) {
    r.add(
      'ALLOW_WITH_NOT_PRINCIPAL',
      notPrincipal.key,
      'Allow with NotPrincipal allows everyone except the listed principals: name the allowed principals in Principal.',
    );
  }
  if (s.principal !== undefined && isPublicPrincipal(s.principal) && !hasCondition(s)) {
    r.add(
      'PUBLIC_PRINCIPAL_WITHOUT_CONDITION',
      s.principal,
      'Principal "*" without a Condition allows anyone, in any AWS account or anonymous: name the principals, or restrict with a condition such as aws:PrincipalOrgID or aws:SourceArn.',
    );
  }
}

function fullAdmin(model: PolicyModel, r: Reporter): boolean {
  let found = false;
  for (const s of model.statements.filter(isAllow)) {
    const star = s.action?.find((a) => a.value === '*' || a.value === '*:*');
    if (star && resourceScope(s) === 'all' && s.resource !== undefined) {
      const cond = hasCondition(s) ? ' (under a condition)' : '';
      r.add(
        'FULL_ADMIN_ACCESS',
        star.node,
        `The statement allows every action on every resource${cond}: full administrator access. Grant the actions the workload needs.`,
      );
      found = true;
    }
  }
  return found;
}

function privilegeEscalation(model: PolicyModel, r: Reporter): void {
  const allows = model.statements.filter((s) => isAllow(s) && resourceScope(s) !== 'none' && broad(s));
  const denies = model.statements.filter(
    (s) => s.effect === 'Deny' && resourceScope(s) === 'all' && !hasCondition(s),
  );
  const grantedBy = (action: string) =>
    denies.some((d) => statementMatchesAction(d, action, r.deadline))
      ? undefined
      : allows.find((s) => statementMatchesAction(s, action, r.deadline));
  // One finding per place, listing every set it completes (an "iam:*" completes many).
  const found = new Map<Node | undefined, string[]>();
  for (const set of PRIVILEGE_ESCALATION_SETS) {
    const by = set.actions.map(grantedBy);
    const first = by[0];
    if (first === undefined || by.some((s) => s === undefined)) continue;
    const action = set.actions[0]!;
    const node =
      first.action?.find((a) => matchesWildcard(a.value, action, r.deadline))?.node ??
      first.members.get('NotAction')?.key;
    const list = found.get(node) ?? [];
    list.push(`${set.actions.join(' + ')} (${set.name})`);
    found.set(node, list);
  }
  for (const [node, sets] of found) {
    const more = sets.length > 3 ? `, and ${sets.length - 3} more` : '';
    r.add(
      'PRIVILEGE_ESCALATION_ACTIONS',
      node,
      `The policy allows actions that let a principal escalate its privileges on any resource: ${sets.slice(0, 3).join('; ')}${more}.`,
    );
  }
}

/** A statement that reaches any resource: Resource "*" or NotResource. */
function broad(s: StatementModel): boolean {
  return s.resource?.some((x) => x.value === '*') === true || s.notResource !== undefined;
}
