import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findLogMismatch, termAtIndex } from '../../../protocols/raft/term-runs.js';

describe('termAtIndex', () => {
  const view = { logTerms: [1, 1, 4, 2, 6, 5], lastIndex: 8 };
  it.each([
    [0, undefined],
    [1, 1],
    [3, 1],
    [4, 2],
    [6, 5],
    [8, 5],
    [9, undefined],
  ])('index %i has term %s', (index, term) => {
    expect(termAtIndex(view, index)).toBe(term);
  });
});

/** Expand runs to a plain array for a reference implementation. */
function runsOf(terms: number[], first = 1): { logTerms: number[]; lastIndex: number } {
  const logTerms: number[] = [];
  terms.forEach((term, i) => {
    if (logTerms.length === 0 || logTerms[logTerms.length - 1] !== term) logTerms.push(first + i, term);
  });
  return { logTerms, lastIndex: first + terms.length - 1 };
}

describe('findLogMismatch', () => {
  it.each([
    [[1, 1, 2], [1, 1, 2, 3], null],
    [[1, 1, 2], [1, 1, 3], null], // diverging suffix is fine
    [[1, 2, 2], [1, 3, 3], null],
    [[1, 2, 3], [1, 4, 3], { index: 3, term: 3, differsAt: 2 }],
    [[2, 2, 5, 5], [1, 3, 5, 5], { index: 3, term: 5, differsAt: 1 }],
    [[], [1], null],
  ])('%j vs %j', (a, b, expected) => {
    expect(findLogMismatch(runsOf(a), runsOf(b))).toEqual(expected);
  });

  it('compares only what both logs cover (a snapshot hides the prefix)', () => {
    expect(findLogMismatch(runsOf([9, 9, 3, 3], 1), runsOf([3, 3], 3))).toBeNull();
    expect(findLogMismatch(runsOf([1, 2, 3], 1), runsOf([4, 3], 2))).toEqual({ index: 3, term: 3, differsAt: 2 });
  });

  it('agrees with an index-by-index check (property)', () => {
    const terms = fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 12 }).map((steps) => {
      let t = 0;
      return steps.map((s) => (t += s - 1) || 1);
    });
    fc.assert(
      fc.property(terms, terms, (a, b) => {
        let differs = -1;
        let expected: { index: number; term: number; differsAt: number } | null = null;
        for (let i = 0; i < Math.min(a.length, b.length); i++) {
          if (a[i] !== b[i]) {
            if (differs < 0) differs = i + 1;
          } else if (differs >= 0) {
            expected = { index: i + 1, term: a[i]!, differsAt: differs };
            break;
          }
        }
        expect(findLogMismatch(runsOf(a), runsOf(b))).toEqual(expected);
      }),
    );
  });
});
