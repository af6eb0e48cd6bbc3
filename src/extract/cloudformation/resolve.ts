// CloudFormation's intrinsic functions, resolved offline: a template value in, a plain JSON value out (no
// `Ref`, no `Fn::*` left), with the lines of the template it came from. Pure.
//
// - `Ref` to a parameter: the value given (parameters file), else its `Default`, else a placeholder of its
//   type's shape and an UNRESOLVED_REFERENCE note; an SSM parameter type is always such a note. To a pseudo
//   parameter: the configured value, else a default that makes valid ARNs. To a resource: a placeholder of
//   its type (placeholders.ts). `AWS::NoValue` removes the key or item.
// - `Fn::GetAtt`, `Fn::Sub` (both forms, `${!Literal}`), `Fn::Join`, `Fn::Select`, `Fn::Split`,
//   `Fn::FindInMap` (with DefaultValue), `Fn::Base64`, `Fn::GetAZs`, `Fn::ToJsonString`, `Fn::Length`.
// - `Fn::If`: the template's Conditions are evaluated from the parameter values; a condition that depends
//   on a value the gate does not know is undecided, and the caller resolves the policy once per answer
//   (resolveVariants).
// - `Fn::ImportValue`: the export of another template of the run, else a placeholder and a note.
// - `{{resolve:ssm:...}}` and other dynamic references: a placeholder and a note.
// - `Fn::Cidr`, `Fn::Transform` and anything else: an Unresolvable error (the caller fails closed).

import { exportPlaceholder, placeholderValue } from '../../core/placeholder-value';
import { isObject, type JsonObject } from '../terraform-config';
import type { NodeLines } from './parse';
import { namePropertyOf, type Pseudo, resourceAttribute, resourceRef } from './placeholders';

export { isObject, type JsonObject };

/** What could not be resolved but was given a placeholder: an UNRESOLVED_REFERENCE finding. */
export interface UnresolvedNote {
  /** What, as a reader names it: `Fn::ImportValue "SharedBucketArn"`. */
  what: string;
  /** Why and what was used instead. */
  why: string;
  line: number;
}

/** A value the gate cannot resolve offline: the policy is not analysed, and fails closed. */
export class Unresolvable extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** A parameter's value for this run. */
export interface ParameterValue {
  value: string | string[];
  /**
   * Whether conditions on it are decided: given, or defaulted where cloudformation-parameters gives values
   * for the template; not for a placeholder, nor for a Default when the template has no values given.
   */
  known: boolean;
  /** Its value is the template's Default: cloudformation-parameters gave none, and a deploy may give another. */
  defaulted?: boolean;
  /**
   * A defaulted parameter's value where a condition on it is assumed otherwise than its Default decides it
   * (a deploy that turns the branch on gives another value): a placeholder of its type.
   */
  otherwise?: string | string[];
  /** The note a reference to it raises (a placeholder, an SSM parameter). */
  note?: Omit<UnresolvedNote, 'line'>;
  /** NoEcho: never quoted. */
  secret?: boolean;
}

export interface PseudoValues extends Pseudo {
  stackName: string;
  stackId: string;
  /** Pseudo parameters the configuration gave (conditions on the others are undecided). */
  known: ReadonlySet<string>;
}

/** One template, ready to resolve values of. */
export interface TemplateScope {
  root: JsonObject;
  lines: WeakMap<object, NodeLines>;
  parameters: ReadonlyMap<string, ParameterValue>;
  pseudo: PseudoValues;
  resources: JsonObject;
  mappings: JsonObject;
  conditions: JsonObject;
  /** Export name -> value, from the other templates of the run. */
  imports: ReadonlyMap<string, string>;
}

/** The state of one resolution: the conditions assumed, and what it found. */
export class Resolution {
  readonly notes: UnresolvedNote[] = [];
  /** Conditions the resolution met that depend on unknown values, in the order met. */
  readonly undecided: string[] = [];
  /** A NoEcho parameter went into the value. */
  secret = false;
  /** The resources whose name property is being resolved (a name that refers to itself stops there). */
  readonly naming = new Set<string>();
  /** The output objects and arrays, with the lines they came from. */
  readonly lines = new WeakMap<object, NodeLines>();
  /**
   * Each condition's value once worked out, and whether it used an unknown value: a condition met again
   * (`!Condition C` in ten places, each condition built of the one before) is not worked out again, so the
   * work grows with the template, not exponentially with how often conditions refer to one another.
   */
  readonly conditionValues = new Map<string, { value: boolean | undefined; unknown: boolean }>();
  /** The conditions being worked out, outermost first: one met again among them refers to itself. */
  readonly conditionChain = new Set<string>();
  /** The parameters and pseudo parameters without a value that the resolution met, in the order met. */
  readonly unknownsMet: string[] = [];
  /** The parameters whose Default the resolution used, in the order met. */
  readonly defaultsMet: string[] = [];
  private unknownSeen = false;

  constructor(
    readonly scope: TemplateScope,
    readonly assumed: ReadonlyMap<string, boolean> = new Map(),
  ) {}

  note(what: string, why: string, line: number): void {
    if (this.notes.some((n) => n.what === what && n.line === line)) return;
    this.notes.push({ what, why, line });
  }

  /** Runs `f` and says whether it used a value the gate does not know. */
  touchesUnknown<T>(f: () => T): { value: T; unknown: boolean } {
    const before = this.unknownSeen;
    this.unknownSeen = false;
    try {
      const value = f();
      return { value, unknown: this.unknownSeen };
    } finally {
      this.unknownSeen = before || this.unknownSeen;
    }
  }

  /** Notes that a value the gate does not know went into what is being resolved (`name`, when it has one). */
  markUnknown(name?: string): void {
    this.unknownSeen = true;
    if (name !== undefined && !this.unknownsMet.includes(name)) this.unknownsMet.push(name);
  }
}

/** AWS::NoValue: the key or item is left out. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

const MAX_CONDITION_DEPTH = 32;
const DYNAMIC_REFERENCE = /\{\{resolve:([a-z-]+):([^}]*)\}\}/g;

function lineOf(r: Resolution, node: object, fallback: number): number {
  return r.scope.lines.get(node)?.line ?? fallback;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A resolved value as a string, as CloudFormation would pass it where a string is expected. */
function asString(value: unknown, what: string, line: number): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Unresolvable(`${what} needs a string but got ${describe(value)}`, line);
}

function asList(value: unknown, what: string, line: number): unknown[] {
  if (Array.isArray(value)) return value;
  throw new Unresolvable(`${what} needs a list but got ${describe(value)}`, line);
}

function args(value: unknown, count: number, fn: string, line: number): unknown[] {
  if (!Array.isArray(value) || value.length < count) {
    throw new Unresolvable(`${fn} needs a list of ${count} arguments`, line);
  }
  return value;
}

function pseudoValue(r: Resolution, name: string): string | string[] | undefined {
  const p = r.scope.pseudo;
  const values: Record<string, string | string[]> = {
    'AWS::AccountId': p.accountId,
    'AWS::Region': p.region,
    'AWS::Partition': p.partition,
    'AWS::URLSuffix': p.urlSuffix,
    'AWS::StackName': p.stackName,
    'AWS::StackId': p.stackId,
    'AWS::NotificationARNs': [],
  };
  if (!Object.hasOwn(values, name)) return undefined;
  if (!p.known.has(name)) r.markUnknown(name);
  return values[name];
}

/**
 * A resource's properties with its name property resolved (`BucketName: !Ref Name`), so that its
 * placeholder ARN carries the name the stack will give it; a name that cannot be resolved is left out.
 */
function namedProperties(r: Resolution, logicalId: string, type: string, properties: unknown): unknown {
  const key = namePropertyOf(type);
  if (key === undefined || !isObject(properties) || typeof properties[key] === 'string') return properties;
  if (properties[key] === undefined || r.naming.has(logicalId)) return undefined;
  r.naming.add(logicalId);
  try {
    const name = resolveValue(r, properties[key], r.scope.lines.get(properties)?.line ?? 1);
    return typeof name === 'string' ? { [key]: name } : undefined;
  } catch (e) {
    if (e instanceof Unresolvable) return undefined;
    throw e;
  } finally {
    r.naming.delete(logicalId);
  }
}

/** `Ref`: a parameter, a pseudo parameter or a resource. */
function ref(r: Resolution, target: unknown, line: number): unknown {
  if (typeof target !== 'string') throw new Unresolvable(`Ref needs a name, not ${describe(target)}`, line);
  if (target === 'AWS::NoValue') return NO_VALUE;
  const pseudo = pseudoValue(r, target);
  if (pseudo !== undefined) return pseudo;
  const parameter = r.scope.parameters.get(target);
  if (parameter !== undefined) {
    if (!parameter.known) r.markUnknown(target);
    if (parameter.otherwise !== undefined && departsFromDefault(r, target, line)) return parameter.otherwise;
    if (parameter.defaulted && !r.defaultsMet.includes(target)) r.defaultsMet.push(target);
    if (parameter.note) r.note(parameter.note.what, parameter.note.why, line);
    if (parameter.secret) r.secret = true;
    return parameter.value;
  }
  const resource = r.scope.resources[target];
  if (isObject(resource) && typeof resource.Type === 'string') {
    const properties = namedProperties(r, target, resource.Type, resource.Properties);
    return resourceRef(resource.Type, target, properties, r.scope.pseudo);
  }
  throw new Unresolvable(
    `Ref to "${target}", which is no parameter, pseudo parameter or resource of the template`,
    line,
  );
}

function getAtt(r: Resolution, argument: unknown, line: number): string {
  let logicalId: unknown;
  let attribute: unknown;
  if (typeof argument === 'string') {
    const dot = argument.indexOf('.');
    [logicalId, attribute] = dot < 0 ? [argument, ''] : [argument.slice(0, dot), argument.slice(dot + 1)];
  } else {
    const list = args(argument, 2, 'Fn::GetAtt', line);
    logicalId = list[0];
    attribute = resolveValue(r, list[1], line);
  }
  if (typeof logicalId !== 'string' || typeof attribute !== 'string' || attribute === '') {
    throw new Unresolvable('Fn::GetAtt needs a logical id and an attribute name', line);
  }
  const resource = r.scope.resources[logicalId];
  if (!isObject(resource) || typeof resource.Type !== 'string') {
    throw new Unresolvable(`Fn::GetAtt to "${logicalId}", which is no resource of the template`, line);
  }
  const properties = namedProperties(r, logicalId, resource.Type, resource.Properties);
  return resourceAttribute(resource.Type, logicalId, attribute, properties, r.scope.pseudo);
}

/** `${Name}` and `${Name.Attribute}` in an Fn::Sub string; `${!Literal}` is `${Literal}`. */
function sub(r: Resolution, argument: unknown, line: number): string {
  let text: unknown = argument;
  const variables = new Map<string, unknown>();
  if (Array.isArray(argument)) {
    text = argument[0];
    const vars = argument[1];
    if (vars !== undefined && !isObject(vars))
      throw new Unresolvable('Fn::Sub variables must be a mapping', line);
    for (const [name, value] of Object.entries(vars ?? {})) variables.set(name, resolveValue(r, value, line));
  }
  if (typeof text !== 'string') throw new Unresolvable('Fn::Sub needs a string', line);
  return text.replace(/\$\{([^}]*)\}/g, (_whole, inner: string) => {
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
    const name = inner.trim();
    if (variables.has(name)) return asString(variables.get(name), `\${${name}}`, line);
    const dot = name.indexOf('.');
    const isResourceAttribute =
      dot > 0 &&
      !name.startsWith('AWS::') &&
      !r.scope.parameters.has(name) &&
      isObject(r.scope.resources[name.slice(0, dot)]);
    const value = isResourceAttribute ? getAtt(r, name, line) : ref(r, name, line);
    if (value === NO_VALUE) return '';
    if (Array.isArray(value)) return value.join(',');
    return asString(value, `\${${name}}`, line);
  });
}

function findInMap(r: Resolution, argument: unknown, line: number): unknown {
  const list = args(argument, 3, 'Fn::FindInMap', line);
  const [mapName, top, second] = list
    .slice(0, 3)
    .map((v) => asString(resolveValue(r, v, line), 'Fn::FindInMap', line));
  const options = list[3];
  const map = r.scope.mappings[mapName ?? ''];
  const level = isObject(map) ? map[top ?? ''] : undefined;
  const found = isObject(level) && Object.hasOwn(level, second ?? '') ? level[second ?? ''] : undefined;
  if (found !== undefined) return resolveValue(r, found, line);
  if (isObject(options) && 'DefaultValue' in options) return resolveValue(r, options.DefaultValue, line);
  throw new Unresolvable(`Fn::FindInMap: the mapping "${mapName}" has no "${top}" / "${second}"`, line);
}

function importValue(r: Resolution, argument: unknown, line: number): string {
  const name = asString(resolveValue(r, argument, line), 'Fn::ImportValue', line);
  const exported = r.scope.imports.get(name);
  if (exported !== undefined) return exported;
  r.markUnknown();
  r.note(
    `Fn::ImportValue ${JSON.stringify(name)}`,
    'no template of this run exports that name, so a placeholder stands for it; add the exporting template to cloudformation-templates to resolve it',
    line,
  );
  return exportPlaceholder(r.scope.pseudo, name);
}

/** Whether a condition holds, or undefined when it depends on values the gate does not know. */
export function conditionValue(r: Resolution, name: string, line: number, depth = 0): boolean | undefined {
  const assumed = r.assumed.get(name);
  if (assumed !== undefined) {
    const unknowns = unknownsOfCondition(r.scope, name, line);
    const defaulted = unknowns.filter((u) => r.scope.parameters.get(u)?.defaulted === true);
    const on =
      unknowns.length === 0
        ? 'a value the gate does not know'
        : defaulted.length === unknowns.length
          ? `${unknowns.join(', ')}, which only ${unknowns.length === 1 ? 'its Default gives' : 'their Defaults give'} (a deploy may give another value; give the template's values in cloudformation-parameters to decide it)`
          : `${unknowns.join(', ')}, which the gate does not know (give ${unknowns.length === 1 ? 'it a value' : 'them values'} in cloudformation-parameters to decide it)`;
    r.note(
      `the condition ${JSON.stringify(name)}`,
      `it depends on ${on}, so the policy is analysed once with it true and once with it false (here: ${assumed})`,
      line,
    );
    return assumed;
  }
  const known = r.conditionValues.get(name);
  if (known !== undefined) {
    if (known.unknown) r.markUnknown();
    return known.value;
  }
  const expression = r.scope.conditions[name];
  if (expression === undefined)
    throw new Unresolvable(`the condition "${name}" is not defined in Conditions`, line);
  if (r.conditionChain.has(name)) throw new Unresolvable(`the condition "${name}" refers to itself`, line);
  if (depth > MAX_CONDITION_DEPTH) {
    throw new Unresolvable(
      `the condition "${name}" is nested deeper than ${MAX_CONDITION_DEPTH} conditions; write the conditions flatter`,
      line,
    );
  }
  const at = isObject(expression) ? lineOf(r, expression, line) : line;
  r.conditionChain.add(name);
  let worked: { value: boolean | undefined; unknown: boolean };
  try {
    worked = r.touchesUnknown(() => booleanOf(r, expression, at, depth + 1));
  } finally {
    r.conditionChain.delete(name);
  }
  r.conditionValues.set(name, worked);
  const { value } = worked;
  if (value === undefined && !r.undecided.includes(name)) r.undecided.push(name);
  return value;
}

/** Per scope: each condition's parameters, and its value with every Default taken as given. */
const conditionFacts = new WeakMap<
  TemplateScope,
  Map<string, { unknowns: readonly string[]; byDefaults: boolean | undefined }>
>();

/** The conditions' facts of `scope`, worked out once per condition. */
function conditionFact(scope: TemplateScope, name: string, line: number) {
  let facts = conditionFacts.get(scope);
  if (facts === undefined) {
    facts = new Map();
    conditionFacts.set(scope, facts);
  }
  let fact = facts.get(name);
  if (fact === undefined) {
    const parameters = new Map(
      [...scope.parameters].map(([k, v]) => [k, v.defaulted ? { ...v, known: true } : v] as const),
    );
    let byDefaults: boolean | undefined;
    try {
      byDefaults = conditionValue(new Resolution({ ...scope, parameters }), name, line);
    } catch (e) {
      if (!(e instanceof Unresolvable)) throw e;
    }
    fact = { unknowns: unknownsOfCondition(scope, name, line), byDefaults };
    facts.set(name, fact);
  }
  return fact;
}

/**
 * Whether the resolution assumes a condition on the defaulted `parameter` otherwise than the Defaults
 * decide it: in that variant the parameter has another value than its Default.
 */
function departsFromDefault(r: Resolution, parameter: string, line: number): boolean {
  for (const [name, value] of r.assumed) {
    const fact = conditionFact(r.scope, name, line);
    if (fact.unknowns.includes(parameter) && fact.byDefaults !== value) return true;
  }
  return false;
}

/** The parameters and pseudo parameters without a value that a condition depends on. */
function unknownsOfCondition(scope: TemplateScope, name: string, line: number): string[] {
  const probe = new Resolution(scope);
  try {
    conditionValue(probe, name, line);
  } catch (e) {
    if (!(e instanceof Unresolvable)) throw e;
  }
  return probe.unknownsMet;
}

function booleanOf(r: Resolution, expression: unknown, line: number, depth: number): boolean | undefined {
  if (typeof expression === 'boolean') return expression;
  if (expression === 'true' || expression === 'false') return expression === 'true';
  if (!isObject(expression))
    throw new Unresolvable(`a condition must be a condition function, not ${describe(expression)}`, line);
  const [fn, argument] = Object.entries(expression)[0] ?? [];
  const many = (): (boolean | undefined)[] =>
    asList(argument, fn ?? '', line).map((e) => booleanOf(r, e, line, depth));
  switch (fn) {
    case 'Condition':
      return conditionValue(r, asString(argument, 'Condition', line), line, depth);
    case 'Fn::Equals': {
      const [a, b] = args(argument, 2, fn, line);
      const { value, unknown } = r.touchesUnknown(() => [resolveValue(r, a, line), resolveValue(r, b, line)]);
      if (unknown) return undefined;
      return JSON.stringify(value[0]) === JSON.stringify(value[1]) || String(value[0]) === String(value[1]);
    }
    case 'Fn::Not': {
      const [inner] = args(argument, 1, fn, line);
      const value = booleanOf(r, inner, line, depth);
      return value === undefined ? undefined : !value;
    }
    case 'Fn::And': {
      const values = many();
      if (values.includes(false)) return false;
      return values.includes(undefined) ? undefined : true;
    }
    case 'Fn::Or': {
      const values = many();
      if (values.includes(true)) return true;
      return values.includes(undefined) ? undefined : false;
    }
    default:
      throw new Unresolvable(`${fn ?? 'an empty mapping'} is not a condition function`, line);
  }
}

function ifValue(r: Resolution, argument: unknown, line: number): unknown {
  const [condition, whenTrue, whenFalse] = args(argument, 3, 'Fn::If', line);
  const holds = conditionValue(r, asString(condition, 'Fn::If', line), line);
  // Undecided: the caller resolves again with the condition assumed each way; this pass goes on either way.
  return resolveValue(r, holds === false ? whenFalse : whenTrue, line);
}

function dynamicReferences(r: Resolution, text: string, line: number): string {
  if (!text.includes('{{resolve:')) return text;
  return text.replace(DYNAMIC_REFERENCE, (_whole, service: string, key: string) => {
    const name = key.split(':')[0] ?? key;
    r.markUnknown();
    r.note(
      `{{resolve:${service}:${name}}}`,
      'a dynamic reference is resolved by CloudFormation at deploy time; a placeholder stands for it',
      line,
    );
    return placeholderValue(`${service}-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`);
  });
}

/** One intrinsic function call (a mapping with one key that names one). */
function intrinsic(r: Resolution, fn: string, argument: unknown, line: number): unknown {
  switch (fn) {
    case 'Ref':
      return ref(r, argument, line);
    case 'Fn::GetAtt':
      return getAtt(r, argument, line);
    case 'Fn::Sub':
      return dynamicReferences(r, sub(r, argument, line), line);
    case 'Fn::Join': {
      const [delimiter, list] = args(argument, 2, fn, line);
      const items = asList(resolveValue(r, list, line), fn, line).filter((v) => v !== NO_VALUE);
      return items.map((v) => asString(v, fn, line)).join(asString(delimiter, fn, line));
    }
    case 'Fn::Select': {
      const [index, list] = args(argument, 2, fn, line);
      const items = asList(resolveValue(r, list, line), fn, line);
      const i = Number(resolveValue(r, index, line));
      if (!Number.isInteger(i) || i < 0 || i >= items.length) {
        throw new Unresolvable(
          `Fn::Select: index ${String(index)} is outside the list of ${items.length}`,
          line,
        );
      }
      return items[i];
    }
    case 'Fn::Split': {
      const [delimiter, text] = args(argument, 2, fn, line);
      const d = asString(delimiter, fn, line);
      if (d === '') throw new Unresolvable('Fn::Split needs a delimiter', line);
      return asString(resolveValue(r, text, line), fn, line).split(d);
    }
    case 'Fn::FindInMap':
      return findInMap(r, argument, line);
    case 'Fn::ImportValue':
      return importValue(r, argument, line);
    case 'Fn::If':
      return ifValue(r, argument, line);
    case 'Fn::Base64':
      return Buffer.from(asString(resolveValue(r, argument, line), fn, line), 'utf8').toString('base64');
    case 'Fn::GetAZs': {
      const region = asString(resolveValue(r, argument, line), fn, line) || r.scope.pseudo.region;
      return ['a', 'b', 'c'].map((zone) => `${region}${zone}`);
    }
    case 'Fn::ToJsonString':
      return JSON.stringify(resolveValue(r, argument, line));
    case 'Fn::Length':
      return asList(resolveValue(r, argument, line), fn, line).length;
    default:
      throw new Unresolvable(
        `${fn} cannot be resolved offline (the gate resolves Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::FindInMap, Fn::If, Fn::ImportValue, Fn::Base64, Fn::GetAZs, Fn::ToJsonString, Fn::Length)`,
        line,
      );
  }
}

const INTRINSIC = /^(Ref|Fn::[A-Za-z]+)$/;

/** The lines of a template node, or of a value this resolution made (a value resolved again). */
export function linesOf(r: Resolution, node: object): NodeLines | undefined {
  return r.scope.lines.get(node) ?? r.lines.get(node);
}

/** A template value, resolved: no intrinsic function left (NO_VALUE for AWS::NoValue). */
export function resolveValue(r: Resolution, value: unknown, line: number): unknown {
  if (typeof value === 'string') return dynamicReferences(r, value, line);
  if (Array.isArray(value)) {
    const own = linesOf(r, value);
    const out: unknown[] = [];
    const items: number[] = [];
    value.forEach((item, i) => {
      const at = own?.items?.[i] ?? own?.line ?? line;
      const resolved = resolveValue(r, item, at);
      if (resolved === NO_VALUE) return;
      out.push(resolved);
      items.push(at);
    });
    r.lines.set(out, { line: own?.line ?? line, items });
    return out;
  }
  if (!isObject(value)) return value;
  const own = linesOf(r, value);
  const at = own?.line ?? line;
  const keys = Object.keys(value);
  const first = keys[0];
  if (keys.length === 1 && first !== undefined && INTRINSIC.test(first)) {
    return intrinsic(r, first, value[first], own?.keys?.[first] ?? at);
  }
  const out: JsonObject = {};
  const lines: Record<string, number> = {};
  for (const key of keys) {
    const keyLine = own?.keys?.[key] ?? at;
    const resolved = resolveValue(r, value[key], keyLine);
    if (resolved === NO_VALUE) continue;
    Object.defineProperty(out, key, {
      value: resolved,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    Object.defineProperty(lines, key, {
      value: keyLine,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  r.lines.set(out, { line: at, keys: lines });
  return out;
}

/** At most this many variants of one policy (2^3: three undecided conditions). */
export const MAX_VARIANTS = 8;

export interface Variant<T> {
  /** The conditions assumed, in the order met ({} when none was undecided). */
  assumed: ReadonlyMap<string, boolean>;
  result: T;
  resolution: Resolution;
}

/**
 * Runs `f` once, and again for each answer of every condition it met undecided, so that both branches of
 * an Fn::If on an unknown parameter are analysed. More than MAX_VARIANTS is an Unresolvable error.
 * `assumedAlready`: conditions decided by an outer resolution (the list a policy is an item of).
 */
export function resolveVariants<T>(
  scope: TemplateScope,
  line: number,
  f: (r: Resolution) => T,
  assumedAlready: ReadonlyMap<string, boolean> = new Map(),
): Variant<T>[] {
  const done: Variant<T>[] = [];
  const queue: Map<string, boolean>[] = [new Map(assumedAlready)];
  while (queue.length > 0) {
    const assumed = queue.shift() ?? new Map();
    const r = new Resolution(scope, assumed);
    const result = f(r);
    const open = r.undecided.find((name) => !assumed.has(name));
    if (open === undefined) {
      done.push({ assumed, result, resolution: r });
      continue;
    }
    if (done.length + queue.length + 2 > MAX_VARIANTS) {
      throw new Unresolvable(
        `the policy depends on more conditions the gate cannot decide than it analyses (${MAX_VARIANTS} variants at most); give the parameters values in cloudformation-parameters`,
        line,
      );
    }
    queue.push(new Map([...assumed, [open, true]]), new Map([...assumed, [open, false]]));
  }
  return done;
}
