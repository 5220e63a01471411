// Ballots and phase 1's choice of value: pure functions, table- and property-tested.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BALLOT_PROPOSERS_MAX, ballotRound, describeBallot, makeBallot, nextBallot } from '../../../protocols/paxos/ballot.js';
import { chooseValue, highestReported } from '../../../protocols/paxos/choose.js';

const CORRECT = { ignorePromisedValues: false, pickLowestBallot: false };

describe('ballots', () => {
  it('order by round, then proposer; two proposers never share one', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 0, max: 20 }),
        (r1, p1, r2, p2) => {
          const a = makeBallot(r1, p1, false);
          const b = makeBallot(r2, p2, false);
          if (r1 !== r2) expect(a < b).toBe(r1 < r2);
          else expect(Math.sign(a - b)).toBe(Math.sign(p1 - p2));
          expect(ballotRound(a)).toBe(r1);
        },
      ),
    );
  });

  it('the next ballot is above anything seen, whoever proposed it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 20 }), (seen, proposer) => {
        expect(nextBallot(seen, proposer, false)).toBeGreaterThan(seen);
      }),
    );
  });

  it('ballot-collision: every proposer of a round gets the same number', () => {
    expect(makeBallot(3, 0, true)).toBe(makeBallot(3, 4, true));
    expect(makeBallot(3, 0, false)).not.toBe(makeBallot(3, 4, false));
  });

  it('refuses rounds below 1 and proposers outside the limit; names ballots for people', () => {
    expect(() => makeBallot(0, 0, false)).toThrow(/round/);
    expect(() => makeBallot(1, BALLOT_PROPOSERS_MAX, false)).toThrow(/proposer index/);
    expect(describeBallot(makeBallot(3, 1, false), ['n1', 'n2'])).toBe('3.n2');
    expect(describeBallot(0, ['n1'])).toBe('0');
  });
});

describe('choosing the value of phase 2', () => {
  const reports = [
    { ballot: 2001, value: 'a' },
    { ballot: 4003, value: 'c' },
    { ballot: 3002, value: 'b' },
  ];

  it.each([
    ['correct: the highest-ballot value', CORRECT, 'c'],
    ['ignore-promised-values: our own', { ...CORRECT, ignorePromisedValues: true }, 'own'],
    ['lowest-ballot-value: the oldest', { ...CORRECT, pickLowestBallot: true }, 'a'],
  ])('%s', (_name, flags, expected) => {
    expect(chooseValue(reports, 'own', flags)).toBe(expected);
  });

  it('our own value when nothing was reported', () => {
    expect(chooseValue([], 'own', CORRECT)).toBe('own');
    expect(highestReported([])).toBeNull();
  });

  it('always a reported value when there is one, and the one with the highest ballot', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 1e6 }), { minLength: 1, maxLength: 9 }), (ballots) => {
        const rs = ballots.map((ballot) => ({ ballot, value: `v${ballot}` }));
        expect(chooseValue(rs, 'own', CORRECT)).toBe(`v${Math.max(...ballots)}`);
      }),
    );
  });
});
