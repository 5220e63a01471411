import { describe, expect, it } from 'vitest';
import { conflictHint, isUpToDate, nextIndexAfterReject } from '../../../protocols/raft/log-matching.js';
import { RaftLog } from '../../../protocols/raft/log.js';

function logOf(terms: number[]): RaftLog {
  const log = new RaftLog();
  for (const term of terms) log.append({ term, command: null });
  return log;
}

describe('isUpToDate (5.4.1)', () => {
  it.each([
    // candidate (lastTerm, lastIndex), voter (lastTerm, lastIndex), granted
    [3, 5, 3, 5, true],
    [3, 6, 3, 5, true],
    [3, 4, 3, 5, false],
    [4, 1, 3, 9, true],
    [2, 9, 3, 1, false],
    [0, 0, 0, 0, true],
    [0, 0, 1, 1, false],
  ])('candidate (t%i, i%i) vs voter (t%i, i%i) -> %s', (ct, ci, vt, vi, expected) => {
    expect(isUpToDate(ct, ci, vt, vi)).toBe(expected);
  });
});

describe('conflictHint (the follower side of fast backup)', () => {
  // follower log terms by index 1..: [1, 1, 2, 2, 2, 4]
  const follower = logOf([1, 1, 2, 2, 2, 4]);
  it.each([
    [9, 0, 7], // log too short: no term, resume at last + 1
    [7, 0, 7],
    [5, 2, 3], // term 2 starts at index 3
    [4, 2, 3],
    [6, 4, 6],
    [2, 1, 1],
  ])('rejecting prevLogIndex %i gives conflictTerm %i, conflictIndex %i', (prev, term, index) => {
    expect(conflictHint(follower, prev)).toEqual({ conflictTerm: term, conflictIndex: index });
  });

  it('after compaction, the first held index of a term starts at the snapshot point', () => {
    const log = logOf([1, 1, 2, 2, 2, 4]);
    log.compactTo(4, 2);
    expect(conflictHint(log, 5)).toEqual({ conflictTerm: 2, conflictIndex: 5 });
  });
});

describe('nextIndexAfterReject (the leader side)', () => {
  // leader log: [1, 1, 3, 3, 3, 5, 5]
  const leader = logOf([1, 1, 3, 3, 3, 5, 5]);
  it.each([
    // rejectedIndex, conflictTerm, conflictIndex, match -> next
    [7, 0, 4, 0, 4], // follower too short: resume at its end
    [7, 2, 3, 0, 3], // leader has no term 2: resume at the follower's first index of term 2
    [7, 3, 3, 0, 6], // leader has term 3 up to index 5: resume after it
    [7, 1, 1, 0, 3], // leader's last term-1 entry is 2
    [7, 0, 4, 5, 6], // never at or below what is known to match
    [3, 0, 9, 0, 3], // never above the rejected index
  ])('reject of %i with (t%i, i%i), match %i -> next %i', (rejectedIndex, conflictTerm, conflictIndex, match, next) => {
    expect(nextIndexAfterReject(leader, { rejectedIndex, conflictTerm, conflictIndex }, match)).toBe(next);
  });
});
