// The syntax tree of a policy document, built in one pass over the text: the tree jsonc-parser's parseTree
// builds (the same nodes, offsets, lengths, values, parents and colon offsets), for the texts that are
// plain strict JSON (RFC 8259) nested at most MAX_TREE_DEPTH deep. parseTree scans each token into a
// string and hands it to a visitor through callbacks; on the 16k policies of a 100 MiB plan that was the
// local analyzer's biggest single cost. Anything else (a syntax error, deeper nesting) is undefined, and
// the caller takes jsonc-parser's path, which says what is wrong and where (model.ts strictTree).
import type { Node, NodeType } from 'jsonc-parser';

/** Deeper documents go to jsonc-parser (IAM policies nest about six levels; the caller handles deep ones). */
export const MAX_TREE_DEPTH = 256;

/** A node under construction: jsonc-parser's Node with its fields writable (lengths are known at the end). */
type Building = { -readonly [K in keyof Node]: Node[K] };

class NotPlainJson extends Error {}
const notPlain = new NotPlainJson();

function isSpace(ch: number): boolean {
  return ch === 32 || ch === 10 || ch === 13 || ch === 9;
}

function isDigit(ch: number): boolean {
  return ch >= 48 && ch <= 57;
}

/** The end (exclusive) of the string literal opening at `start`, and its value. */
function stringAt(text: string, start: number): { end: number; value: string } {
  let i = start + 1;
  let escaped = false;
  for (;;) {
    if (i >= text.length) throw notPlain;
    const ch = text.charCodeAt(i);
    if (ch === 34) break;
    if (ch < 32) throw notPlain;
    if (ch === 92) {
      escaped = true;
      i += 2;
      continue;
    }
    i++;
  }
  const end = i + 1;
  if (!escaped) return { end, value: text.slice(start + 1, i) };
  // Escapes are rare in policies: the native parser decodes them (and refuses bad ones).
  try {
    return { end, value: JSON.parse(text.slice(start, end)) as string };
  } catch {
    throw notPlain;
  }
}

/** The characters a string literal may hold as they are (no quote, backslash or control character). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what JSON refuses unescaped
const PLAIN_RUN = /[^"\\\u0000-\u001f]*/y;

/** What may follow a backslash in a string literal, besides `u` and four hex digits. */
const SHORT_ESCAPES = new Set([34, 92, 47, 98, 102, 110, 114, 116]);

function isHex(ch: number): boolean {
  return isDigit(ch) || (ch >= 65 && ch <= 70) || (ch >= 97 && ch <= 102);
}

/**
 * The end (exclusive) of the string literal opening at `start`, its escapes checked as JSON.parse checks
 * them but nothing decoded: runs of plain characters are skipped by one native regex step each.
 */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    PLAIN_RUN.lastIndex = i;
    PLAIN_RUN.test(text);
    i = PLAIN_RUN.lastIndex;
    if (i >= text.length) throw notPlain;
    const ch = text.charCodeAt(i);
    if (ch === 34) return i + 1;
    if (ch !== 92) throw notPlain;
    const escaped = text.charCodeAt(i + 1);
    if (SHORT_ESCAPES.has(escaped)) i += 2;
    else if (
      escaped === 117 &&
      isHex(text.charCodeAt(i + 2)) &&
      isHex(text.charCodeAt(i + 3)) &&
      isHex(text.charCodeAt(i + 4)) &&
      isHex(text.charCodeAt(i + 5))
    )
      i += 6;
    else throw notPlain;
  }
}

/**
 * The end (exclusive) of the plain string literal opening at `start`, or -1 when there is none there (an
 * invalid character or escape, or the text ends first): for scanners that read a text in pieces.
 */
export function plainStringEnd(text: string, start: number): number {
  return orMinusOne(stringEnd, text, start);
}

/** The end (exclusive) of the number at `start`, or -1 when there is none there. */
export function plainNumberEnd(text: string, start: number): number {
  return orMinusOne(numberEnd, text, start);
}

/** `end(text, start)`, or -1 where it finds no plain JSON (no closure per call: it runs once per token). */
function orMinusOne(end: (text: string, start: number) => number, text: string, start: number): number {
  try {
    return end(text, start);
  } catch (err) {
    if (err === notPlain) return -1;
    throw err;
  }
}

/** The end (exclusive) of the number at `start` (RFC 8259 grammar). */
function numberEnd(text: string, start: number): number {
  let i = start;
  if (text.charCodeAt(i) === 45) i++;
  if (text.charCodeAt(i) === 48) i++;
  else if (isDigit(text.charCodeAt(i))) while (isDigit(text.charCodeAt(i))) i++;
  else throw notPlain;
  if (text.charCodeAt(i) === 46) {
    i++;
    if (!isDigit(text.charCodeAt(i))) throw notPlain;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  const e = text.charCodeAt(i);
  if (e === 101 || e === 69) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === 43 || sign === 45) i++;
    if (!isDigit(text.charCodeAt(i))) throw notPlain;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  return i;
}

class TreeBuilder {
  private pos = 0;

  constructor(private readonly text: string) {}

  private skipSpace(): void {
    const { text } = this;
    while (this.pos < text.length && isSpace(text.charCodeAt(this.pos))) this.pos++;
  }

  private literal(parent: Building | undefined, type: NodeType, length: number, value: unknown): Building {
    const node = { type, offset: this.pos, length, parent, value } as Building;
    this.pos += length;
    return node;
  }

  private word(parent: Building | undefined, word: string, type: NodeType, value: unknown): Building {
    if (!this.text.startsWith(word, this.pos)) throw notPlain;
    return this.literal(parent, type, word.length, value);
  }

  value(parent: Building | undefined, depth: number): Building {
    this.skipSpace();
    const { text } = this;
    const ch = text.charCodeAt(this.pos);
    if (ch === 34) {
      const start = this.pos;
      const { end, value } = stringAt(text, start);
      return this.literal(parent, 'string', end - start, value);
    }
    if (ch === 123 || ch === 91) {
      if (depth >= MAX_TREE_DEPTH) throw notPlain;
      return ch === 123 ? this.object(parent, depth + 1) : this.array(parent, depth + 1);
    }
    if (ch === 116) return this.word(parent, 'true', 'boolean', true);
    if (ch === 102) return this.word(parent, 'false', 'boolean', false);
    if (ch === 110) return this.word(parent, 'null', 'null', null);
    if (ch === 45 || isDigit(ch)) {
      const end = numberEnd(text, this.pos);
      return this.literal(parent, 'number', end - this.pos, Number(text.slice(this.pos, end)));
    }
    throw notPlain;
  }

  private object(parent: Building | undefined, depth: number): Building {
    const { text } = this;
    const offset = this.pos;
    const children: Node[] = [];
    const node = { type: 'object', offset, length: -1, parent, children } as Building;
    this.pos++;
    this.skipSpace();
    if (text.charCodeAt(this.pos) !== 125) {
      for (;;) {
        this.skipSpace();
        const keyOffset = this.pos;
        if (text.charCodeAt(keyOffset) !== 34) throw notPlain;
        const key = stringAt(text, keyOffset);
        const propertyChildren: Node[] = [];
        const property = {
          type: 'property',
          offset: keyOffset,
          length: -1,
          parent: node,
          children: propertyChildren,
        } as Building;
        propertyChildren.push({
          type: 'string',
          value: key.value,
          offset: keyOffset,
          length: key.end - keyOffset,
          parent: property,
        } as Building);
        this.pos = key.end;
        this.skipSpace();
        if (text.charCodeAt(this.pos) !== 58) throw notPlain;
        property.colonOffset = this.pos;
        this.pos++;
        const value = this.value(property, depth);
        propertyChildren.push(value);
        property.length = value.offset + value.length - keyOffset;
        children.push(property);
        this.skipSpace();
        const next = text.charCodeAt(this.pos);
        if (next === 44) {
          this.pos++;
          continue;
        }
        if (next === 125) break;
        throw notPlain;
      }
    }
    this.pos++;
    node.length = this.pos - offset;
    return node;
  }

  private array(parent: Building | undefined, depth: number): Building {
    const { text } = this;
    const offset = this.pos;
    const children: Node[] = [];
    const node = { type: 'array', offset, length: -1, parent, children } as Building;
    this.pos++;
    this.skipSpace();
    if (text.charCodeAt(this.pos) !== 93) {
      for (;;) {
        children.push(this.value(node, depth));
        this.skipSpace();
        const next = text.charCodeAt(this.pos);
        if (next === 44) {
          this.pos++;
          continue;
        }
        if (next === 93) break;
        throw notPlain;
      }
    }
    this.pos++;
    node.length = this.pos - offset;
    return node;
  }

  /** The whole text as one value, nothing after it but whitespace. */
  document(): Node {
    const root = this.value(undefined, 0);
    this.skipSpace();
    if (this.pos !== this.text.length) throw notPlain;
    // As parseTree: the root has no parent property at all.
    delete (root as { parent?: Node }).parent;
    return root;
  }
}

/**
 * parseTree's tree of a text that is plain strict JSON nested at most MAX_TREE_DEPTH deep; undefined for
 * any other text (then jsonc-parser decides, and reports).
 */
export function strictJsonTree(text: string): Node | undefined {
  try {
    return new TreeBuilder(text).document();
  } catch (err) {
    if (err === notPlain) return undefined;
    throw err;
  }
}

/**
 * The end (exclusive) of the plain strict JSON value that starts at `start` (after any whitespace), its
 * arrays and objects nested at most `maxDepth` deep, or -1 when what is there is not one (a syntax error,
 * deeper nesting): one pass that builds nothing, not even the strings (their escapes are checked, not
 * decoded). Discovery steps over the members of a plan it does not read this way
 * (discover/unread-members.ts).
 */
export function plainJsonEnd(text: string, start: number, maxDepth: number): number {
  // Per open container: whether it is an object.
  const objects: boolean[] = [];
  let pos = start;
  const skip = () => {
    while (pos < text.length && isSpace(text.charCodeAt(pos))) pos++;
  };
  try {
    for (;;) {
      // A value: a container opens, or a scalar is read.
      skip();
      const ch = text.charCodeAt(pos);
      if (ch === 123 || ch === 91) {
        if (objects.length >= maxDepth) return -1;
        pos++;
        skip();
        const close = ch === 123 ? 125 : 93;
        if (text.charCodeAt(pos) === close) pos++;
        else {
          objects.push(ch === 123);
          if (ch === 123 && !readKey()) return -1;
          continue;
        }
      } else if (ch === 34) pos = stringEnd(text, pos);
      else if (ch === 116 && text.startsWith('true', pos)) pos += 4;
      else if (ch === 102 && text.startsWith('false', pos)) pos += 5;
      else if (ch === 110 && text.startsWith('null', pos)) pos += 4;
      else if (ch === 45 || isDigit(ch)) pos = numberEnd(text, pos);
      else return -1;
      // After a value: a comma (next member), a close (maybe several), or the end of the value.
      for (;;) {
        if (objects.length === 0) return pos;
        skip();
        const inObject = objects[objects.length - 1];
        const next = text.charCodeAt(pos);
        if (next === 44) {
          pos++;
          if (inObject && !readKey()) return -1;
          break;
        }
        if (next !== (inObject ? 125 : 93)) return -1;
        pos++;
        objects.pop();
      }
    }
  } catch (err) {
    if (err === notPlain) return -1;
    throw err;
  }

  /** A member's key and colon, the value to follow. */
  function readKey(): boolean {
    skip();
    if (text.charCodeAt(pos) !== 34) return false;
    pos = stringEnd(text, pos);
    skip();
    if (text.charCodeAt(pos) !== 58) return false;
    pos++;
    return true;
  }
}

/**
 * Whether a text is plain strict JSON whose arrays and objects nest at most `maxDepth` deep: one pass that
 * builds nothing (extraction checks each of a plan's policies before the analyzer parses it). When it is,
 * JSON.parse takes the text and nestingBeyond(text, maxDepth) finds nothing; when it is not, the caller
 * asks them what is wrong.
 */
export function isPlainJsonWithin(text: string, maxDepth: number): boolean {
  let end = plainJsonEnd(text, 0, maxDepth);
  if (end === -1) return false;
  while (end < text.length && isSpace(text.charCodeAt(end))) end++;
  return end === text.length;
}
