// Policy variables (`${aws:username}`, `${key, 'default'}`, the escapes `${*}` `${?}` `${$}`): how each is
// written, and whether it stands where IAM reads variables. IAM replaces variables in the Resource element
// and in the values of string and ARN conditions, and only in policy language version 2012-10-17; under
// 2008-10-17 they are literal text (IAM User Guide, "IAM policy elements: Variables and tags").
import type { Node } from 'jsonc-parser';
import {
  membersOf,
  type PolicyModel,
  principalValues,
  type StatementModel,
  type Str,
  stringsOf,
} from '../../core/policy/model';
import { OPERATOR_SET, parseOperator } from '../../core/policy/operator';
import type { Reporter } from './reporter';

/** What is wrong with how a variable is written, as Access Analyzer's code. */
type Malformed =
  | 'EMPTY_VARIABLE'
  | 'MISSING_BRACE_IN_VARIABLE'
  | 'UNSUPPORTED_SPACE_IN_VARIABLE'
  | 'MISSING_QUOTE_IN_VARIABLE';

/** One `${...}` of a string: its text, and what is wrong with it (undefined: well written). */
export interface Variable {
  text: string;
  malformed: Malformed | undefined;
}

/**
 * The variables of a string, in one pass: each starts at `${` and ends at the first `}` after it (a
 * default value, after a comma, ends at the first `'` followed by `}`, so it may hold braces). Once
 * a search for a closing brace or quote fails, every later one in the string would fail too: the scan
 * remembers it, so no character is searched again.
 */
export function variablesOf(value: string): Variable[] {
  const out: Variable[] = [];
  let noBraceFrom = Number.POSITIVE_INFINITY;
  let noQuoteFrom = Number.POSITIVE_INFINITY;
  const closingBrace = (from: number): number => {
    if (from >= noBraceFrom) return -1;
    const at = value.indexOf('}', from);
    if (at === -1) noBraceFrom = from;
    return at;
  };
  const closingQuote = (open: number): number => {
    if (open >= noQuoteFrom) return -1;
    const at = quotedEnd(value, open);
    if (at === -1) noQuoteFrom = open;
    return at;
  };
  let start = value.indexOf('${');
  while (start !== -1) {
    const nameEnd = nameEndOf(value, start + 2);
    const close = nameEnd < value.length && value[nameEnd] === '}' ? nameEnd : closingBrace(nameEnd);
    if (close === -1) {
      out.push({ text: value.slice(start), malformed: 'MISSING_BRACE_IN_VARIABLE' });
      break;
    }
    const name = value.slice(start + 2, nameEnd);
    let end = close;
    let malformed = nameProblem(name);
    if (value[nameEnd] === ',') {
      let open = nameEnd + 1;
      while (value[open] === ' ') open++;
      const quoted = value[open] === "'" ? closingQuote(open) : -1;
      if (quoted !== -1) end = quoted;
      else malformed ??= 'MISSING_QUOTE_IN_VARIABLE';
    }
    out.push({ text: value.slice(start, end + 1), malformed });
    start = value.indexOf('${', end + 1);
  }
  return out;
}

/** Where a variable's name ends: at its closing brace, at the comma before a default value, or the end. */
function nameEndOf(value: string, from: number): number {
  let i = from;
  while (i < value.length && value[i] !== '}' && value[i] !== ',') i++;
  return i;
}

/** A name that is empty (or only spaces), or that has a space in it. */
function nameProblem(name: string): Malformed | undefined {
  if (name.trim() === '') return 'EMPTY_VARIABLE';
  return name.includes(' ') ? 'UNSUPPORTED_SPACE_IN_VARIABLE' : undefined;
}

/**
 * The `}` that ends a default value opened by the quote at `open`: the first `}` after a closing `'`
 * (spaces between them allowed), or -1. Linear: each run of spaces is walked back once, from the `}`
 * right after it.
 */
function quotedEnd(value: string, open: number): number {
  for (let i = value.indexOf('}', open + 1); i !== -1; i = value.indexOf('}', i + 1)) {
    let back = i - 1;
    while (back > open && value[back] === ' ') back--;
    if (back > open && value[back] === "'") return i;
  }
  return -1;
}

/** At most this many characters of a variable go into a message (values are the policy's, of any size). */
const QUOTED_MAX = 100;

/** The variable as a message quotes it; a sensitive policy's messages do not quote its values. */
function quoted(r: Reporter, v: Variable): string {
  if (r.target.sensitive === true) return 'the policy variable';
  const text = v.text.length > QUOTED_MAX ? `${v.text.slice(0, QUOTED_MAX)}...` : v.text;
  return `the policy variable "${text}"`;
}

const MALFORMED_MESSAGE: Record<Malformed, (what: string) => string> = {
  EMPTY_VARIABLE: (what) =>
    `Empty policy variable: remove the \${ } variable structure of ${what} or provide a variable within it.`,
  MISSING_BRACE_IN_VARIABLE: (what) =>
    `${capital(what)} is missing a closing curly brace: add } after the variable text.`,
  UNSUPPORTED_SPACE_IN_VARIABLE: (what) =>
    `A space is not supported within the text of ${what}: remove the space (a default value may have spaces).`,
  MISSING_QUOTE_IN_VARIABLE: (what) =>
    `The default value of ${what} must begin and end with a single quote: add the missing quote, as in \${key, 'default'}.`,
};

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Where a string stands: where IAM reads variables, or the element or operator it does not in. */
type Place = { kind: 'read' } | { kind: 'element'; element: string } | { kind: 'operator'; operator: string };

const READ: Place = { kind: 'read' };

/** Condition operators whose values IAM never reads variables in (all but the String and ARN ones). */
function readsNoVariables(base: string): boolean {
  const b = base.toLowerCase();
  if (!OPERATOR_SET.has(b)) return false;
  return !b.startsWith('string') && !b.startsWith('arn');
}

export function checkVariables(model: PolicyModel, r: Reporter): void {
  // No `${` in the text (nor a \u escape that could write one): no variable anywhere, nothing to walk.
  if (!model.text.includes('${') && !model.text.includes('\\u')) return;
  const version = model.members.get('Version')?.value;
  const literal = version?.type === 'string' && version.value === '2008-10-17';
  for (const s of model.statements) {
    for (const [str, place] of placesOf(s)) {
      r.deadline.tick();
      if (!str.value.includes('${')) continue;
      if (literal) versionFinding(str, r);
      else checkString(str, place, r);
    }
  }
}

/** Every string of a statement that may hold a variable, and where it stands. */
function* placesOf(s: StatementModel): Generator<[Str, Place]> {
  for (const list of [s.resource, s.notResource]) for (const str of list ?? []) yield [str, READ];
  for (const [element, list] of [
    ['Action', s.action],
    ['NotAction', s.notAction],
  ] as const) {
    for (const str of list ?? []) yield [str, { kind: 'element', element }];
  }
  for (const [element, node] of [
    ['Principal', s.principal],
    ['NotPrincipal', s.notPrincipal],
  ] as const) {
    for (const p of principalValues(node)) yield [p, { kind: 'element', element }];
  }
  for (const [operator, block] of membersOf(s.condition)) {
    const place: Place = readsNoVariables(parseOperator(operator).base)
      ? { kind: 'operator', operator }
      : READ;
    for (const [, m] of membersOf(block.value))
      for (const str of stringsOf(m.value) ?? []) yield [str, place];
  }
}

/** Under Version 2008-10-17 a variable is literal text: one finding per string that holds one. */
function versionFinding(str: Str, r: Reporter): void {
  const first = variablesOf(str.value)[0];
  if (first === undefined) return;
  r.add(
    'VARIABLE_UNSUPPORTED_IN_VERSION',
    str.node,
    `To include variables in your policy, use the policy version 2012-10-17 or later: under "Version": "2008-10-17", ${quoted(r, first)} is literal text.`,
  );
}

/** One finding per malformed variable; then one for the string if it holds a variable where IAM reads none. */
function checkString(str: Str, place: Place, r: Reporter): void {
  const variables = variablesOf(str.value);
  for (const v of variables) {
    if (v.malformed !== undefined) r.add(v.malformed, str.node, MALFORMED_MESSAGE[v.malformed](quoted(r, v)));
  }
  const wellWritten = variables.find((v) => v.malformed === undefined);
  if (wellWritten === undefined || place.kind === 'read') return;
  misplaced(str.node, place, quoted(r, wellWritten), r);
}

function misplaced(node: Node, place: Exclude<Place, { kind: 'read' }>, what: string, r: Reporter): void {
  if (place.kind === 'element') {
    r.add(
      'VARIABLE_UNSUPPORTED_IN_ELEMENT',
      node,
      `Policy variables are supported in the Resource and Condition elements: remove ${what} from ${place.element}.`,
    );
    return;
  }
  r.add(
    'INVALID_VARIABLE_FOR_OPERATOR',
    node,
    `Policy variables can only be used with String and ARN operators: ${what} is a value of ${place.operator}.`,
  );
}
