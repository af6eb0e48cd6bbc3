// Levenshtein distance, for "did you mean" suggestions: whole (config keys, a few dozen short names), and
// bounded (a typo of an action among a service's hundreds: only distances up to a small limit matter, so
// only a band of the table is filled, and the work stops once every cell of a row is over the limit).

/** The edit distance of `a` and `b` (insertions, deletions, substitutions of UTF-16 code units). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** One row of the table, reused by every call (the strings compared are short; it grows when one is not). */
let row = new Int32Array(64);

/**
 * editDistance(a, b) when it is at most `limit` (>= 0), else `limit + 1`. Only cells within `limit` of the
 * diagonal are computed: a cell off the band is more than `limit` from the start on any path through it,
 * so it counts as `limit + 1`, and every cell whose distance is within the limit is still exact.
 */
export function editDistanceWithin(a: string, b: string, limit: number): number {
  const over = limit + 1;
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > limit) return over;
  if (row.length < m + 1) row = new Int32Array(Math.max(m + 1, row.length * 2));
  // Row 0. Cells right of a row's band keep these values (j, more than the limit there): an upper bound
  // that only paths longer than the limit can use.
  for (let j = 0; j <= m; j++) row[j] = j;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - limit);
    const hi = Math.min(m, i + limit);
    let diag = row[lo - 1]!;
    row[lo - 1] = lo === 1 ? i : over;
    let rowMin = row[lo - 1]!;
    const code = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const up = row[j]!;
      const cell = Math.min(up + 1, row[j - 1]! + 1, diag + (code === b.charCodeAt(j - 1) ? 0 : 1));
      diag = up;
      row[j] = cell;
      if (cell < rowMin) rowMin = cell;
    }
    // Every path to the end crosses this row: if all of it is over the limit, so is the distance.
    if (rowMin > limit) return over;
  }
  return Math.min(row[m]!, over);
}
