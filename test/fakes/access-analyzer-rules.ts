// The fake Access Analyzer's rule engine: a small subset of ValidatePolicy's checks, with locations (path + span)
// computed into the exact document text received, the way the real service reports them: line 1-based, column and
// offset 0-based (UTF-16 code units, as JavaScript and Java count), end exclusive, string spans include the quotes.
import { type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import {
  CHECKS,
  type FindingType,
  globMatches,
  hasWildcard,
  type IssueCode,
  KNOWN_ACTIONS,
  KNOWN_SERVICES,
  learnMoreLink,
  MESSAGES,
  suggest,
} from './access-analyzer-catalog';

export type PathElement =
  | { value: string }
  | { index: number }
  | { key: string }
  | { substring: { start: number; length: number } };
export interface WirePosition {
  line: number;
  column: number;
  offset: number;
}
export interface WireLocation {
  path: PathElement[];
  span: { start: WirePosition; end: WirePosition };
}
export interface WireFinding {
  findingDetails: string;
  findingType: FindingType;
  issueCode: IssueCode;
  learnMoreLink: string;
  locations: WireLocation[];
}

const VERSIONS = ['2012-10-17', '2008-10-17'];

/** Maps offsets of a text to (line, column). */
export function positionIndex(text: string): (offset: number) => WirePosition {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) starts.push(i + 1);
  }
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0), offset };
  };
}

/** The path of a node from the root, as Access Analyzer writes it. */
function pathOf(node: Node): PathElement[] {
  const path: PathElement[] = [];
  let current: Node = node;
  while (current.parent) {
    const parent: Node = current.parent;
    if (parent.type === 'property') {
      const key = parent.children?.[0];
      if (key && key !== current) path.unshift({ value: String(key.value) });
      else if (key === current) path.unshift({ key: String(current.value) });
      current = parent.parent ?? parent;
      if (current === parent) break;
    } else if (parent.type === 'array') {
      path.unshift({ index: parent.children?.indexOf(current) ?? 0 });
      current = parent;
    } else {
      current = parent;
    }
  }
  return path;
}

/** The value node of member `name` of an object node. */
function member(obj: Node, name: string): Node | undefined {
  if (obj.type !== 'object') return undefined;
  for (const prop of obj.children ?? []) {
    const [key, value] = prop.children ?? [];
    if (key?.value === name) return value;
  }
  return undefined;
}

/** A string or a list of strings: the string nodes, and the non-string nodes found instead. */
function stringNodes(node: Node): { strings: Node[]; bad: Node[] } {
  const items = node.type === 'array' ? (node.children ?? []) : [node];
  return {
    strings: items.filter((n) => n.type === 'string'),
    bad: items.filter((n) => n.type !== 'string'),
  };
}

/** Runs the checks on `document` and returns the findings in document order. */
export function validatePolicyDocument(
  document: string,
  policyType: string,
  resourceType?: string,
): WireFinding[] {
  const at = positionIndex(document);
  const findings: WireFinding[] = [];
  const add = (code: IssueCode, details: string, path: PathElement[], start: number, end: number): void => {
    findings.push({
      findingDetails: details,
      findingType: CHECKS[code].type,
      issueCode: code,
      learnMoreLink: learnMoreLink(code),
      locations: [{ path, span: { start: at(start), end: at(end) } }],
    });
  };
  const addAt = (code: IssueCode, details: string, node: Node): void =>
    add(code, details, pathOf(node), node.offset, node.offset + node.length);

  const errors: ParseError[] = [];
  const root = parseTree(document, errors, { disallowComments: true, allowTrailingComma: false });
  const firstError = errors[0];
  if (firstError || !root) {
    const offset = Math.min(firstError?.offset ?? 0, document.length);
    const end = Math.min(offset + Math.max(firstError?.length ?? 0, 1), document.length);
    const pos = at(offset);
    const what = firstError ? printParseErrorCode(firstError.error) : 'ValueExpected';
    add(
      'JSON_SYNTAX_ERROR',
      `Fix the JSON syntax error at index ${offset} line ${pos.line} column ${pos.column + 1}: ${what}.`,
      [],
      offset,
      end,
    );
    return findings;
  }
  if (root.type !== 'object') {
    addAt('DATA_TYPE_MISMATCH', 'The text does not match the expected JSON data type Object.', root);
    return findings;
  }

  const version = member(root, 'Version');
  if (!version) add('MISSING_VERSION', MESSAGES.MISSING_VERSION, [], root.offset, root.offset + 1);
  else if (version.type !== 'string' || !VERSIONS.includes(String(version.value))) {
    addAt('INVALID_VERSION', 'The Version element must be 2012-10-17 or 2008-10-17.', version);
  }

  const statement = member(root, 'Statement');
  if (!statement) {
    add('MISSING_STATEMENT', MESSAGES.MISSING_STATEMENT, [], root.offset, root.offset + 1);
    return findings;
  }
  const statements = statement.type === 'array' ? (statement.children ?? []) : [statement];
  for (const s of statements) {
    if (s.type !== 'object') {
      addAt('DATA_TYPE_MISMATCH', 'The text does not match the expected JSON data type Object.', s);
      continue;
    }
    checkStatement(s, policyType, resourceType, addAt);
  }
  return findings;
}

type AddAt = (code: IssueCode, details: string, node: Node) => void;

function checkStatement(s: Node, policyType: string, resourceType: string | undefined, addAt: AddAt): void {
  const effect = member(s, 'Effect');
  if (!effect) addAt('MISSING_EFFECT', MESSAGES.MISSING_EFFECT, s);
  else if (effect.value !== 'Allow' && effect.value !== 'Deny') {
    addAt('INVALID_EFFECT', 'The Effect element value must be Allow or Deny.', effect);
  }
  const allow = effect?.value === 'Allow';
  const action = member(s, 'Action');
  const notAction = member(s, 'NotAction');
  const resource = member(s, 'Resource');
  const isTrustPolicy = resourceType === 'AWS::IAM::AssumeRolePolicyDocument';

  if (!action && !notAction) addAt('MISSING_ACTION', MESSAGES.MISSING_ACTION, s);
  if (!resource && !member(s, 'NotResource') && !isTrustPolicy)
    addAt('MISSING_RESOURCE', MESSAGES.MISSING_RESOURCE, s);
  if (policyType === 'RESOURCE_POLICY') {
    const notPrincipal = member(s, 'NotPrincipal');
    if (!member(s, 'Principal') && !notPrincipal) addAt('MISSING_PRINCIPAL', MESSAGES.MISSING_PRINCIPAL, s);
    if (allow && notPrincipal)
      addAt('ALLOW_WITH_NOT_PRINCIPAL', MESSAGES.ALLOW_WITH_NOT_PRINCIPAL, notPrincipal);
  }
  if (action?.type === 'array' && action.children?.length === 0) {
    addAt('EMPTY_ARRAY_ACTION', MESSAGES.EMPTY_ARRAY_ACTION, action);
  }
  if (resource?.type === 'array' && resource.children?.length === 0) {
    addAt('EMPTY_ARRAY_RESOURCE', MESSAGES.EMPTY_ARRAY_RESOURCE, resource);
  }

  const actionNodes: Node[] = [];
  for (const element of [action, notAction]) {
    if (!element) continue;
    const { strings, bad } = stringNodes(element);
    for (const b of bad)
      addAt('DATA_TYPE_MISMATCH', 'The text does not match the expected JSON data type String.', b);
    for (const node of strings) checkAction(node, addAt);
    if (element === action) actionNodes.push(...strings);
    checkRedundant(strings, addAt);
  }

  if (allow && policyType === 'IDENTITY_POLICY' && resource) {
    const stars = stringNodes(resource).strings.filter((n) => n.value === '*');
    const condition = member(s, 'Condition');
    const passedToService =
      condition?.children?.some((op) =>
        op.children?.[1]?.children?.some(
          (kv) => String(kv.children?.[0]?.value).toLowerCase() === 'iam:passedtoservice',
        ),
      ) ?? false;
    const actions = actionNodes.map((n) => String(n.value));
    const literal = actions.some((a) => !hasWildcard(a) && a.toLowerCase() === 'iam:passrole');
    const wildcard = actions.some((a) => hasWildcard(a) && globMatches(a, 'iam:PassRole'));
    if (stars.length > 0 && !passedToService && (literal || wildcard)) {
      const code = literal ? 'PASS_ROLE_WITH_STAR_IN_RESOURCE' : 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE';
      for (const star of stars) addAt(code, MESSAGES[code], star);
    }
  }
}

function checkAction(node: Node, addAt: AddAt): void {
  const text = String(node.value);
  if (text === '*') return;
  const colon = text.indexOf(':');
  if (colon < 0) return;
  const service = text.slice(0, colon).toLowerCase();
  const name = text.slice(colon + 1);
  if (!hasWildcard(service) && !KNOWN_SERVICES.has(service)) {
    const hint = suggest(service, KNOWN_SERVICES);
    addAt(
      'INVALID_SERVICE_IN_ACTION',
      `The service ${text.slice(0, colon)} specified in the action does not exist.${hint ? ` Did you mean ${hint}?` : ''}`,
      node,
    );
    return;
  }
  const known = KNOWN_ACTIONS[service];
  if (!known || hasWildcard(name)) return;
  if (known.some((a) => a.toLowerCase() === name.toLowerCase())) return;
  const hint = suggest(name, known);
  addAt(
    'INVALID_ACTION',
    `The action ${text} does not exist.${hint ? ` Did you mean ${service}:${hint}?` : ''}`,
    node,
  );
}

function checkRedundant(strings: Node[], addAt: AddAt): void {
  const values = strings.map((n) => String(n.value));
  strings.forEach((node, i) => {
    const value = values[i] ?? '';
    const cover = values.find(
      (other, j) => j !== i && hasWildcard(other) && other !== value && globMatches(other, value),
    );
    if (cover) {
      addAt(
        'REDUNDANT_ACTION',
        `The ${value} action is redundant because it provides similar permissions to the ${cover} action within the statement.`,
        node,
      );
    }
  });
}
