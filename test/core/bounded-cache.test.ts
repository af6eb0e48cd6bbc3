import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../src/core/bounded-cache';

describe('BoundedCache', () => {
  it('computes a key once while it is kept', () => {
    const cache = new BoundedCache<number>(10, 100);
    let computed = 0;
    const square = (n: number) => () => {
      computed += 1;
      return n * n;
    };
    expect(cache.get('3', square(3))).toBe(9);
    expect(cache.get('3', square(3))).toBe(9);
    expect(computed).toBe(1);
  });

  it('never holds more than its bound, however many distinct keys it meets', () => {
    const cache = new BoundedCache<number>(1000, 100);
    for (let i = 0; i < 1_000_000; i++) {
      cache.get(String(i), () => i);
      if (cache.size > 1000) throw new Error(`size ${cache.size} after ${i + 1} keys`);
    }
    expect(cache.size).toBeLessThanOrEqual(1000);
    expect(cache.size).toBeGreaterThan(0);
  });

  it('keeps no key longer than its limit', () => {
    const cache = new BoundedCache<string>(10, 8);
    let computed = 0;
    const long = 'x'.repeat(9);
    for (let i = 0; i < 3; i++)
      expect(
        cache.get(long, () => {
          computed += 1;
          return 'v';
        }),
      ).toBe('v');
    expect(computed).toBe(3);
    expect(cache.size).toBe(0);
  });
});
