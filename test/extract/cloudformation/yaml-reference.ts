// The YAML reader the gate had before parse-yaml.ts: the `yaml` library's parseDocument with the short
// forms as custom tags, and a walk over its document tree. Kept here, for tests only, as the reference that
// the faster event-stream reader must agree with (value and lines) on every template.
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Tags,
  type Node as YamlNode,
} from 'yaml';
import {
  MAX_ALIASES,
  MAX_TEMPLATE_DEPTH,
  type NodeLines,
  SHORT_FORMS,
  setKey,
  type TemplateParse,
} from '../../../src/core/yaml-template/template-value';

/** Each short-form tag on a scalar, a sequence and a mapping, kept as the node (the walk rewrites it). */
const CFN_TAGS: Tags = Object.keys(SHORT_FORMS).flatMap((name) => [
  { tag: `!${name}`, identify: () => false, resolve: (s: string) => s },
  { tag: `!${name}`, collection: 'seq' as const, identify: () => false, resolve: (s: unknown) => s },
  { tag: `!${name}`, collection: 'map' as const, identify: () => false, resolve: (s: unknown) => s },
]);

class TemplateError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

class Walker {
  readonly lines = new WeakMap<object, NodeLines>();
  private aliases = 0;
  private budget: number;

  constructor(
    private readonly lineOf: (offset: number) => number,
    private readonly resolveAlias: (node: YamlNode) => YamlNode | undefined,
    textLength: number,
  ) {
    // Without aliases a node costs at least a character of the text; aliases may repeat a little.
    this.budget = 2 * textLength + 10_000;
  }

  private start(node: YamlNode): number {
    return node.range?.[0] ?? 0;
  }

  value(node: unknown, depth: number): unknown {
    if (node === null || node === undefined) return null;
    const n = node as YamlNode;
    if (depth > MAX_TEMPLATE_DEPTH) {
      throw new TemplateError(`nested more than ${MAX_TEMPLATE_DEPTH} levels deep`, this.start(n));
    }
    if (--this.budget < 0) {
      throw new TemplateError('expands to far more values than its text holds (aliases)', this.start(n));
    }
    if (isAlias(n)) {
      if (++this.aliases > MAX_ALIASES) {
        throw new TemplateError(
          `uses aliases more than ${MAX_ALIASES} times (an alias bomb?)`,
          this.start(n),
        );
      }
      const target = this.resolveAlias(n);
      if (target === undefined) throw new TemplateError(`alias *${n.source} has no anchor`, this.start(n));
      return this.value(target, depth + 1);
    }
    const plain = this.plain(n, depth);
    const tag = n.tag?.startsWith('!') && !n.tag.startsWith('!!') ? n.tag.slice(1) : undefined;
    if (tag === undefined) return plain;
    const long = SHORT_FORMS[tag];
    if (long === undefined) {
      throw new TemplateError(
        `unknown tag !${tag} (CloudFormation knows !Ref, !Sub, !GetAtt, !Join, ...)`,
        this.start(n),
      );
    }
    // `!GetAtt Role.Arn`: the logical id ends at the first dot (an attribute may hold more).
    let argument = plain;
    if (tag === 'GetAtt' && typeof plain === 'string') {
      const dot = plain.indexOf('.');
      argument = dot < 0 ? [plain] : [plain.slice(0, dot), plain.slice(dot + 1)];
      this.lines.set(argument as unknown[], { line: this.lineOf(this.start(n)) });
    }
    const wrapped: Record<string, unknown> = {};
    setKey(wrapped, long, argument);
    const line = this.lineOf(this.start(n));
    this.lines.set(wrapped, { line, keys: { [long]: line } });
    return wrapped;
  }

  private plain(n: YamlNode, depth: number): unknown {
    if (isScalar(n)) {
      const v = n.value;
      // Dates and big numbers as the template wrote them: CloudFormation reads them as strings anyway.
      if (v instanceof Date || typeof v === 'bigint') return n.source ?? String(v);
      return v;
    }
    if (isSeq(n)) {
      const out: unknown[] = [];
      const items: number[] = [];
      for (const item of n.items) {
        items.push(this.lineOf(this.start(item as YamlNode)));
        out.push(this.value(item, depth + 1));
      }
      this.lines.set(out, { line: this.lineOf(this.start(n)), items });
      return out;
    }
    if (isMap(n)) {
      const out: Record<string, unknown> = {};
      const keys: Record<string, number> = {};
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        const key = keyNode === null ? '' : this.value(keyNode, depth + 1);
        if (typeof key === 'object' && key !== null) {
          throw new TemplateError(
            'a mapping key that is not a plain value',
            keyNode ? this.start(keyNode) : 0,
          );
        }
        const name = String(key);
        // yaml's own uniqueKeys check compares each key with every other: quadratic on a big Resources map.
        if (Object.hasOwn(out, name)) {
          throw new TemplateError(
            `Map keys must be unique: "${name}" is given twice`,
            keyNode ? this.start(keyNode) : 0,
          );
        }
        setKey(keys, name, this.lineOf(keyNode ? this.start(keyNode) : this.start(n)));
        setKey(out, name, this.value(pair.value, depth + 1));
      }
      this.lines.set(out, { line: this.lineOf(this.start(n)), keys });
      return out;
    }
    throw new TemplateError('a YAML node the gate cannot read', this.start(n));
  }
}

/** The reference parse of a YAML template (the text is not JSON). */
export function parseYamlTemplateWithYamlLibrary(text: string): TemplateParse {
  const counter = new LineCounter();
  const fail = (message: string, offset: number): TemplateParse => {
    const at = counter.linePos(offset);
    return { ok: false, error: { message, line: at.line, column: at.col } };
  };
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, {
      customTags: CFN_TAGS,
      lineCounter: counter,
      uniqueKeys: false, // checked while walking, in linear time
      prettyErrors: false,
      keepSourceTokens: false,
    });
  } catch (e) {
    if (e instanceof RangeError) return fail(`nested too deeply to read`, 0);
    throw e;
  }
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem !== undefined) {
    // yaml's message without the snippet of the text it quotes (which may be long, or a secret).
    let message = problem.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? '';
    if (/call stack/i.test(message)) message = 'nested too deeply to read';
    const tag = /^Unresolved tag: (!\S+)/.exec(message)?.[1];
    if (tag !== undefined)
      message = `unknown tag ${tag} (CloudFormation's short forms are !Ref, !Sub, !GetAtt, ...)`;
    return fail(message, problem.pos[0]);
  }
  if (doc.contents === null) return fail('the file is empty', 0);
  const walker = new Walker(
    (offset) => counter.linePos(offset).line,
    (alias) => {
      const target = isAlias(alias) ? alias.resolve(doc) : undefined;
      return target ?? undefined;
    },
    text.length,
  );
  try {
    return { ok: true, template: { value: walker.value(doc.contents, 0), lines: walker.lines } };
  } catch (e) {
    if (e instanceof TemplateError) return fail(e.message, e.offset);
    if (e instanceof RangeError) return fail('nested too deeply to read', 0);
    throw e;
  }
}
