// A memo of results that depend only on their key, bounded in memory for hostile input: at most `maxEntries`
// entries, each with a key of at most `maxKeyLength` characters (a longer key is not kept: its result is
// computed every time). When full, the memo starts again empty: the keys worth keeping (a plan's few dozen
// shapes, repeated over thousands of policies) come back at once, and a million distinct keys never hold
// more than `maxEntries`.
export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(
    private readonly maxEntries: number,
    private readonly maxKeyLength: number,
  ) {}

  /** The value kept for `key`, or `compute()`'s, kept when the key is short enough. */
  get(key: string, compute: () => V): V {
    const kept = this.entries.get(key);
    if (kept !== undefined) return kept;
    const value = compute();
    if (key.length <= this.maxKeyLength) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(key, value);
    }
    return value;
  }

  /** How many entries are kept (for tests of the bound). */
  get size(): number {
    return this.entries.size;
  }
}
