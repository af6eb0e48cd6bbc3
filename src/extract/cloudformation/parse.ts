// A CloudFormation template's text (JSON or YAML) -> its value, with the line of every mapping, sequence
// and scalar, so that findings land in the template. Pure. YAML is read from js-yaml's event stream
// (parse-yaml.ts), CloudFormation's short-form tags (`!Ref x`, `!GetAtt a.b`, `!Sub [...]`, ...) rewritten
// to their long forms (`{"Ref": "x"}`, `{"Fn::GetAtt": ["a", "b"]}`). JSON is read by the native parser,
// and its positions by one scan of jsonc-parser (core/json-position).
//
// Hostile input is bounded: aliases (MAX_ALIASES uses, the defence against "billion laughs"), a node budget
// proportional to the text, and nothing nests deeper than MAX_TEMPLATE_DEPTH.
import { visit } from 'jsonc-parser';
import { lineColumnAt, lineIndex, nestingBeyond, parseJsonStrict } from '../../core/json-position';
import { parseYamlTemplate } from '../../core/yaml-template/parse-yaml';
import {
  MAX_TEMPLATE_DEPTH,
  type NodeLines,
  setKey,
  type TemplateParse,
} from '../../core/yaml-template/template-value';

export {
  MAX_ALIASES,
  MAX_TEMPLATE_DEPTH,
  type NodeLines,
  type ParsedTemplate,
  type TemplateParse,
  type TemplateSyntaxError,
} from '../../core/yaml-template/template-value';

/** A JSON template: the native parser says whether it is valid, one scan of jsonc-parser says where things are. */
function parseJsonTemplate(text: string): TemplateParse {
  const strict = parseJsonStrict(text);
  if (!strict.ok) {
    const { message, line, column } = strict.error;
    return { ok: false, error: { message, line, column } };
  }
  const deep = nestingBeyond(text, MAX_TEMPLATE_DEPTH);
  if (deep !== undefined) {
    const at = lineColumnAt(text, deep.offset);
    return { ok: false, error: { message: `nested more than ${MAX_TEMPLATE_DEPTH} levels deep`, ...at } };
  }
  const lineOf = lineIndex(text);
  const lines = new WeakMap<object, NodeLines>();
  type Open = {
    value: Record<string, unknown> | unknown[];
    lines: NodeLines & { keys?: Record<string, number>; items?: number[] };
    key?: string;
  };
  const stack: Open[] = [];
  let root: unknown;
  let duplicate: { key: string; offset: number } | undefined;
  const place = (value: unknown, offset: number): void => {
    const parent = stack.at(-1);
    if (parent === undefined) {
      root = value;
      return;
    }
    if (Array.isArray(parent.value)) {
      parent.lines.items?.push(lineOf(offset).line);
      parent.value.push(value);
    } else if (parent.key !== undefined) {
      setKey(parent.value, parent.key, value);
    }
  };
  const open = (value: Record<string, unknown> | unknown[], offset: number): void => {
    place(value, offset);
    const own: Open['lines'] = Array.isArray(value)
      ? { line: lineOf(offset).line, items: [] }
      : { line: lineOf(offset).line, keys: {} };
    lines.set(value, own);
    stack.push({ value, lines: own });
  };
  visit(text, {
    onObjectBegin: (offset) => open({}, offset),
    onArrayBegin: (offset) => open([], offset),
    onObjectEnd: () => void stack.pop(),
    onArrayEnd: () => void stack.pop(),
    onObjectProperty: (key, offset) => {
      const top = stack.at(-1);
      if (top === undefined || Array.isArray(top.value)) return;
      if (Object.hasOwn(top.value, key) && duplicate === undefined) duplicate = { key, offset };
      top.key = key;
      if (top.lines.keys) setKey(top.lines.keys, key, lineOf(offset).line);
    },
    onLiteralValue: (value, offset) => place(value, offset),
  });
  if (duplicate !== undefined) {
    const at = lineColumnAt(text, duplicate.offset);
    return {
      ok: false,
      error: { message: `Map keys must be unique: "${duplicate.key}" is given twice`, ...at },
    };
  }
  return { ok: true, template: { value: root, lines } };
}

/**
 * Parses a template (JSON or YAML, one document, UTF-8 BOM already removed). Never throws: a syntax error,
 * an unknown tag, a duplicate key, an alias bomb or too deep a nesting is an error with its line and column.
 */
export function parseTemplate(text: string): TemplateParse {
  // JSON (what `cdk synth` writes) by the native parser: several times faster than any YAML reader.
  if (/^\s*\{/.test(text)) return parseJsonTemplate(text);
  return parseYamlTemplate(text);
}
