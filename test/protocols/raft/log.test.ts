import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RaftLog } from '../../../protocols/raft/log.js';

function logOf(terms: number[]): RaftLog {
  const log = new RaftLog();
  for (const term of terms) log.append({ term, command: null });
  return log;
}

describe('RaftLog', () => {
  it('starts empty with index 0 of term 0', () => {
    const log = new RaftLog();
    expect([log.firstIndex, log.lastIndex, log.lastTerm, log.termAt(0), log.termAt(1)]).toEqual([1, 0, 0, 0, undefined]);
    expect(log.termRuns()).toEqual([]);
  });

  it('appends, reads terms and keeps term runs', () => {
    const log = logOf([1, 1, 2, 4, 4, 4]);
    expect(log.lastIndex).toBe(6);
    expect(log.lastTerm).toBe(4);
    expect([1, 2, 3, 4, 6, 7].map((i) => log.termAt(i))).toEqual([1, 1, 2, 4, 4, undefined]);
    expect(log.termRuns()).toEqual([1, 1, 3, 2, 4, 4]);
    expect([log.firstIndexOfTerm(4), log.lastIndexOfTerm(4), log.lastIndexOfTerm(1), log.firstIndexOfTerm(3)]).toEqual([4, 6, 2, 0]);
  });

  it('refuses an entry of a lower term than the last', () => {
    const log = logOf([1, 3]);
    expect(() => log.append({ term: 2, command: null })).toThrow(/term 2 after term 3/);
  });

  it('truncates a suffix and its runs', () => {
    const log = logOf([1, 1, 2, 4, 4]);
    log.truncateFrom(4);
    expect(log.lastIndex).toBe(3);
    expect(log.termRuns()).toEqual([1, 1, 3, 2]);
    log.truncateFrom(2);
    expect(log.termRuns()).toEqual([1, 1]);
    log.truncateFrom(9);
    expect(log.lastIndex).toBe(1);
  });

  it('compacts a prefix into a snapshot point', () => {
    const log = logOf([1, 1, 2, 2, 3]);
    log.compactTo(3, 2);
    expect([log.snapshotIndex, log.snapshotTerm, log.firstIndex, log.lastIndex]).toEqual([3, 2, 4, 5]);
    expect([log.termAt(2), log.termAt(3), log.termAt(4)]).toEqual([undefined, 2, 2]);
    expect(log.termRuns()).toEqual([3, 2, 5, 3]);
    expect(() => log.entryAt(3)).toThrow(/no entry 3/);
    expect(() => log.truncateFrom(3)).toThrow(/inside the snapshot/);
    expect(() => log.compactTo(4, 9)).toThrow(/term 9/);
    log.compactTo(9, 5); // beyond the log: the log becomes the snapshot point
    expect([log.snapshotIndex, log.lastIndex, log.lastTerm]).toEqual([9, 9, 5]);
  });

  it('behaves like a plain array of terms (property)', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('append' as const), bump: fc.nat(2) }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(30) }),
      fc.record({ kind: fc.constant('compact' as const), at: fc.nat(30) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const log = new RaftLog();
        const model: number[] = []; // model[i - 1] = term of index i
        let snapshot = 0;
        for (const o of ops) {
          if (o.kind === 'append') {
            const term = (model.length === 0 ? 1 : model[model.length - 1]!) + o.bump;
            log.append({ term, command: null });
            model.push(term);
          } else if (o.kind === 'truncate') {
            const from = snapshot + 1 + o.at;
            log.truncateFrom(from);
            model.length = Math.min(model.length, from - 1);
          } else if (snapshot + o.at <= model.length && o.at > 0) {
            snapshot += o.at;
            log.compactTo(snapshot, model[snapshot - 1]!);
          }
        }
        expect(log.lastIndex).toBe(model.length);
        for (let i = snapshot; i <= model.length; i++) expect(log.termAt(i)).toBe(i === 0 ? 0 : model[i - 1]);
        for (const term of new Set(model)) {
          const held = model.map((t, i) => (t === term && i + 1 > snapshot ? i + 1 : 0)).filter((i) => i > 0);
          if (held.length === 0) continue;
          expect(log.lastIndexOfTerm(term)).toBe(held[held.length - 1]);
          expect(log.firstIndexOfTerm(term)).toBe(held[0]);
        }
      }),
    );
  });
});
