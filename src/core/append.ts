// Appending a list to a list. `list.push(...items)` passes every item as an argument on the stack, and
// past about 125,000 items the call throws RangeError (Maximum call stack size exceeded): a policy, a plan
// or an answer can hold that many findings, so unbounded lists are appended with a loop.

/** Appends `items` to `list` in place and returns it; safe for any number of items. */
export function appendAll<T>(list: T[], items: Iterable<T>): T[] {
  for (const item of items) list.push(item);
  return list;
}
