import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasQuorum, quorumSize, quorumValueAbove } from '../../../protocols/raft/quorum.js';

describe('quorum arithmetic', () => {
  it.each([
    [1, 1],
    [2, 2],
    [3, 2],
    [4, 3],
    [5, 3],
    [7, 4],
  ])('a cluster of %i needs %i', (size, quorum) => {
    expect(quorumSize(size)).toBe(quorum);
    expect(hasQuorum(quorum, size)).toBe(true);
    expect(hasQuorum(quorum - 1, size)).toBe(false);
  });

  it('rejects impossible cluster sizes', () => {
    expect(() => quorumSize(0)).toThrow(/positive integer/);
    expect(() => quorumSize(2.5)).toThrow(/positive integer/);
  });

  it.each([
    [[5], 5],
    [[5, 3, 4], 4],
    [[1, 1, 9], 1],
    [[7, 7, 2, 2, 2], 2],
    [[9, 8, 7, 1, 0], 7],
    [[3, 3, 3, 3], 3],
    [[4, 3, 2, 1], 2],
  ])('the value a quorum of %j reached is %i', (values, expected) => {
    expect(quorumValueAbove(values, Number.NEGATIVE_INFINITY)).toBe(expected);
  });

  it('agrees with sorting, above any floor (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(50), { minLength: 1, maxLength: 9 }), fc.integer({ min: -1, max: 51 }), (values, floor) => {
        const sorted = values.slice().sort((a, b) => b - a);
        const value = sorted[quorumSize(values.length) - 1]!;
        expect(quorumValueAbove(values, floor)).toBe(value > floor ? value : floor);
      }),
    );
  });
});
