// The edit distances of src/core/edit-distance.ts: the whole one against known values, and the bounded one
// against the whole one on every limit for seeded random pairs (near and far, short and long, equal,
// empty), so the band and the early stop never change a distance within the limit.
import { describe, expect, it } from 'vitest';
import { editDistance, editDistanceWithin } from '../../src/core/edit-distance';
import { Rng } from '../fuzz/mutate';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('getobject', 'getobjekt')).toBe(1);
    expect(editDistance('describeinstances', 'describeinstance')).toBe(1);
    expect(editDistance('flaw', 'lawn')).toBe(2);
  });
});

describe('editDistanceWithin', () => {
  it('is the distance when it is within the limit, else the limit + 1', () => {
    const rng = new Rng(7);
    const rand = () => rng.next();
    const alphabet = 'abcdeXY';
    const word = (length: number) =>
      Array.from({ length }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    /** A word a few edits from `w`, so that small distances are common. */
    const near = (w: string) => {
      let out = w;
      for (let k = Math.floor(rand() * 4); k > 0; k--) {
        const at = Math.floor(rand() * (out.length + 1));
        const op = rand();
        if (op < 0.33) out = out.slice(0, at) + word(1) + out.slice(at);
        else if (op < 0.66) out = out.slice(0, at) + out.slice(at + 1);
        else out = out.slice(0, at) + word(1) + out.slice(at + 1);
      }
      return out;
    };
    let within = 0;
    for (let n = 0; n < 3000; n++) {
      const a = word(Math.floor(rand() * 24));
      const b = rand() < 0.7 ? near(a) : word(Math.floor(rand() * 24));
      const whole = editDistance(a, b);
      for (const limit of [0, 1, 2, 3, 5, 30]) {
        const expected = whole <= limit ? whole : limit + 1;
        expect({ a, b, limit, d: editDistanceWithin(a, b, limit) }).toEqual({ a, b, limit, d: expected });
        if (whole <= limit) within++;
      }
    }
    // The pairs exercise both outcomes.
    expect(within).toBeGreaterThan(3000);
    expect(within).toBeLessThan(3000 * 6 - 3000);
  });

  it('takes a string longer than the row it started with', () => {
    const a = 'x'.repeat(500);
    expect(editDistanceWithin(a, `${a}y`, 2)).toBe(1);
    expect(editDistanceWithin(a, 'y'.repeat(500), 2)).toBe(3);
    expect(editDistanceWithin('ab', 'ab', 0)).toBe(0);
  });
});
