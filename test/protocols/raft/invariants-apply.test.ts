// The 'apply' checks, which keep per-index arrays: several terms at one index (after a
// bug), indexes out of order, and apply events of both invariants on one stream.
import { describe, expect, it } from 'vitest';
import type { Invariant, ObservedEvent } from '../../../checkers/invariants.js';
import { logMatching, stateMachineSafety } from '../../../protocols/raft/invariants.js';

type Apply = [node: string, index: number, term: number, digest: string];

function feed(invariant: Invariant, applies: Apply[]): string | null {
  const check = invariant.create();
  let n = 0;
  for (const [node, index, term, digest] of applies) {
    const event: ObservedEvent = { index: n++, timeUs: n, kind: 'log', node, name: 'apply', fields: { index, term, digest } };
    const message = check.onEvent?.(event, () => ({}), ['n1', 'n2', 'n3']) ?? null;
    if (message !== null) return message;
  }
  return null;
}

describe("'apply' checks", () => {
  it('log-matching tells the terms at one index apart', () => {
    const twoTerms: Apply[] = [
      ['n1', 4, 2, 'put a c1.1#1'],
      ['n2', 4, 3, 'put b c2.1#1'], // another term at index 4: not log-matching's business
      ['n3', 4, 2, 'put a c1.1#1'],
      ['n1', 4, 3, 'put b c2.1#1'],
    ];
    expect(feed(logMatching, twoTerms)).toBeNull();
    expect(feed(logMatching, [...twoTerms, ['n3', 4, 3, 'put c c3.1#1']])).toBe(
      'index 4 term 3 holds "put b c2.1#1" on n2 but "put c c3.1#1" on n3',
    );
    expect(feed(logMatching, [...twoTerms, ['n3', 4, 2, 'noop']])).toBe(
      'index 4 term 2 holds "put a c1.1#1" on n1 but "noop" on n3',
    );
  });

  it('state-machine-safety compares with the first entry applied at an index, in any order of indexes', () => {
    const ok: Apply[] = [
      ['n1', 1, 1, 'noop'],
      ['n1', 2, 1, 'put a c1.1#1'],
      ['n2', 1, 1, 'noop'],
      ['n3', 9, 2, 'noop'], // a node restored from a snapshot applies from later on
      ['n2', 2, 1, 'put a c1.1#1'],
    ];
    expect(feed(stateMachineSafety, ok)).toBeNull();
    expect(feed(stateMachineSafety, [...ok, ['n1', 9, 3, 'noop']])).toBe(
      'n3 applied "noop" (term 2) at index 9 but n1 applied "noop" (term 3)',
    );
  });
});
