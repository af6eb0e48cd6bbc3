// What both template readers (JSON and YAML) build and share: the parsed value with the line of every
// mapping and sequence, the bounds on hostile input, and CloudFormation's short-form function names.

/** Where the parts of one mapping or sequence are (1-based lines). */
export interface NodeLines {
  /** The line the mapping or sequence starts on. */
  line: number;
  /** Mapping: each key's line. */
  keys?: Readonly<Record<string, number>>;
  /** Sequence: each item's line. */
  items?: readonly number[];
}

export interface ParsedTemplate {
  value: unknown;
  /** The lines of every mapping and sequence of `value` (objects and arrays, by identity). */
  lines: WeakMap<object, NodeLines>;
}

export interface TemplateSyntaxError {
  message: string;
  line: number;
  column: number;
}

export type TemplateParse =
  | { ok: true; template: ParsedTemplate }
  | { ok: false; error: TemplateSyntaxError };

/** yaml's maxAliasCount default: more uses of aliases than this is an alias bomb, not a template. */
export const MAX_ALIASES = 100;
/** A template nests a dozen levels; a policy inside one six more. */
export const MAX_TEMPLATE_DEPTH = 64;

/** The short-form functions (`!Ref`, `!Sub`, ...) and the long form each stands for. */
export const SHORT_FORMS: Readonly<Record<string, string>> = {
  Ref: 'Ref',
  Condition: 'Condition',
  ...Object.fromEntries(
    [
      'Sub',
      'GetAtt',
      'Join',
      'If',
      'Select',
      'Split',
      'FindInMap',
      'ImportValue',
      'Base64',
      'Cidr',
      'GetAZs',
      'Equals',
      'And',
      'Or',
      'Not',
      'Transform',
      'Length',
      'ToJsonString',
      // The Rules section's functions (the template's parameter assertions).
      'Contains',
      'EachMemberEquals',
      'EachMemberIn',
      'RefAll',
      'ValueOf',
      'ValueOfAll',
    ].map((name) => [name, `Fn::${name}`]),
  ),
};

/** Sets a key as an own data property (a `__proto__` key stays a key, as in JSON.parse). */
export function setKey(object: Record<string, unknown>, key: string, value: unknown): void {
  // Only `__proto__` is not an own data property when assigned; defineProperty is several times slower.
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  } else object[key] = value;
}
