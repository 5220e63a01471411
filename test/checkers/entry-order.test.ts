// The search's entry order (checkers/linearizability/entry-order.ts): the insertion sort
// of nearly sorted keys, with its fallback to the native sort, sorts exactly as the native
// sort does, and entries come out in position order, ties in entry order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortByPosition, sortNearlySorted } from '../../checkers/linearizability/entry-order.js';

/** Distinct keys: ascending values, then each moved back by up to `displacement` places. */
const nearlySortedArb = fc
  .record({ size: fc.integer({ min: 0, max: 400 }), displacement: fc.integer({ min: 0, max: 400 }), seed: fc.integer() })
  .map(({ size, displacement, seed }) => {
    const keys = Array.from({ length: size }, (_, i) => i * 3 + 0.5);
    let x = seed | 1;
    for (let i = 0; i < size; i++) {
      x = (Math.imul(x, 1103515245) + 12345) | 0;
      const j = Math.max(0, i - (Math.abs(x) % (displacement + 1)));
      const [moved] = keys.splice(i, 1);
      keys.splice(j, 0, moved!);
    }
    return keys;
  });

describe('entry order', () => {
  it('sorts nearly sorted keys as the native sort does, by insertion or past its move budget', () => {
    let fellBack = 0;
    fc.assert(
      fc.property(nearlySortedArb, (keys) => {
        const got = Float64Array.from(keys);
        sortNearlySorted(got);
        expect(Array.from(got)).toEqual(Array.from(Float64Array.from(keys).sort()));
        let inversions = 0;
        for (let i = 0; i < keys.length; i++) for (let j = i + 1; j < keys.length; j++) if (keys[i]! > keys[j]!) inversions++;
        if (inversions > 8 * keys.length) fellBack++;
      }),
      { numRuns: 300, seed: 7 },
    );
    expect(fellBack).toBeGreaterThan(20); // both paths were taken
  });

  it('gives entries in position order, ties in entry order, halves included', () => {
    // pairs (position, code): positions 4, 1, 2.5, 1, 0
    const events = Float64Array.from([4, 0, 1, 1, 2.5, 2, 1, 3, 0, 4]);
    expect(Array.from(sortByPosition(events, 5))).toEqual([4, 1, 3, 2, 0]);
  });
});
