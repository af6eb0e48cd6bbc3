// The policy as the checks see it: the JSON syntax tree (for positions) with each statement's elements.
// Like IAM's parser (and JSON.parse), the last of duplicate keys wins; the grammar check reports them.
import { type Node, type ParseError, parseTree } from 'jsonc-parser';
import { type JsonSyntaxError, parseJsonStrict } from '../json-position';
import type { PolicyTarget } from '../types';
import { strictJsonTree } from './json-tree';

/** A string in the policy and its node. */
export interface Str {
  value: string;
  node: Node;
}

/** An object member: the property node, its key node and its value node. */
export interface Member {
  key: Node;
  value: Node;
}

export interface StatementModel {
  /** Index in the Statement array; undefined when Statement is a single object. */
  index: number | undefined;
  node: Node;
  members: ReadonlyMap<string, Member>;
  sid?: string;
  effect?: string;
  action?: Str[];
  notAction?: Str[];
  resource?: Str[];
  notResource?: Str[];
  principal?: Node;
  notPrincipal?: Node;
  condition?: Node;
}

export interface PolicyModel {
  text: string;
  root: Node;
  members: ReadonlyMap<string, Member>;
  statements: StatementModel[];
}

export type ModelResult = { ok: true; model: PolicyModel } | { ok: false; error: JsonSyntaxError };

/**
 * Hears of each target's model as soon as one pass has built it, so that a later pass on the same target
 * (the gate checks, the local simulation) need not parse the document again. The model must not be kept:
 * a listener takes what it needs from it there and then, so that only one target's tree is alive at a time.
 */
export type ModelListener = (target: PolicyTarget, built: ModelResult) => void;

/** The members of an object node by key (last one wins). */
export function membersOf(node: Node | undefined): Map<string, Member> {
  const out = new Map<string, Member>();
  if (node?.type !== 'object') return out;
  for (const prop of node.children ?? []) {
    const [key, value] = prop.children ?? [];
    if (key !== undefined && value !== undefined && typeof key.value === 'string')
      out.set(key.value, { key, value });
  }
  return out;
}

/** The strings of a string-or-array-of-strings element (other items are left to the grammar check). */
export function stringsOf(node: Node | undefined): Str[] | undefined {
  if (node === undefined) return undefined;
  if (node.type === 'string') return [{ value: node.value as string, node }];
  if (node.type !== 'array') return [];
  const out: Str[] = [];
  for (const n of node.children ?? [])
    if (n.type === 'string') out.push({ value: n.value as string, node: n });
  return out;
}

/** The list elements of a statement and the model's field for each. */
const LIST_ELEMENTS = [
  ['Action', 'action'],
  ['NotAction', 'notAction'],
  ['Resource', 'resource'],
  ['NotResource', 'notResource'],
] as const;

/** The elements a statement's model keeps as their nodes. */
const NODE_ELEMENTS = [
  ['Principal', 'principal'],
  ['NotPrincipal', 'notPrincipal'],
  ['Condition', 'condition'],
] as const;

function statementModel(node: Node, index: number | undefined): StatementModel {
  const members = membersOf(node);
  const str = (name: string): string | undefined => {
    const v = members.get(name)?.value;
    return v?.type === 'string' ? (v.value as string) : undefined;
  };
  const s: StatementModel = { index, node, members };
  const sid = str('Sid');
  if (sid !== undefined) s.sid = sid;
  const effect = str('Effect');
  if (effect !== undefined) s.effect = effect;
  for (const [name, field] of LIST_ELEMENTS) {
    const values = stringsOf(members.get(name)?.value);
    if (values !== undefined) s[field] = values;
  }
  for (const [name, field] of NODE_ELEMENTS) {
    const v = members.get(name)?.value;
    if (v !== undefined) s[field] = v;
  }
  return s;
}

/**
 * The syntax tree of a strict JSON text, parsed once: json-tree.ts builds it for plain strict JSON; any
 * other text goes to jsonc-parser. A text jsonc-parser's strict mode takes without an
 * error is valid JSON, so JSON.parse runs (through parseJsonStrict, for what is wrong and where) only on a
 * text it finds fault with, or one nested too deep for its recursion. Where jsonc-parser is stricter than
 * JSON.parse, JSON.parse decides, and the tree is used as it is.
 */
function strictTree(text: string): { ok: true; root: Node } | { ok: false; error: JsonSyntaxError } {
  // Plain strict JSON (every policy that reaches the analyzer, nearly): the same tree in one pass.
  const plain = strictJsonTree(text);
  if (plain !== undefined) return { ok: true, root: plain };
  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    const parsed = parseJsonStrict(text);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    throw err; // valid JSON too deep for a tree: the caller fails closed, as before
  }
  if (errors.length > 0 || root === undefined) {
    const parsed = parseJsonStrict(text);
    if (!parsed.ok) return { ok: false, error: parsed.error };
  }
  if (root === undefined) throw new Error('the JSON parser returned no tree for valid JSON');
  return { ok: true, root };
}

/** Parses a policy document strictly; the statements are those that are JSON objects. */
export function buildModel(text: string): ModelResult {
  const tree = strictTree(text);
  if (!tree.ok) return tree;
  const { root } = tree;
  const members = membersOf(root);
  const statementNode = members.get('Statement')?.value;
  const statements: StatementModel[] = [];
  if (statementNode?.type === 'object') statements.push(statementModel(statementNode, undefined));
  else if (statementNode?.type === 'array') {
    (statementNode.children ?? []).forEach((n, i) => {
      if (n.type === 'object') statements.push(statementModel(n, i));
    });
  }
  return { ok: true, model: { text, root, members, statements } };
}

/** Every principal string of a Principal/NotPrincipal node: `*` itself, or the values under each key. */
export function principalValues(node: Node | undefined): Array<{ key: string | undefined } & Str> {
  if (node === undefined) return [];
  if (node.type === 'string') return [{ key: undefined, value: node.value as string, node }];
  const out: Array<{ key: string | undefined } & Str> = [];
  for (const [key, m] of membersOf(node)) for (const s of stringsOf(m.value) ?? []) out.push({ key, ...s });
  return out;
}

/** Whether a statement grants to everyone: Principal "*" or {"AWS": "*"}. */
export function isPublicPrincipal(node: Node | undefined): boolean {
  return principalValues(node).some((p) => p.value === '*' && (p.key === undefined || p.key === 'AWS'));
}

/** Actions of trust policies: a resource policy with only these is a role trust policy. */
export function isTrustPolicyAction(action: string): boolean {
  return /^sts:(assumerole\w*|tagsession|setsourceidentity|setcontext|\*)$/i.test(action);
}

/** Whether a resource policy is a role trust policy (typed as one, or only sts: role actions). */
export function isTrustPolicy(model: PolicyModel, resourceType: string | undefined): boolean {
  if (resourceType === 'AWS::IAM::AssumeRolePolicyDocument') return true;
  if (resourceType !== undefined) return false;
  const actions = model.statements.flatMap((s) => s.action ?? []);
  return actions.length > 0 && actions.every((a) => isTrustPolicyAction(a.value));
}
