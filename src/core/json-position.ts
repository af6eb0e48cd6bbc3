// Positions in a JSON text and a strict JSON parse that says where and what went wrong.
import { type ParseError, printParseErrorCode, visit } from 'jsonc-parser';
import { errorMessage } from './errors';

export interface LineColumn {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units (what editors and GitHub show for the BMP). */
  column: number;
}

export interface JsonSyntaxError extends LineColumn {
  /** Readable, e.g. "Expected a comma". */
  message: string;
  /** 0-based offset into the text. */
  offset: number;
  /** Length of the offending token (0 at the end of the file). */
  length: number;
}

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; error: JsonSyntaxError };

/** Offsets at which each line starts; a line break is `\n`, `\r\n` or a lone `\r`. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) {
      starts.push(i + 1);
    } else if (ch === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** A function mapping offsets of one text to line and column; line starts are computed once. */
export function lineIndex(
  text: string,
  starts: readonly number[] = lineStarts(text),
): (offset: number) => LineColumn {
  return (offset) => {
    const at = Math.max(0, Math.min(offset, text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - (starts[lo] ?? 0) + 1 };
  };
}

// One-entry cache: callers usually ask for several positions in the same text in a row.
let cached: { text: string; starts: number[]; index: (offset: number) => LineColumn } | undefined;

function indexed(text: string): NonNullable<typeof cached> {
  if (cached?.text !== text) {
    const starts = lineStarts(text);
    cached = { text, starts, index: lineIndex(text, starts) };
  }
  return cached;
}

/** 1-based line and column of a 0-based offset (clamped to the text). */
export function lineColumnAt(text: string, offset: number): LineColumn {
  return indexed(text).index(offset);
}

/** A span of lines and 1-based columns (the end column inclusive), as findings hold it. */
export interface LineSpan {
  startLine: number;
  endLine: number;
  startColumn?: number;
  endColumn?: number;
}

/**
 * The span moved inside the text: lines into the text's lines, columns into their line (up to one past its
 * last character, where an error at the end of a line sits), the end never before the start. A span that
 * came from outside (an AWS answer, a cache file) is only ever used through this.
 */
export function clampSpan(text: string, span: LineSpan): LineSpan {
  const { starts } = indexed(text);
  const lineLength = (line: number) => {
    let end = starts[line] ?? text.length;
    const start = starts[line - 1] ?? 0;
    while (end > start && (text[end - 1] === '\n' || text[end - 1] === '\r')) end -= 1;
    return end - start;
  };
  const toLine = (n: number) => Math.min(Math.max(1, n), starts.length);
  const toColumn = (n: number, line: number) => Math.min(Math.max(1, n), lineLength(line) + 1);
  const startLine = toLine(span.startLine);
  const endLine = Math.max(startLine, toLine(span.endLine));
  const out: LineSpan = { startLine, endLine };
  if (span.startColumn !== undefined) out.startColumn = toColumn(span.startColumn, startLine);
  if (span.endColumn !== undefined) {
    let endColumn = toColumn(span.endColumn, endLine);
    if (endLine === startLine && out.startColumn !== undefined)
      endColumn = Math.max(endColumn, out.startColumn);
    out.endColumn = endColumn;
  }
  return out;
}

const MESSAGES: Record<ReturnType<typeof printParseErrorCode>, string> = {
  InvalidSymbol: 'Unexpected character',
  InvalidNumberFormat: 'Invalid number',
  PropertyNameExpected: 'Expected a property name in double quotes',
  ValueExpected: 'Expected a value',
  ColonExpected: 'Expected a colon',
  CommaExpected: 'Expected a comma',
  CloseBraceExpected: "Expected a closing brace '}'",
  CloseBracketExpected: "Expected a closing bracket ']'",
  EndOfFileExpected: 'Unexpected content after the end of the JSON value',
  InvalidCommentToken: 'Comments are not allowed in JSON',
  UnexpectedEndOfComment: 'Unterminated comment',
  UnexpectedEndOfString: 'Unterminated string',
  UnexpectedEndOfNumber: 'Unexpected end of number',
  InvalidUnicode: 'Invalid Unicode escape sequence',
  InvalidEscapeCharacter: 'Invalid escape sequence in a string',
  InvalidCharacter: 'Invalid character in a string (control characters must be escaped)',
  '<unknown ParseErrorCode>': 'Invalid JSON',
};

function syntaxError(text: string, message: string, offset: number, length: number): JsonSyntaxError {
  return { message, offset, length, ...lineColumnAt(text, offset) };
}

function describe(text: string, error: ParseError): JsonSyntaxError {
  const what = MESSAGES[printParseErrorCode(error.error)];
  // Nothing but whitespace after the error: the file ended too early (the usual missing `}` or `]`).
  const atEnd = text.slice(error.offset).trim() === '';
  const message = atEnd ? `Unexpected end of file (${lowerFirst(what)})` : what;
  return syntaxError(text, message, error.offset, error.length);
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** Where a JSON text first nests deeper than a limit. */
export interface DeepNesting {
  /** 0-based offset of the `[` or `{` that opens level `limit + 1`. */
  offset: number;
  /** The deepest level reached (counted to the end of the text). */
  depth: number;
}

/**
 * Where arrays and objects (outside strings) first nest deeper than `limit`, with the deepest level; undefined
 * when they never do. One pass, no recursion: safe on any text, also invalid JSON.
 */
export function nestingBeyond(text: string, limit: number): DeepNesting | undefined {
  let depth = 0;
  let deepest = 0;
  let offset = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) {
        i++; // a backslash: skip the character it escapes
      } else if (ch === 34) {
        inString = false;
      }
    } else if (ch === 34) {
      inString = true;
    } else if (ch === 91 || ch === 123) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (depth > limit && offset < 0) offset = i;
    } else if (ch === 93 || ch === 125) {
      depth--;
    }
  }
  return offset < 0 ? undefined : { offset, depth: deepest };
}

/**
 * The deepest nesting the error path below diagnoses: jsonc-parser recurses once per level, and a text nested
 * ten thousand levels deep would overflow the stack. Terraform plans nest a few dozen levels; IAM policies six.
 */
export const MAX_DIAGNOSED_DEPTH = 512;

/** The native parser's message, without the snippet of the text it quotes (which may be long or secret). */
function nativeError(text: string, e: unknown): JsonSyntaxError {
  const native = errorMessage(e);
  if (/Unexpected end of JSON input/.test(native)) {
    return syntaxError(text, 'Unexpected end of file', text.length, 0);
  }
  const position = /at position (\d+)/.exec(native)?.[1];
  const offset = position === undefined ? 0 : Number(position);
  const message = native
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/^SyntaxError: /, '')
    .replace(/, ".*" is not valid JSON$/s, '');
  return syntaxError(text, message, offset, 1);
}

/**
 * Parses strict JSON (RFC 8259: no comments, no trailing commas, one value). The value comes from the
 * native `JSON.parse` (fast, strict, safe with a `__proto__` key, and not recursive: any depth parses);
 * only on failure does jsonc-parser run, to say what is wrong and where. A text nested deeper than
 * MAX_DIAGNOSED_DEPTH is reported as such instead (jsonc-parser would overflow the stack). A text with
 * nothing but whitespace is an error.
 */
export function parseJsonStrict(text: string): JsonParseResult {
  if (text.trim() === '') {
    return { ok: false, error: syntaxError(text, 'The file is empty', 0, 0) };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    const deep = nestingBeyond(text, MAX_DIAGNOSED_DEPTH);
    if (deep !== undefined) {
      const message = `Nested too deeply: arrays and objects ${deep.depth} levels deep (the gate reads at most ${MAX_DIAGNOSED_DEPTH})`;
      return { ok: false, error: syntaxError(text, message, deep.offset, 1) };
    }
    // Only the first error is wanted, and no value: visit() builds nothing (parse() would build the value).
    let first: ParseError | undefined;
    try {
      visit(
        text,
        {
          onError: (error, offset, length) => {
            first ??= { error, offset, length };
          },
        },
        { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
      );
    } catch (overflow) {
      // A stack already deep when called: fall back on the native message rather than crash.
      if (!(overflow instanceof RangeError)) throw overflow;
      return { ok: false, error: nativeError(text, e) };
    }
    if (first !== undefined) return { ok: false, error: describe(text, first) };
    // jsonc-parser is more lenient in a few corners; fall back on the native message and position.
    return { ok: false, error: nativeError(text, e) };
  }
}
