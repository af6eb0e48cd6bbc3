// The lines of a pull request file that a review comment can sit on, from the unified-diff `patch` of the
// files API. GitHub accepts a comment on the RIGHT side (the head) only on a line of a hunk: an added line
// or a context line; removed lines are LEFT-side only, and everything outside the hunks is off the diff.
// The gate comments on added lines only (anchorFor in review.ts); `right` keeps every line GitHub accepts,
// so a multi-line comment can be checked to stay inside one hunk. Pure: the patch in, line numbers out.

/** One `@@ -a,b +c,d @@` hunk. */
export interface PatchHunk {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  /** Head (RIGHT) line numbers of added lines. */
  added: number[];
  /** Head (RIGHT) line numbers of unchanged context lines. */
  context: number[];
  /** Base (LEFT) line numbers of removed lines. */
  removed: number[];
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * The hunks of a patch. Counts bound each hunk, so a blank context line that lost its leading space still
 * counts, and `\ No newline at end of file` markers are skipped. Text before the first hunk header (a
 * `diff --git` preamble) is ignored; an empty or absent patch (binary file, very large diff) has no hunks.
 * `addedText`, when given, receives the text of each added line (without its `+` and a trailing CR).
 */
export function parsePatch(patch: string | undefined, addedText?: Map<number, string>): PatchHunk[] {
  const hunks: PatchHunk[] = [];
  if (!patch) return hunks;
  let hunk: PatchHunk | undefined;
  let oldLine = 0;
  let newLine = 0;
  let oldLeft = 0;
  let newLeft = 0;
  for (const raw of patch.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const header = HUNK_HEADER.exec(line);
    if (header) {
      hunk = {
        oldStart: Number(header[1]),
        oldCount: header[2] === undefined ? 1 : Number(header[2]),
        newStart: Number(header[3]),
        newCount: header[4] === undefined ? 1 : Number(header[4]),
        added: [],
        context: [],
        removed: [],
      };
      hunks.push(hunk);
      oldLine = hunk.oldStart;
      newLine = hunk.newStart;
      oldLeft = hunk.oldCount;
      newLeft = hunk.newCount;
      continue;
    }
    if (!hunk || line.startsWith('\\')) continue;
    if (line.startsWith('+') && newLeft > 0) {
      addedText?.set(newLine, line.slice(1));
      hunk.added.push(newLine++);
      newLeft -= 1;
    } else if (line.startsWith('-') && oldLeft > 0) {
      hunk.removed.push(oldLine++);
      oldLeft -= 1;
    } else if ((line.startsWith(' ') || line === '') && oldLeft > 0 && newLeft > 0) {
      hunk.context.push(newLine++);
      oldLine += 1;
      oldLeft -= 1;
      newLeft -= 1;
    }
  }
  return hunks;
}

/** Where review comments can go in one file: each commentable head line and the hunk it belongs to. */
export interface DiffAnchors {
  /** RIGHT-side line -> index of its hunk (a multi-line comment must stay inside one hunk). */
  right: ReadonlyMap<number, number>;
  /** RIGHT-side lines that the pull request added. */
  added: ReadonlySet<number>;
  /** The same lines, ascending: a span's added lines are found by binary search, not by a walk. */
  addedInOrder: readonly number[];
  /**
   * The head text of each added line, as the patch shows it: a suggested change replaces a line only when
   * it is exactly the text the gate analysed.
   */
  addedText: ReadonlyMap<number, string>;
}

export function diffAnchors(patch: string | undefined): DiffAnchors {
  const right = new Map<number, number>();
  const added = new Set<number>();
  const addedText = new Map<number, string>();
  parsePatch(patch, addedText).forEach((hunk, index) => {
    for (const line of hunk.context) right.set(line, index);
    for (const line of hunk.added) {
      right.set(line, index);
      added.add(line);
    }
  });
  return { right, added, addedInOrder: [...added].sort((a, b) => a - b), addedText };
}

/** The index of the first element of an ascending list that is >= value (the list's length when none is). */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first and last added line in `start`..`end`, or undefined when the span holds none. */
export function addedWithin(
  anchors: DiffAnchors,
  start: number,
  end: number,
): { first: number; last: number } | undefined {
  const lines = anchors.addedInOrder;
  const from = lowerBound(lines, start);
  const to = lowerBound(lines, end + 1) - 1;
  const first = lines[from];
  const last = lines[to];
  return to >= from && first !== undefined && last !== undefined ? { first, last } : undefined;
}
