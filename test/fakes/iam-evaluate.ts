// The fake IAM's policy evaluator for SimulateCustomPolicy: Allow/Deny, Action/NotAction and
// Resource/NotResource with `*` and `?` wildcards, conditions with no context values (a condition does not
// match, its keys are MissingContextValues, except `...IfExists` and `Null: true`), and the matched
// statements' positions as AWS reports them: 1-based line, and the column just past the statement's `{`
// (StartPosition) and just past its `}` (EndPosition), as in the AWS CLI's documented example.
import { type Node, type ParseError, parseTree } from 'jsonc-parser';

export type EvalDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

export interface WirePosition {
  Line: number;
  Column: number;
}
export interface WireStatement {
  SourcePolicyId: string;
  SourcePolicyType: string;
  StartPosition: WirePosition;
  EndPosition: WirePosition;
}
export interface WireResourceResult {
  EvalResourceName: string;
  EvalResourceDecision: EvalDecision;
  MatchedStatements: WireStatement[];
  MissingContextValues: string[];
}
export interface WireEvaluationResult {
  EvalActionName: string;
  EvalResourceName: string;
  EvalDecision: EvalDecision;
  MatchedStatements: WireStatement[];
  MissingContextValues: string[];
  ResourceSpecificResults: WireResourceResult[];
}

interface ParsedStatement {
  effect: string;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  /** Condition keys whose missing value makes the statement not apply. */
  blockingKeys: string[];
  ref: WireStatement;
}

export class PolicyInputError extends Error {}

const stringsOf = (node: Node | undefined): string[] | undefined => {
  if (!node) return undefined;
  if (node.type === 'string') return [String(node.value)];
  if (node.type === 'array')
    return (node.children ?? []).filter((c) => c.type === 'string').map((c) => String(c.value));
  return [];
};

const member = (node: Node | undefined, name: string): Node | undefined =>
  node?.children?.find((p) => p.children?.[0]?.value === name)?.children?.[1];

/** Line and column (both 1-based) of an offset; `\n`, `\r\n` and a lone `\r` end a line. */
function positionOf(text: string, offset: number): WirePosition {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13 && text.charCodeAt(i + 1) === 10) continue;
    if (ch === 10 || ch === 13) {
      line += 1;
      start = i + 1;
    }
  }
  return { Line: line, Column: offset - start + 1 };
}

function conditionKeys(condition: Node | undefined): string[] {
  const blocking: string[] = [];
  for (const operator of condition?.children ?? []) {
    const op = String(operator.children?.[0]?.value ?? '');
    for (const key of operator.children?.[1]?.children ?? []) {
      const name = String(key.children?.[0]?.value ?? '');
      const nullTrue = op === 'Null' && stringsOf(key.children?.[1])?.includes('true');
      if (!op.endsWith('IfExists') && !nullTrue) blocking.push(name);
    }
  }
  return blocking;
}

/** Parses one identity policy of PolicyInputList (`PolicyInputList.N`); throws PolicyInputError when invalid. */
export function parsePolicy(text: string, sourceId: string): ParsedStatement[] {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (!root || errors.length > 0 || root.type !== 'object') {
    throw new PolicyInputError(`Syntax errors in policy ${sourceId}.`);
  }
  const statementNode = member(root, 'Statement');
  const nodes =
    statementNode?.type === 'array' ? (statementNode.children ?? []) : statementNode ? [statementNode] : [];
  return nodes.map((node) => {
    if (node.type !== 'object') throw new PolicyInputError(`Statement in ${sourceId} is not an object.`);
    if (member(node, 'Principal') || member(node, 'NotPrincipal')) {
      throw new PolicyInputError('Policy document should not specify a principal.');
    }
    const start = positionOf(text, node.offset + 1);
    const end = positionOf(text, node.offset + node.length);
    const action = stringsOf(member(node, 'Action'));
    const notAction = stringsOf(member(node, 'NotAction'));
    const resource = stringsOf(member(node, 'Resource'));
    const notResource = stringsOf(member(node, 'NotResource'));
    return {
      effect: String(member(node, 'Effect')?.value ?? ''),
      ...(action ? { action } : {}),
      ...(notAction ? { notAction } : {}),
      ...(resource ? { resource } : {}),
      ...(notResource ? { notResource } : {}),
      blockingKeys: conditionKeys(member(node, 'Condition')),
      ref: {
        SourcePolicyId: sourceId,
        SourcePolicyType: 'IAM Policy',
        StartPosition: start,
        EndPosition: end,
      },
    };
  });
}

function wildcard(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

function matches(s: ParsedStatement, action: string, resource: string): boolean {
  const actionOk = s.action
    ? s.action.some((p) => wildcard(p, action, true))
    : s.notAction
      ? !s.notAction.some((p) => wildcard(p, action, true))
      : false;
  const resourceOk = s.resource
    ? s.resource.some((p) => wildcard(p, resource, false))
    : s.notResource
      ? !s.notResource.some((p) => wildcard(p, resource, false))
      : false;
  return actionOk && resourceOk;
}

function decide(
  statements: readonly ParsedStatement[],
  action: string,
  resource: string,
): WireResourceResult {
  const matching = statements.filter((s) => matches(s, action, resource));
  const missing = [...new Set(matching.flatMap((s) => s.blockingKeys))];
  const applying = matching.filter((s) => s.blockingKeys.length === 0);
  const denies = applying.filter((s) => s.effect === 'Deny');
  const allows = applying.filter((s) => s.effect === 'Allow');
  const [decision, matched]: [EvalDecision, ParsedStatement[]] =
    denies.length > 0
      ? ['explicitDeny', denies]
      : allows.length > 0
        ? ['allowed', allows]
        : ['implicitDeny', []];
  return {
    EvalResourceName: resource,
    EvalResourceDecision: decision,
    MatchedStatements: matched.map((s) => s.ref),
    MissingContextValues: missing,
  };
}

const RANK: Record<EvalDecision, number> = { allowed: 0, implicitDeny: 1, explicitDeny: 2 };

/** One result per action: the most restrictive decision across the resources, statements united. */
export function evaluate(
  statements: readonly ParsedStatement[],
  actions: readonly string[],
  resources: readonly string[],
): WireEvaluationResult[] {
  return actions.map((action) => {
    const perResource = resources.map((r) => decide(statements, action, r));
    const worst = perResource.reduce((a, b) =>
      RANK[b.EvalResourceDecision] > RANK[a.EvalResourceDecision] ? b : a,
    );
    const matched = perResource
      .filter((r) => r.EvalResourceDecision === worst.EvalResourceDecision)
      .flatMap((r) => r.MatchedStatements);
    return {
      EvalActionName: action,
      EvalResourceName: resources.length === 1 ? (resources[0] ?? '*') : '*',
      EvalDecision: worst.EvalResourceDecision,
      MatchedStatements: [...new Set(matched)],
      MissingContextValues: [...new Set(perResource.flatMap((r) => r.MissingContextValues))],
      ResourceSpecificResults: perResource,
    };
  });
}
