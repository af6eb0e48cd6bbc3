// Equality of large JSON values (a parsed 5 MiB plan, say) at the cost of writing them out: Vitest's deep
// equality spent seconds on each. The values are compared as JSON.stringify writes them, which is stricter
// than toEqual in key order and as strict elsewhere for values JSON.parse made (undefined members are
// dropped by both; only -0 and 0 are not told apart), and deeply only when they differ, for the diff.
import { expect } from 'vitest';

export function expectSameJson(actual: unknown, expected: unknown): void {
  const [a, b] = [JSON.stringify(actual), JSON.stringify(expected)];
  if (a !== b) expect(actual).toEqual(expected);
  expect(a === b).toBe(true);
}
