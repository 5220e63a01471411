// Histories recorded from real sequential executions, laid out with random real-time
// overlap, crashes (applied or not) and failed cas, are linearizable, for every model.
// And mutations of them that no order can explain are caught, with the right sentence.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryOp } from '../../checkers/history.js';
import { checkHistory } from '../../checkers/linearizability/check.js';
import { MODEL_UNDER_TEST, rngFrom, sequentialHistory } from './support/generators.js';

describe('histories from sequential executions pass', () => {
  for (const name of MODEL_UNDER_TEST) {
    // A queue's search space grows with (queue length x concurrency): wrong enqueue orders
    // show only at the dequeues, and memoization cannot merge different queue contents.
    // Its executions keep the queue short and the overlap moderate.
    const spreadMax = name === 'queue' ? 25 : 60;
    it(`${name}: 150 executions of 20-120 ops with overlap and crashes are linearizable`, () => {
      fc.assert(
        fc.property(fc.integer(), fc.integer({ min: 20, max: 120 }), fc.integer({ min: 1, max: spreadMax }), (seed, ops, spread) => {
          const { history, initial } = sequentialHistory(name, rngFrom(seed), { ops, spread, crash: 0.05 });
          for (const failedCas of ['did-not-happen', 'compare-mismatch'] as const) {
            const r = checkHistory(history, { model: name, initial, failedCas });
            expect(r.verdict, r.counterexample?.explanation).toBe('linearizable');
          }
        }),
        { numRuns: 150, seed: 7 },
      );
    });
  }

  it('overlap is real: generated histories have concurrent operations', () => {
    const { history } = sequentialHistory('cas-register', rngFrom(1), { ops: 50, spread: 30 });
    let open = 0;
    let maxOpen = 0;
    for (const h of history) {
      open += h.type === 'invoke' ? 1 : -1;
      maxOpen = Math.max(maxOpen, open);
    }
    expect(maxOpen).toBeGreaterThanOrEqual(3);
  });
});

// ---- mutations -------------------------------------------------------------------------------

let idx = 0;
function op(process: number | string, type: HistoryOp['type'], f: string, value: unknown, key?: unknown): HistoryOp {
  return { index: idx++, process, type, f, value, ...(key !== undefined ? { key } : {}) };
}
function seq(process: number, f: string, input: unknown, output: unknown, key?: unknown): HistoryOp[] {
  return [op(process, 'invoke', f, input, key), op(process, 'ok', f, output, key)];
}
function reindex(h: HistoryOp[]): HistoryOp[] {
  return h.map((o, i) => ({ ...o, index: i }));
}

/** A valid prefix from a sequential execution, then a tail appended after it. */
function withPrefix(seed: number, model: 'cas-register' | 'kv' | 'mutex' | 'queue', tail: HistoryOp[]): { history: HistoryOp[]; initial: unknown } {
  const { history, initial } = sequentialHistory(model, rngFrom(seed), { ops: 30, spread: 25, crash: 0 });
  return { history: reindex([...history, ...tail]), initial };
}

describe('mutations are caught and explained', () => {
  it('a read of a value never written', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat({ max: 1000 }), (seed, which) => {
        const { history, initial } = sequentialHistory('cas-register', rngFrom(seed), { ops: 40, spread: 20, crash: 0 });
        const reads = history.filter((h) => h.f === 'read' && h.type === 'ok');
        fc.pre(reads.length > 0);
        const target = reads[which % reads.length]!;
        const mutated = history.map((h) => (h === target ? { ...h, value: 99 } : h));
        const r = checkHistory(mutated, { model: 'cas-register', initial });
        expect(r.verdict).toBe('not-linearizable');
        expect(r.counterexample!.kind).toBe('value-never-written');
        expect(r.counterexample!.explanation).toMatch(/returned 99, a value never written/);
      }),
      { numRuns: 100, seed: 11 },
    );
  });

  it('a lost acknowledged write', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        // ... write 100 (acknowledged), write 200 (acknowledged), then a read sees 100.
        const tail = [...seq(0, 'write', 100, 100), ...seq(1, 'write', 200, 200), ...seq(2, 'read', null, 100)];
        const { history, initial } = withPrefix(seed, 'cas-register', tail);
        const r = checkHistory(history, { model: 'cas-register', initial });
        expect(r.verdict).toBe('not-linearizable');
        expect(r.counterexample!.kind).toBe('lost-write');
        expect(r.counterexample!.explanation).toMatch(/acknowledged write of 200 was lost/);
        expect(r.counterexample!.explanation).toMatch(/no read ever returned 200/);
      }),
      { numRuns: 50, seed: 12 },
    );
  });

  it('a stale read after a completed write (kv, per key)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const tail = [
          ...seq(0, 'put', 100, 100, 'k1'),
          ...seq(1, 'put', 200, 200, 'k1'),
          ...seq(3, 'get', null, 200, 'k1'),
          ...seq(2, 'get', null, 100, 'k1'),
        ];
        const { history, initial } = withPrefix(seed, 'kv', tail);
        const r = checkHistory(history, { model: 'kv', initial });
        expect(r.verdict).toBe('not-linearizable');
        expect(r.counterexample!.key).toBe('k1');
        expect(r.counterexample!.kind).toBe('stale-read');
        expect(r.counterexample!.explanation).toBe(
          'read of "k1" returned 100, but every write of 100 was overwritten by a completed write of 200 before the read began',
        );
      }),
      { numRuns: 50, seed: 13 },
    );
  });

  it('a double acquire of a mutex', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const tail = [...seq(5, 'acquire', null, null), ...seq(6, 'acquire', null, null)];
        const { history, initial } = withPrefix(seed, 'mutex', tail);
        const r = checkHistory(history, { model: 'mutex', initial });
        expect(r.verdict).toBe('not-linearizable');
        expect(r.counterexample!.kind).toBe('double-acquire');
        expect(r.counterexample!.explanation).toBe(
          'process 6 acquired the lock while process 5 still held it: no release could have happened between the two acquires',
        );
      }),
      { numRuns: 50, seed: 14 },
    );
  });

  it('a dequeue of an element never enqueued', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const tail = [...seq(7, 'enqueue', 500, 500), ...seq(8, 'dequeue', null, 777)];
        const { history, initial } = withPrefix(seed, 'queue', tail);
        const r = checkHistory(history, { model: 'queue', initial });
        expect(r.verdict).toBe('not-linearizable');
        expect(r.counterexample!.kind).toBe('never-enqueued');
        expect(r.counterexample!.explanation).toBe('a dequeue returned 777, which was never enqueued');
      }),
      { numRuns: 50, seed: 15 },
    );
  });

  it('the counterexample names the op and what ran concurrently with it', () => {
    idx = 0;
    const h = reindex([
      op(0, 'invoke', 'write', 1),
      op(0, 'ok', 'write', 1),
      op(1, 'invoke', 'write', 2),
      op(2, 'invoke', 'read', null),
      op(1, 'ok', 'write', 2),
      op(3, 'invoke', 'read', null),
      op(3, 'ok', 'read', 2),
      op(2, 'ok', 'read', 3),
    ]);
    const r = checkHistory(h, { model: 'register' });
    expect(r.verdict).toBe('not-linearizable');
    const c = r.counterexample!;
    expect(c.failedOp!.text).toBe('read -> 3');
    expect(c.failedOp!.process).toBe(2);
    expect(c.concurrent.map((o) => o.text).sort()).toEqual(['read -> 2', 'write 2']);
    expect(c.linearized.length).toBeGreaterThanOrEqual(1);
    expect(c.linearized[0]!.text).toBe('write 1');
  });
});
