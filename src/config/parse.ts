// Parses and validates the config file's text. Every problem is reported as `file:line: key.path: what is
// wrong. What is allowed.`, all problems at once, in one ConfigurationError.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument, visit } from 'yaml';
import * as z from 'zod';
import { ConfigurationError, errorMessage } from '../core/errors';
import { type ConfigFile, configSchema, type RepoConfig, toRepoConfig } from './schema';
import { suggest } from './suggest';

type PathKey = string | number;

/** `ignore[0].reason` */
export function formatKeyPath(path: readonly PathKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${key}` : key;
  }
  return out;
}

/** The schema node at a path (through optionals, arrays, records), for allowed keys and descriptions. */
function schemaAt(path: readonly PathKey[]): z.ZodType | undefined {
  let cur: z.ZodType | undefined = configSchema;
  for (const key of path) {
    cur = cur && unwrap(cur);
    if (cur instanceof z.ZodObject && typeof key === 'string') cur = cur.shape[key] as z.ZodType | undefined;
    else if (cur instanceof z.ZodArray && typeof key === 'number') cur = cur.element as z.ZodType;
    else if (cur instanceof z.ZodRecord) cur = cur.valueType as z.ZodType;
    else return undefined;
  }
  return cur;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let cur = schema;
  while (cur instanceof z.ZodOptional) cur = cur.unwrap() as z.ZodType;
  return cur;
}

function describe(path: readonly PathKey[]): string | undefined {
  const node = schemaAt(path);
  return node?.description ?? (node ? unwrap(node).description : undefined);
}

function allowedKeys(path: readonly PathKey[]): string[] {
  const node = schemaAt(path);
  const obj = node && unwrap(node);
  return obj instanceof z.ZodObject ? Object.keys(obj.shape) : [];
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

const expectedName: Record<string, string> = {
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

/** The problem and what is allowed, for one zod issue (without the location). */
function describeIssue(issue: z.core.$ZodIssue): { path: PathKey[]; text: string; key?: string }[] {
  const path = issue.path.filter((k): k is PathKey => typeof k !== 'symbol');
  const hint = describe(path);
  const allowed = hint ? ` ${hint}` : '';
  switch (issue.code) {
    case 'unrecognized_keys': {
      const keys = allowedKeys(path);
      return issue.keys.map((key) => {
        const close = suggest(key, keys);
        return {
          path: [...path, key],
          key,
          text: `unknown key.${close ? ` Did you mean '${close}'?` : ''} Allowed keys here: ${keys.join(', ')}.`,
        };
      });
    }
    case 'invalid_type': {
      if (!('input' in issue) || issue.input === undefined) {
        const custom = issue.message.startsWith('Invalid input') ? undefined : issue.message;
        return [
          { path, text: `Required: ${custom ?? hint ?? `${expectedName[issue.expected]} is needed`}.` },
        ];
      }
      const expected = expectedName[issue.expected] ?? issue.expected;
      return [{ path, text: `expected ${expected}, found ${typeName(issue.input)}.${allowed}` }];
    }
    case 'invalid_value':
      return [
        {
          path,
          text: `${typeName(issue.input)} is not allowed. Allowed values: ${issue.values.map(String).join(', ')}.`,
        },
      ];
    case 'invalid_key':
      return [
        { path, text: `key ${typeName(issue.input)} is not ${issue.issues[0]?.message ?? 'allowed'}.` },
      ];
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
      const n = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const unit = issue.origin === 'array' ? ' item' : issue.origin === 'string' ? ' character' : '';
      const what = unit && n !== 1 ? `${unit}s` : unit;
      const text = issue.origin === 'number' ? `must be ${bound}` : `must have ${bound}${what}`;
      return [{ path, text: `${issue.message.startsWith('Too') ? text : issue.message}.` }];
    }
    default: {
      // Regex and refinement messages: "a ..." says what is allowed; anything else is a sentence.
      const input = 'input' in issue ? issue.input : undefined;
      const found = input !== undefined && typeof input !== 'object' ? `found ${typeName(input)}; ` : '';
      const text = /^an? /.test(issue.message) ? `${found}must be ${issue.message}` : issue.message;
      return [{ path, text: `${text}.` }];
    }
  }
}

function lineOf(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: PathKey[], key?: string) {
  // The key's own line for an unknown key; else the value's line, or the nearest ancestor that exists.
  if (key !== undefined) {
    const parent = doc.getIn(path.slice(0, -1), true);
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === key);
      const range = (pair?.key as Node | undefined)?.range;
      if (range) return counter.linePos(range[0]).line;
    }
  }
  for (let n = path.length; n >= 0; n -= 1) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    const range = (node as Node | null | undefined)?.range;
    if (range) return counter.linePos(range[0]).line;
  }
  return 1;
}

type YamlDocument = ReturnType<typeof parseDocument>;

/** The key path (`ignore[0].reason`) of a node, from the ancestors `visit` passes. */
function pathOf(ancestors: readonly unknown[], node: unknown): PathKey[] {
  const path: PathKey[] = [];
  const chain = [...ancestors, node];
  chain.forEach((item, i) => {
    const child = chain[i + 1];
    if (isPair(item) && child !== item.key) {
      path.push(isScalar(item.key) ? String(item.key.value) : String(item.key));
    } else if (isSeq(item) && child !== undefined) {
      path.push(item.items.indexOf(child as never));
    }
  });
  return path;
}

/** The key path and line of the first node `pick` chooses, in document order. */
function findNode(
  doc: YamlDocument,
  counter: LineCounter,
  pick: (node: unknown) => boolean,
): { path: string; line: number } | undefined {
  let found: { path: string; line: number } | undefined;
  visit(doc, (_key, node, ancestors) => {
    if (!pick(node)) return undefined;
    const range = (node as Node).range ?? (isPair(node) ? (node.key as Node | null)?.range : undefined);
    found = {
      path: formatKeyPath(pathOf(ancestors, node)),
      line: range ? counter.linePos(range[0]).line : 1,
    };
    return visit.BREAK;
  });
  return found;
}

/** The document as plain data; alias problems (an undefined anchor, a "billion laughs") are config errors. */
function toData(doc: YamlDocument, counter: LineCounter, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    const message = errorMessage(err);
    const unresolved = /^Unresolved alias.*: (.*)$/.exec(message)?.[1];
    const at = findNode(doc, counter, (n) =>
      unresolved === undefined ? isAlias(n) : isAlias(n) && n.source === unresolved,
    );
    const where = at ? `${file}:${at.line}: ${at.path || '(top level)'}` : file;
    const what =
      unresolved !== undefined
        ? `the alias *${unresolved} names no anchor (&${unresolved}) defined before it.`
        : /Excessive alias count/.test(message)
          ? 'the aliases in this file expand to too many values (a "billion laughs" document); the gate does not expand them. Write the values out.'
          : `the YAML cannot be read: ${message}.`;
    throw new ConfigurationError(`${where}: ${what}`);
  }
}

/** At most this many YAML syntax errors are listed: one broken line can cause hundreds. */
const MAX_SYNTAX_ERRORS = 10;

/**
 * Parses the config file's YAML text and validates it. Throws ConfigurationError listing every problem with
 * its file, line and key path. An empty file is an empty config.
 */
export function parseRepoConfig(text: string, file: string): RepoConfig {
  const counter = new LineCounter();
  // resolveKnownTags: false: `!!binary`, `!!set`, `!!omap`... stay plain YAML, checked like any value.
  const doc = parseDocument(text, {
    lineCounter: counter,
    prettyErrors: false,
    uniqueKeys: true,
    resolveKnownTags: false,
  });
  if (doc.errors.length > 0) {
    // The YAML library recurses per level of nesting; past a few thousand levels it records a stack overflow
    // (and a cascade of errors after it). One clear line says it.
    const overflow = doc.errors.find((e) => /Maximum call stack size exceeded/.test(e.message));
    if (overflow) {
      const pos = counter.linePos(overflow.pos[0]);
      throw new ConfigurationError(
        `${file}:${pos.line}:${pos.col}: the YAML nests too deeply for the gate to read (thousands of levels); a config file needs a few.`,
      );
    }
    const lines = doc.errors.slice(0, MAX_SYNTAX_ERRORS).map((e) => {
      const pos = counter.linePos(e.pos[0]);
      const where = `${file}:${pos.line}:${pos.col}`;
      const first = e.message.split('\n')[0];
      if (e.code === 'DUPLICATE_KEY') {
        const at = findNode(
          doc,
          counter,
          (n) => isPair(n) && (n.key as Node | null)?.range?.[0] === e.pos[0],
        );
        const key = at?.path || text.slice(e.pos[0], e.pos[1]);
        return `${where}: ${key}: the key appears twice (YAML syntax error: ${first}); keep one of them.`;
      }
      return `${where}: YAML syntax error: ${first}`;
    });
    const more = doc.errors.length - lines.length;
    if (more > 0) lines.push(`... and ${more} more YAML syntax errors after these`);
    throw configError(file, lines, doc.errors.length);
  }
  const data: unknown = toData(doc, counter, file) ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw configError(file, [
      `${file}:${lineOf(doc, counter, [])}: the config must be a mapping of keys (fail-on, ignore, ...), found ${typeName(data)}.`,
    ]);
  }
  const result = configSchema.safeParse(data, { reportInput: true });
  if (!result.success) {
    const lines = result.error.issues
      .flatMap(describeIssue)
      .map((p) => ({ line: lineOf(doc, counter, p.path, p.key), key: formatKeyPath(p.path), text: p.text }))
      .sort((a, b) => a.line - b.line)
      .map((p) => `${file}:${p.line}: ${p.key || '(top level)'}: ${p.text}`);
    throw configError(file, lines);
  }
  return toRepoConfig(result.data as ConfigFile);
}

function configError(file: string, lines: string[], count = lines.length): ConfigurationError {
  if (lines.length === 1) return new ConfigurationError(lines[0] ?? file);
  return new ConfigurationError(`${file} has ${count} problems:\n${lines.map((l) => `  ${l}`).join('\n')}`);
}
