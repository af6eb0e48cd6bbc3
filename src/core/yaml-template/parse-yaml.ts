// A YAML template -> its value and the line of every node, in one walk over js-yaml's flat event stream
// (`parseEvents`: each node's source offsets, no tree). Why not the `yaml` library's parseDocument: its
// lexer and parser alone take several seconds on a 5 MB template, js-yaml's events a tenth of that, and
// building the value and the lines straight from the events saves the document tree and a second walk.
//
// Semantics are those of YAML 1.2's core schema (what the `yaml` library reads by default): plain scalars
// resolve to null, booleans, integers and floats, everything else is a string; `!Ref x`, `!Sub [...]`, ...
// are rewritten to their long forms (`{"Ref": "x"}`); `!GetAtt a.b` to `{"Fn::GetAtt": ["a", "b"]}`.
//
// Hostile input is bounded: the parser stops nesting deeper than the limit (iteratively, no stack overflow),
// an alias may be used at most MAX_ALIASES times, counting the aliases inside an aliased node each time it
// is copied (the defence against "billion laughs"), and the walk builds at most a node budget proportional
// to the text.
import {
  boolCoreTag,
  COLLECTION_STYLE_BLOCK,
  EVENT_ALIAS,
  EVENT_DOCUMENT,
  EVENT_MAPPING,
  EVENT_POP,
  EVENT_SCALAR,
  EVENT_SEQUENCE,
  type Event,
  floatCoreTag,
  getScalarValue,
  intCoreTag,
  NOT_RESOLVED,
  nullCoreTag,
  parseEvents,
  SCALAR_STYLE_FOLDED_BLOCK,
  SCALAR_STYLE_LITERAL_BLOCK,
  SCALAR_STYLE_PLAIN,
  type ScalarEvent,
  type ScalarTagDefinition,
  YAMLException,
} from 'js-yaml';
import { lineStarts } from '../json-position';
import {
  MAX_ALIASES,
  MAX_TEMPLATE_DEPTH,
  type NodeLines,
  SHORT_FORMS,
  setKey,
  type TemplateParse,
} from './template-value';

class TemplateError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** The core schema's implicit scalar types, in the order YAML 1.2 resolves a plain scalar. */
const IMPLICIT_SCALARS: readonly ScalarTagDefinition[] = [nullCoreTag, boolCoreTag, intCoreTag, floatCoreTag];
/** `!!str 1`, `!!int "1"`, ...: the core schema's own scalar tags, by their short names. */
const CORE_SCALAR_TAGS: Readonly<Record<string, ScalarTagDefinition | 'str'>> = {
  '!!str': 'str',
  '!!null': nullCoreTag,
  '!!bool': boolCoreTag,
  '!!int': intCoreTag,
  '!!float': floatCoreTag,
};

/** The first characters a plain scalar may start with to be other than a string (the rest skip resolving). */
const MAY_RESOLVE = new Set(IMPLICIT_SCALARS.flatMap((tag) => tag.implicitFirstChars ?? []));

/** Offset -> 1-based line, fast when the offsets come in order (as a walk over the events does). */
function lineCursor(text: string): (offset: number) => number {
  const starts = lineStarts(text);
  let at = 0;
  return (offset) => {
    const next = starts[at + 1];
    if ((starts[at] ?? 0) <= offset && (next === undefined || offset < next)) return at + 1;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    at = lo;
    return lo + 1;
  };
}

class EventWalker {
  // A Map, not a WeakMap: a million weak entries make every garbage collection of the walk slow, and the
  // lines live exactly as long as the template anyway.
  readonly lines: WeakMap<object, NodeLines> = new Map<object, NodeLines>();
  private readonly anchors = new Map<string, number>();
  private aliases = 0;
  private budget: number;
  /** Where the last node seen starts and ends: an empty scalar (`Key:`, `-`) has no offsets of its own. */
  private lastOffset = 0;
  private lastEnd = 0;

  constructor(
    private readonly text: string,
    private readonly events: readonly Event[],
    private readonly lineOf: (offset: number) => number,
  ) {
    // Without aliases a node costs at least a character of the text; aliases may repeat a little.
    this.budget = 2 * text.length + 10_000;
  }

  /** Where a node starts: a block scalar on its `|`/`>` line, like the text reads. */
  start(event: Event, indicator: '-' | ':'): number {
    switch (event.type) {
      case EVENT_MAPPING:
      case EVENT_SEQUENCE:
        this.lastOffset = event.start;
        this.lastEnd = event.start; // an empty first item is the `-` the collection starts at
        return event.start;
      case EVENT_ALIAS:
        this.lastOffset = event.anchorStart - 1;
        this.lastEnd = event.anchorEnd;
        return this.lastOffset;
      case EVENT_SCALAR: {
        const s = event.valueStart;
        if (s < 0) {
          if (event.tagStart >= 0) return event.tagStart;
          if (event.anchorStart >= 0) return event.anchorStart - 1;
          const at = this.indicatorAfter(this.lastEnd, indicator);
          this.lastEnd = at + 1;
          return at;
        }
        const block = event.style === SCALAR_STYLE_LITERAL_BLOCK || event.style === SCALAR_STYLE_FOLDED_BLOCK;
        this.lastOffset = block ? Math.max(0, s - 1) : s;
        this.lastEnd = event.valueEnd;
        return this.lastOffset;
      }
      default:
        return this.lastOffset;
    }
  }

  /**
   * An empty scalar is where the indicator that opens it is (the `-` of an empty item, the `:` of a key
   * with no value): the first character after the previous node that is not space, a comment or the
   * close of a flow collection.
   */
  private indicatorAfter(from: number, indicator: '-' | ':'): number {
    let i = from;
    while (i < this.text.length) {
      const c = this.text.charAt(i);
      if (c === '#') {
        while (i < this.text.length && this.text.charAt(i) !== '\n') i++;
      } else if (' \t\r\n]}"\''.includes(c) || (indicator === '-' && c === ':')) {
        i++;
      } else break;
    }
    return Math.min(i, this.text.length);
  }

  /** The node at `events[i]`, which starts at `at`: its value and the index of the event after it. */
  node(i: number, at: number, depth: number): [unknown, number] {
    const event = this.events[i];
    if (event === undefined) throw new TemplateError('the document ends inside a node', this.text.length);
    if (depth > MAX_TEMPLATE_DEPTH)
      throw new TemplateError(`nested more than ${MAX_TEMPLATE_DEPTH} levels deep`, at);
    if (--this.budget < 0) {
      throw new TemplateError('expands to far more values than its text holds (aliases)', at);
    }
    if (event.type === EVENT_ALIAS) return [this.alias(event.anchorStart, event.anchorEnd, at, depth), i + 1];
    if (event.type === EVENT_POP || event.type === EVENT_DOCUMENT) {
      throw new TemplateError('a YAML node the gate cannot read', at);
    }
    if (event.anchorStart >= 0) {
      const anchor = this.text.slice(event.anchorStart, event.anchorEnd);
      // `&a: 1`: js-yaml reads the anchor `a:`, the `yaml` library (and a reader) a key.
      if (anchor.endsWith(':')) throw new TemplateError('Anchor ending in : is ambiguous', event.anchorStart);
      this.anchors.set(anchor, i);
    }
    const tag = event.tagStart >= 0 ? this.text.slice(event.tagStart, event.tagEnd) : undefined;
    let plain: unknown;
    let next: number;
    if (event.type === EVENT_SCALAR) {
      plain = this.scalar(event, tag, at);
      next = i + 1;
    } else if (event.type === EVENT_SEQUENCE) {
      [plain, next] = this.sequence(i, at, depth);
    } else {
      [plain, next] = this.mapping(i, at, depth);
    }
    if (tag === undefined || tag.startsWith('!!') || tag.startsWith('!<')) return [plain, next];
    return [this.shortForm(tag.slice(1), plain, at), next];
  }

  private alias(from: number, to: number, at: number, depth: number): unknown {
    if (++this.aliases > MAX_ALIASES) {
      throw new TemplateError(`uses aliases more than ${MAX_ALIASES} times (an alias bomb?)`, at);
    }
    const name = this.text.slice(from, to);
    const target = this.anchors.get(name);
    if (target === undefined) throw new TemplateError(`alias *${name} has no anchor`, at);
    // A fresh copy of the anchored node, walked again (its own aliases count again).
    const resume = [this.lastOffset, this.lastEnd] as const;
    const anchored = this.events[target] as Event;
    const [value] = this.node(target, this.start(anchored, '-'), depth + 1);
    [this.lastOffset, this.lastEnd] = resume;
    return value;
  }

  private scalar(event: ScalarEvent, tag: string | undefined, at: number): unknown {
    const source = getScalarValue(this.text, event);
    if (tag?.startsWith('!!')) {
      const core = CORE_SCALAR_TAGS[tag];
      if (core === undefined) throw new TemplateError(`unknown tag ${tag}`, at);
      if (core === 'str') return source;
      const value = core.resolve(source, true, core.tagName);
      if (value === NOT_RESOLVED) throw new TemplateError(`${JSON.stringify(source)} is not a ${tag}`, at);
      return value;
    }
    if (tag !== undefined || event.style !== SCALAR_STYLE_PLAIN) return source;
    if (!MAY_RESOLVE.has(source.charAt(0))) return source;
    for (const type of IMPLICIT_SCALARS) {
      const value = type.resolve(source, false, type.tagName);
      if (value !== NOT_RESOLVED) return value;
    }
    return source;
  }

  private sequence(i: number, at: number, depth: number): [unknown[], number] {
    const out: unknown[] = [];
    const items: number[] = [];
    let j = i + 1;
    while (this.events[j] !== undefined && this.events[j]?.type !== EVENT_POP) {
      const itemAt = this.start(this.events[j] as Event, '-');
      items.push(this.lineOf(itemAt));
      const [value, next] = this.node(j, itemAt, depth + 1);
      out.push(value);
      j = next;
    }
    this.lines.set(out, { line: this.lineOf(at), items });
    return [out, j + 1];
  }

  private mapping(i: number, at: number, depth: number): [Record<string, unknown>, number] {
    const out: Record<string, unknown> = {};
    const keys: Record<string, number> = {};
    let j = i + 1;
    while (this.events[j] !== undefined && this.events[j]?.type !== EVENT_POP) {
      const keyAt = this.start(this.events[j] as Event, ':');
      const [key, afterKey] = this.node(j, keyAt, depth + 1);
      if (typeof key === 'object' && key !== null) {
        throw new TemplateError('a mapping key that is not a plain value', keyAt);
      }
      const name = String(key);
      if (Object.hasOwn(out, name)) {
        throw new TemplateError(`Map keys must be unique: "${name}" is given twice`, keyAt);
      }
      const keyLine = this.lineOf(keyAt);
      setKey(keys, name, keyLine);
      const valueEvent = this.events[afterKey];
      // `: a: 1` (an empty key): js-yaml reads a block mapping on its key's line, YAML does not.
      if (
        (valueEvent?.type === EVENT_MAPPING || valueEvent?.type === EVENT_SEQUENCE) &&
        valueEvent.style === COLLECTION_STYLE_BLOCK &&
        this.lineOf(valueEvent.start) === keyLine
      ) {
        throw new TemplateError('Nested mappings are not allowed in compact mappings', valueEvent.start);
      }
      const valueAt = valueEvent === undefined ? this.lastOffset : this.start(valueEvent, ':');
      const [value, next] = this.node(afterKey, valueAt, depth + 1);
      setKey(out, name, value);
      j = next;
    }
    this.lines.set(out, { line: this.lineOf(at), keys });
    return [out, j + 1];
  }

  private shortForm(tag: string, plain: unknown, at: number): unknown {
    const long = Object.hasOwn(SHORT_FORMS, tag) ? SHORT_FORMS[tag] : undefined;
    if (long === undefined) {
      throw new TemplateError(
        `unknown tag !${tag} (CloudFormation knows !Ref, !Sub, !GetAtt, !Join, ...)`,
        at,
      );
    }
    const line = this.lineOf(at);
    // `!GetAtt Role.Arn`: the logical id ends at the first dot (an attribute may hold more).
    let argument = plain;
    if (tag === 'GetAtt' && typeof plain === 'string') {
      const dot = plain.indexOf('.');
      argument = dot < 0 ? [plain] : [plain.slice(0, dot), plain.slice(dot + 1)];
      this.lines.set(argument as unknown[], { line });
    }
    const wrapped: Record<string, unknown> = {};
    setKey(wrapped, long, argument);
    this.lines.set(wrapped, { line, keys: { [long]: line } });
    return wrapped;
  }
}

/** js-yaml's reason without the snippet of the text it quotes (which may be long, or a secret). */
function reasonOf(e: YAMLException): string {
  if (/maxDepth/.test(e.reason)) return `nested more than ${MAX_TEMPLATE_DEPTH} levels deep`;
  return e.reason;
}

/** Parses a YAML template (one document). Never throws: every problem is an error with its line. */
export function parseYamlTemplate(text: string): TemplateParse {
  const lineOf = lineCursor(text);
  const fail = (message: string, offset: number): TemplateParse => {
    const starts = lineStarts(text);
    const line = lineOf(Math.max(0, Math.min(offset, text.length)));
    return { ok: false, error: { message, line, column: offset - (starts[line - 1] ?? 0) + 1 } };
  };
  let events: Event[];
  try {
    // The parser's own bound is a little above ours, so that ours, with its message, is what is hit.
    events = parseEvents(text, { maxDepth: MAX_TEMPLATE_DEPTH + 2 });
  } catch (e) {
    if (e instanceof YAMLException) {
      const mark = e.mark;
      if (mark === undefined) return fail(reasonOf(e), 0);
      return { ok: false, error: { message: reasonOf(e), line: mark.line + 1, column: mark.column + 1 } };
    }
    if (e instanceof RangeError) return fail('nested too deeply to read', 0);
    throw e;
  }
  const documents = events.filter((event) => event.type === EVENT_DOCUMENT).length;
  if (documents > 1) return fail('the file holds more than one YAML document (---): a template is one', 0);
  // A document with no node is its DOCUMENT and POP events only.
  if (events.length <= 2) return fail('the file is empty', 0);
  const walker = new EventWalker(text, events, lineOf);
  try {
    const [value] = walker.node(1, walker.start(events[1] as Event, '-'), 0);
    return { ok: true, template: { value, lines: walker.lines } };
  } catch (e) {
    if (e instanceof TemplateError) return fail(e.message, e.offset);
    if (e instanceof RangeError) return fail('nested too deeply to read', 0);
    throw e;
  }
}
