// A JSON object's value without the top-level members no extractor reads (a plan's `planned_values` and
// `prior_state`, half of a 100 MiB plan): those are checked to be JSON, in one pass that builds nothing,
// and held as UNREAD; every other member is parsed by JSON.parse as before. Parsing them too would keep
// the text and all of the value resident together, which is what a plain read + JSON.parse peaks at.
import { skipJsonSpace } from '../core/json-space';
import { plainJsonEnd } from '../core/policy/json-tree';

/** What an unread member holds instead of its value: it is there, and it is JSON, nothing more. */
export const UNREAD: Readonly<Record<string, never>> = Object.freeze({});

/**
 * A read member's value and end, when the next unread member's key follows it: the text up to the comma
 * before that key is handed to JSON.parse whole, so the member (a plan's resource_changes, the other half)
 * is not scanned first. When JSON.parse takes that text, it is exactly the member's value: a JSON value's
 * extent is fixed by where it starts. When it does not (the key also occurs inside the member, or the next
 * member is another one), undefined, and the caller scans.
 */
function parsedUpToUnread(
  text: string,
  start: number,
  nextKeyAt: (from: number) => number,
): { value: unknown; end: number } | undefined {
  const at = nextKeyAt(start);
  if (at === -1) return undefined;
  let comma = at - 1;
  while (comma > start && ' \t\n\r'.includes(text.charAt(comma))) comma--;
  if (text.charCodeAt(comma) !== 44) return undefined;
  try {
    return { value: JSON.parse(text.slice(start, comma)), end: comma };
  } catch {
    return undefined;
  }
}

/** Where the first of the unread keys (as JSON strings) occurs from an offset on; searches only forward. */
function unreadKeyFinder(text: string, unread: ReadonlySet<string>): (from: number) => number {
  const found = [...unread].map((key) => ({ literal: JSON.stringify(key), at: -2 }));
  return (from) => {
    let first = -1;
    for (const f of found) {
      if (f.at !== -1 && f.at < from) f.at = text.indexOf(f.literal, from);
      if (f.at !== -1 && (first === -1 || f.at < first)) first = f.at;
    }
    return first;
  };
}

/**
 * What JSON.parse(text) gives, the members named by `unread` aside (their values are UNREAD), when the
 * text is a JSON object; undefined for any other text (not JSON, not an object): the caller parses it as
 * before, for its value or its syntax error. Keys, their order and duplicates (the last one wins) are as
 * JSON.parse has them; nesting has no limit, as in JSON.parse.
 */
export function parseWithoutMembers(text: string, unread: ReadonlySet<string>): object | undefined {
  const value: Record<string, unknown> = {};
  const nextKeyAt = unreadKeyFinder(text, unread);
  let pos = skipJsonSpace(text, 0);
  if (text.charCodeAt(pos) !== 123) return undefined;
  pos = skipJsonSpace(text, pos + 1);
  if (text.charCodeAt(pos) === 125) return skipJsonSpace(text, pos + 1) === text.length ? value : undefined;
  for (;;) {
    if (text.charCodeAt(pos) !== 34) return undefined;
    const keyEnd = plainJsonEnd(text, pos, 0);
    if (keyEnd === -1) return undefined;
    const key = JSON.parse(text.slice(pos, keyEnd)) as string;
    pos = skipJsonSpace(text, keyEnd);
    if (text.charCodeAt(pos) !== 58) return undefined;
    const start = pos + 1;
    const parsed = unread.has(key) ? undefined : parsedUpToUnread(text, start, nextKeyAt);
    const end = parsed?.end ?? plainJsonEnd(text, start, Number.POSITIVE_INFINITY);
    if (end === -1) return undefined;
    const member =
      parsed !== undefined ? parsed.value : unread.has(key) ? UNREAD : JSON.parse(text.slice(start, end));
    // As JSON.parse: an own property even for `__proto__`, in the place of its first occurrence.
    Object.defineProperty(value, key, {
      value: member,
      writable: true,
      enumerable: true,
      configurable: true,
    });
    pos = skipJsonSpace(text, end);
    const next = text.charCodeAt(pos);
    if (next === 125) return skipJsonSpace(text, pos + 1) === text.length ? value : undefined;
    if (next !== 44) return undefined;
    pos = skipJsonSpace(text, pos + 1);
  }
}
