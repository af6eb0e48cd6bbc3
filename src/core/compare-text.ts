// localeCompare's order (the default locale's collation), from one collator: String#localeCompare sets up
// its collation on every call, which made sorting the 25k findings of a 100 MiB plan cost more than the
// rest of the decision. Equal strings (most files, most codes) need no collation at all.
const collator = new Intl.Collator();

/** `a.localeCompare(b)`, at a fraction of its cost when called many times. */
export const compareText = (a: string, b: string): number => (a === b ? 0 : collator.compare(a, b));
