// A big file of a kind with members no extractor reads (a Terraform plan, `unreadKeys`), written on one line
// as `terraform show -json` writes it, parsed while it is read, a piece at a time: the text of the whole
// file is never held, only the pieces not consumed yet and the value built so far. Its unread members are
// checked to be JSON and dropped as they are read; an array member (a plan's resource_changes) is parsed a
// piece at a time by JSON.parse; every other member by JSON.parse of its text. The value is what
// parseWithoutMembers (unread-members.ts) gives on the whole text. Anything else (invalid JSON, a line break
// before the end, as extraction may then look lines up, what readText would not take as is) is undefined, and the
// caller reads and sniffs the file whole, as before, for the same verdicts and messages. See
// docs/architecture.md section 3.
import { fstatSync, readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { plainNumberEnd, plainStringEnd } from '../core/policy/json-tree';
import type { PolicyFileKindRow, PolicyFileKinds } from '../core/policy-file-kinds';
import { keepYoungGenerationBounded } from '../core/young-generation';
import { UNREAD } from './unread-members';

/**
 * How many bytes are read at a time. Small pieces keep little garbage alive: with 2 MiB pieces, the dead
 * pieces (V8 large objects) and batches were promoted before the run's first full collection, and the
 * 100 MiB plan of bench s5 peaked 25-35 MiB higher (BENCHMARKS.md section 5) for the same CPU.
 */
export const PIECE_BYTES = 64 * 1024;

/** Deeper nesting inside an unread member is left to the whole-text path (this scanner's stack is bounded). */
const MAX_SKIP_DEPTH = 10_000;

/** Thrown when the text is not for this reader: the caller reads the file whole. */
class NotStreamable extends Error {}
const notStreamable = new NotStreamable();

/** What a read member is when its text is not JSON. */
const NOT_JSON = Symbol('not JSON');

const END_OF = {
  true: (text: string, at: number) => (text.startsWith('true', at) ? at + 4 : -1),
  false: (text: string, at: number) => (text.startsWith('false', at) ? at + 5 : -1),
  null: (text: string, at: number) => (text.startsWith('null', at) ? at + 4 : -1),
};

/** The end of a scalar that starts with `ch`: how to find it, or undefined when no JSON value starts so. */
function scalarEnd(ch: number): ((text: string, at: number) => number) | undefined {
  if (ch === 34) return plainStringEnd;
  if (ch === 116) return END_OF.true;
  if (ch === 102) return END_OF.false;
  if (ch === 110) return END_OF.null;
  if (ch === 45 || (ch >= 48 && ch <= 57)) return plainNumberEnd;
  return undefined;
}

function isSpace(ch: number): boolean {
  return ch === 32 || ch === 9 || ch === 10 || ch === 13;
}

/** What scanWithin expects next: a value, what follows a value, a key, what follows `{` or `[`, a colon. */
const VALUE = 0;
const AFTER_VALUE = 1;
const KEY = 2;
const OPENED_OBJECT = 3;
const OPENED_ARRAY = 4;
const COLON = 5;

// Runs of whole members `"key":scalar,` (of an object, where a key is due) and of elements `scalar,` (of an
// array, where a value is due), as compact JSON writes them: most of an unread member, stepped over by one
// native regex step per run instead of a loop turn per token. A run ends after a comma, so never inside a
// token that the end of a piece cuts; a string with an escape, a space or a nested value ends it, and the
// loop takes over there as before. At most RUN_TOKENS members a step, so the regex's backtracking stack
// stays small.
const PLAIN_STRING = String.raw`"[^"\\\u0000-\u001f]*"`;
const SCALAR = String.raw`(?:${PLAIN_STRING}|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)`;
const RUN_TOKENS = 64;
const MEMBER_RUN = new RegExp(`(?:${PLAIN_STRING}:${SCALAR},){1,${RUN_TOKENS}}`, 'y');
const ELEMENT_RUN = new RegExp(`(?:${SCALAR},){1,${RUN_TOKENS}}`, 'y');

/** The end of the run at `pos` (`pos` itself when none starts there). */
function runEnd(run: RegExp, text: string, pos: number): number {
  run.lastIndex = pos;
  return run.test(text) ? run.lastIndex : pos;
}

/** What scanWithin found: the end of the value, not JSON, or that it needs what follows the text. */
const DONE = 1;
const NOT_VALID = -1;
const MORE = 0;

/** Where a scan stopped (between two tokens) and what it expected there. */
interface Scan {
  pos: number;
  state: number;
}

/**
 * Whether a token whose end is `e` (-1: none there) in a text of `length` stands (DONE), may be finished by
 * what follows the text (MORE: a string not closed, a number or a literal at the end), or is NOT_VALID.
 */
function tokenFound(e: number, length: number, eof: boolean): number {
  if (e !== -1 && (e < length || eof)) return DONE;
  return eof ? NOT_VALID : MORE;
}

/**
 * Steps over the JSON value being scanned, from `scan` on, as far as `text` goes: DONE at its end, NOT_VALID,
 * or MORE when the text ends first (`scan` then says where the token it could not finish starts). `objects`
 * is the open containers (true: an object), kept between calls. One tight loop over the text: it runs over
 * half of a big plan.
 */
function scanWithin(text: string, objects: boolean[], scan: Scan, eof: boolean): number {
  const length = text.length;
  let pos = scan.pos;
  let state = scan.state;
  let found: number;
  for (;;) {
    if (state === AFTER_VALUE && objects.length === 0) {
      found = DONE;
      break;
    }
    while (pos < length && isSpace(text.charCodeAt(pos))) pos++;
    if (pos >= length) {
      found = eof ? NOT_VALID : MORE;
      break;
    }
    let ch = text.charCodeAt(pos);
    if (ch === 34 && (state === KEY || state === OPENED_OBJECT)) {
      const end = runEnd(MEMBER_RUN, text, pos);
      if (end !== pos) {
        pos = end;
        state = KEY;
        continue;
      }
    } else if ((state === VALUE || state === OPENED_ARRAY) && objects[objects.length - 1] === false) {
      const end = runEnd(ELEMENT_RUN, text, pos);
      if (end !== pos) {
        pos = end;
        state = VALUE;
        continue;
      }
    }
    ch = text.charCodeAt(pos);
    if (state === VALUE && (ch === 123 || ch === 91)) {
      if (objects.length >= MAX_SKIP_DEPTH) throw notStreamable;
      objects.push(ch === 123);
      pos++;
      state = ch === 123 ? OPENED_OBJECT : OPENED_ARRAY;
    } else if (state === AFTER_VALUE) {
      const inObject = objects[objects.length - 1];
      if (ch === 44) state = inObject ? KEY : VALUE;
      else if (ch === (inObject ? 125 : 93)) objects.pop();
      else {
        found = NOT_VALID;
        break;
      }
      pos++;
    } else if ((state === OPENED_ARRAY && ch === 93) || (state === OPENED_OBJECT && ch === 125)) {
      // An empty container.
      objects.pop();
      pos++;
      state = AFTER_VALUE;
    } else if (state === OPENED_ARRAY) state = VALUE;
    else if (state === COLON) {
      if (ch !== 58) {
        found = NOT_VALID;
        break;
      }
      pos++;
      state = VALUE;
    } else {
      // A scalar (VALUE), or a key (KEY, or OPENED_OBJECT with a key to come).
      const end = state === VALUE ? scalarEnd(ch) : ch === 34 ? plainStringEnd : undefined;
      const e = end === undefined ? -1 : end(text, pos);
      found = end === undefined ? NOT_VALID : tokenFound(e, length, eof);
      if (found !== DONE) break;
      pos = e;
      state = state === VALUE ? AFTER_VALUE : COLON;
    }
  }
  scan.pos = pos;
  scan.state = state;
  return found;
}

/**
 * The text of a file read a piece at a time. `text` holds what is not consumed: from `pos` (or from `mark`,
 * when set, the start of a value whose text is wanted) to what has been read.
 */
class PieceReader {
  text = '';
  pos = 0;
  /** A position before `pos` whose text is kept (-1: none). */
  mark = -1;
  eof = false;
  /** The length of the text of the last value parsedValue parsed. */
  private parsedChars = 0;
  private readonly decoder = new StringDecoder('utf8');
  private readonly buffer = Buffer.allocUnsafe(PIECE_BYTES);
  private started = false;
  private lineFeedSeen = false;
  /** Where the next piece is read from: reads are positional, the handle's own position stays at 0. */
  private position = 0;

  constructor(private readonly fd: number) {}

  /**
   * Reads on: drops what is before `pos` (and `mark`) and appends at least as much as is kept, one piece at
   * least, so that a value read over many pieces costs O(its size). False at the end of the file.
   */
  refill(): boolean {
    if (this.eof) return false;
    keepYoungGenerationBounded();
    const keep = this.mark === -1 ? this.pos : Math.min(this.mark, this.pos);
    const kept = this.text.slice(keep);
    const want = Math.max(kept.length, PIECE_BYTES);
    let added = '';
    while (!this.eof && added.length < want) {
      const n = readSync(this.fd, this.buffer, 0, this.buffer.length, this.position);
      this.position += n;
      if (n === 0) this.eof = true;
      added += this.checked(n === 0 ? this.decoder.end() : this.decoder.write(this.buffer.subarray(0, n)));
    }
    this.text = kept + added;
    this.pos -= keep;
    if (this.mark !== -1) this.mark -= keep;
    return true;
  }

  /**
   * A decoded piece, less the BOM of the first. What readText would not return as is (U+FFFD: not UTF-8;
   * NUL: maybe UTF-16) and a line break before the end of the text are not for this reader.
   */
  private checked(decoded: string): string {
    let piece = decoded;
    if (!this.started && piece.length > 0) {
      this.started = true;
      if (piece.charCodeAt(0) === 0xfeff) piece = piece.slice(1);
    }
    if (piece.includes('\uFFFD') || piece.includes('\u0000')) throw notStreamable;
    // Only whitespace may follow a line feed: then every line break is after the value, and every resource
    // is on line 1, as extraction would find (extract/terraform-plan-text.ts).
    if (this.lineFeedSeen && /\S/.test(piece)) throw notStreamable;
    const lf = piece.indexOf('\n');
    if (lf !== -1) {
      if (/\S/.test(piece.slice(lf))) throw notStreamable;
      this.lineFeedSeen = true;
    }
    return piece;
  }

  /** The code of the character at `pos` after any whitespace (NaN at the end of the file). */
  next(): number {
    for (;;) {
      while (this.pos < this.text.length && isSpace(this.text.charCodeAt(this.pos))) this.pos++;
      if (this.pos < this.text.length || !this.refill()) return this.text.charCodeAt(this.pos);
    }
  }

  /** The end of the token at `pos` by `end` (-1: none there), reading on while the pieces read may cut it. */
  token(end: (text: string, at: number) => number): number {
    for (;;) {
      const e = end(this.text, this.pos);
      if ((e !== -1 && e < this.text.length) || !this.refill()) return e;
    }
  }

  /** Steps over the JSON value at `pos` (checked as plainJsonEnd does, json-tree.ts); false if none is there. */
  skipValue(): boolean {
    const objects: boolean[] = [];
    const scan: Scan = { pos: this.pos, state: VALUE };
    for (;;) {
      const found = scanWithin(this.text, objects, scan, this.eof);
      this.pos = scan.pos;
      if (found !== MORE) return found === DONE;
      this.refill();
      scan.pos = this.pos;
    }
  }

  /** A member's key, read with its colon (`pos` is then after the colon); undefined when there is none. */
  key(): string | undefined {
    if (this.next() !== 34) return undefined;
    const end = this.token(plainStringEnd);
    if (end === -1) return undefined;
    const key = JSON.parse(this.text.slice(this.pos, end)) as string;
    this.pos = end;
    if (this.next() !== 58) return undefined;
    this.pos++;
    return key;
  }

  /** The value at `pos`, by JSON.parse of its text; NOT_JSON when it is not JSON. */
  parsedValue(): unknown {
    this.next();
    this.mark = this.pos;
    const ok = this.skipValue();
    const start = this.mark;
    this.mark = -1;
    this.parsedChars = this.pos - start;
    return ok ? JSON.parse(this.text.slice(start, this.pos)) : NOT_JSON;
  }

  /** The text of the first key of the object at `pos`, with its brace and colon (`{"address":`), if any. */
  private firstKey(): string | undefined {
    if (this.text.charCodeAt(this.pos) !== 123 || this.text.charCodeAt(this.pos + 1) !== 34) return undefined;
    const end = plainStringEnd(this.text, this.pos + 1);
    return end !== -1 && this.text.charCodeAt(end) === 58 ? this.text.slice(this.pos, end + 1) : undefined;
  }

  /**
   * The array at `pos`, its elements parsed a piece at a time: the text up to an element's end read (`},{`) is handed to
   * JSON.parse as an array of the elements it holds. When JSON.parse takes it, those are exactly the
   * elements there (a value's extent is fixed by where it starts, and that text ends before a comma); when
   * it does not (that `},{` is inside an element), an earlier one is tried, or the next element is stepped
   * over and parsed alone. The text JSON.parse is handed in vain is bounded by the text it takes.
   */
  parsedArray(): unknown[] | typeof NOT_JSON {
    const items: unknown[] = [];
    this.pos++;
    if (this.next() === 93) {
      this.pos++;
      return items;
    }
    let taken = 0;
    let wasted = 0;
    let exactFor = 0;
    // Where an element ends and the next begins: `},` and the first key of the first element, if it is an
    // object (`},{"address":` in a plan's resource_changes), else `},{`.
    const between = `},${this.firstKey() ?? '{'}`;
    for (;;) {
      if (!this.eof && this.text.length - this.pos < PIECE_BYTES) this.refill();
      let batch: unknown[] | undefined;
      let cut = this.text.length;
      const tryBatch = exactFor <= 0 && wasted <= taken + 4 * PIECE_BYTES;
      for (let tries = 0; tryBatch && batch === undefined && tries < 3; tries++) {
        cut = this.text.lastIndexOf(between, cut - 1);
        if (cut <= this.pos) break;
        try {
          batch = JSON.parse(`[${this.text.slice(this.pos, cut + 1)}]`) as unknown[];
          taken += cut + 1 - this.pos;
        } catch {
          wasted += cut + 1 - this.pos;
        }
      }
      if (batch !== undefined) {
        for (const item of batch) items.push(item);
        this.pos = cut + 1;
      } else {
        // No batch here (the array may end in what is read): a piece's worth of elements one by one.
        if (tryBatch) exactFor = PIECE_BYTES;
        const item = this.parsedValue();
        if (item === NOT_JSON) return NOT_JSON;
        items.push(item);
        exactFor -= this.parsedChars;
      }
      const next = this.next();
      if (next === 93) {
        this.pos++;
        return items;
      }
      if (next !== 44) return NOT_JSON;
      this.pos++;
      this.next();
    }
  }
}

/** The object the reader's text is, its unread members UNREAD; undefined when the text is not one. */
function readObject(reader: PieceReader, unread: ReadonlySet<string>): object | undefined {
  const value: Record<string, unknown> = {};
  if (reader.next() !== 123) return undefined;
  reader.pos++;
  if (reader.next() !== 125) {
    for (;;) {
      const key = reader.key();
      if (key === undefined) return undefined;
      let member: unknown;
      if (unread.has(key)) member = reader.skipValue() ? UNREAD : NOT_JSON;
      else member = reader.next() === 91 ? reader.parsedArray() : reader.parsedValue();
      if (member === NOT_JSON) return undefined;
      // As JSON.parse: an own property even for `__proto__`, in the place of its first occurrence.
      Object.defineProperty(value, key, {
        value: member,
        writable: true,
        enumerable: true,
        configurable: true,
      });
      const next = reader.next();
      if (next === 125) break;
      if (next !== 44) return undefined;
      reader.pos++;
    }
  }
  reader.pos++;
  return Number.isNaN(reader.next()) && reader.eof ? value : undefined;
}

/**
 * Whether the file's last character other than whitespace is `}`: a plan cut short (a full disk, a killed
 * `terraform show`) is not, and goes to the whole-text path at once, without being parsed here first.
 */
function endsLikeObject(fd: number): boolean {
  const size = fstatSync(fd).size;
  const tail = Buffer.alloc(Math.min(size, 4096));
  readSync(fd, tail, 0, tail.length, size - tail.length);
  let i = tail.length - 1;
  while (i >= 0 && isSpace(tail[i] ?? 0)) i--;
  return tail[i] === 125;
}

/** How many first characters a kind's `startsLike` is shown (as sniff.ts shows it). */
const HEAD_CHARS = 4096;

/**
 * The kind and parsed value of a big file (readText's handle, nothing read from it yet) that starts like a
 * kind with unread members and is one of that kind, read as it is parsed; undefined for any other file
 * (then it is read whole, as before). `recognise` is the kinds' verdict on the value: its kind, if any.
 */
export function readStreamedKind(
  handle: FileHandle,
  kinds: PolicyFileKinds,
  recognise: (value: Readonly<Record<string, unknown>>) => PolicyFileKindRow | undefined,
): { kind: PolicyFileKindRow; value: object } | undefined {
  const candidates = kinds.filter((k) => k.sniff.unreadKeys !== undefined && k.sniff.startsLike);
  if (candidates.length === 0) return undefined;
  try {
    if (!endsLikeObject(handle.fd)) return undefined;
    const reader = new PieceReader(handle.fd);
    reader.refill();
    const head = reader.text.slice(0, HEAD_CHARS);
    const row = candidates.find((k) => k.sniff.startsLike?.(head) === true);
    if (row?.sniff.unreadKeys === undefined) return undefined;
    const value = readObject(reader, new Set(row.sniff.unreadKeys));
    if (value === undefined || recognise(value as Record<string, unknown>) !== row) return undefined;
    return { kind: row, value };
  } catch {
    // Not for this reader, or the file could not be read: the whole-text path says what it is.
    return undefined;
  }
}
