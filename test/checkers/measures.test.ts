// Measures over histories: pairing, counts and latency per op type and client,
// availability windows, and stale reads, on small hand-made histories with known answers
// (test/checkers/kv-measures.test.ts has the rest of the consistency measures).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryOp } from '../../checkers/history.js';
import { availability, opBreakdown, pairOps, percentile, percentiles } from '../../checkers/measures/op-stats.js';
import { kvMeasuresOfOps } from '../../checkers/measures/kv-measures.js';
import type { PairedOp } from '../../checkers/measures/op-stats.js';

/** Stale and ok reads (the kv measures' figures behind `staleReadFraction`). */
function staleReads(ops: readonly PairedOp[]): { stale: number; reads: number } {
  const m = kvMeasuresOfOps(ops);
  return { stale: m.staleReads, reads: m.reads };
}

/** An op at `ms` milliseconds (history times are nanoseconds). */
function op(process: number, type: HistoryOp['type'], f: string, value: unknown, ms: number, client = `c${process + 1}`, key?: string): HistoryOp {
  return { index: 0, process, type, f, value, time: ms * 1_000_000, client, ...(key !== undefined ? { key } : {}) };
}

function history(...ops: HistoryOp[]): HistoryOp[] {
  return ops.map((o, index) => ({ ...o, index }));
}

describe('pairing and breakdown', () => {
  const h = history(
    op(0, 'invoke', 'write', 1, 0),
    op(1, 'invoke', 'read', null, 1),
    op(0, 'ok', 'write', 1, 10),
    op(1, 'info', 'read', null, 1001),
    op(3, 'invoke', 'read', null, 1100, 'c2'), // c2 again, a new process after its info
    op(3, 'fail', 'read', null, 1105, 'c2'),
    op(0, 'invoke', 'write', 2, 1200),
  );

  it('pairs each invocation with its completion by process; an open one counts as info', () => {
    expect(pairOps(h).map((p) => [p.f, p.client, p.type, p.latencyUs])).toEqual([
      ['write', 'c1', 'ok', 10_000],
      ['read', 'c2', 'info', null],
      ['read', 'c2', 'fail', null],
      ['write', 'c1', 'info', null],
    ]);
  });

  it('counts ok/fail/info and ok latency per op type and per client', () => {
    const b = opBreakdown(pairOps(h), 500_000, 1_500_000);
    expect(b.byType['write']).toEqual({ ok: 1, fail: 0, info: 1, latencyUs: { p50: 10_000, p99: 10_000, p999: 10_000 } });
    expect(b.byType['read']).toEqual({ ok: 0, fail: 1, info: 1, latencyUs: { p50: null, p99: null, p999: null } });
    expect(Object.keys(b.byClient)).toEqual(['c1', 'c2']);
    expect(b.byClient['c2']).toMatchObject({ ok: 0, fail: 1, info: 1 });
  });

  it('gives availability per client and window by invocation time (null: nothing invoked)', () => {
    const a = availability(pairOps(h), 500_000, 1_500_000);
    expect(a.byClient).toEqual({ c1: [1, null, 0], c2: [0, null, 0] });
  });

  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 1000 - i);
    expect(percentiles(values)).toEqual({ p50: 501, p99: 991, p999: 1000 });
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1 }), (xs) => {
        const p = percentiles(xs);
        expect(p.p50! <= p.p99! && p.p99! <= p.p999!).toBe(true);
        expect(xs).toContain(p.p50);
      }),
    );
  });

  it('selects exactly what a full sort reads at each rank (duplicates, sorted and reversed input)', () => {
    const sortedRead = (xs: readonly number[]) => {
      const sorted = Float64Array.from(xs).sort();
      return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), p999: percentile(sorted, 0.999) };
    };
    const values = fc.oneof(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3000 }), fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: 0 }), { minLength: 1, maxLength: 300 }));
    fc.assert(
      fc.property(values, fc.constantFrom('as-is', 'sorted', 'reversed'), (xs, order) => {
        const input = order === 'as-is' ? xs : [...xs].sort((a, b) => a - b);
        if (order === 'reversed') input.reverse();
        expect(percentiles(input)).toEqual(sortedRead(input));
      }),
    );
    expect(percentiles([])).toEqual({ p50: null, p99: null, p999: null });
  });
});

describe('stale reads', () => {
  it('counts a read of a value overwritten before it began', () => {
    const h = history(
      op(0, 'invoke', 'write', 1, 0, 'c1', 'x'),
      op(0, 'ok', 'write', 1, 5, 'c1', 'x'),
      op(0, 'invoke', 'write', 2, 6, 'c1', 'x'),
      op(0, 'ok', 'write', 2, 9, 'c1', 'x'),
      op(1, 'invoke', 'read', null, 10, 'c2', 'x'),
      op(1, 'ok', 'read', 1, 12, 'c2', 'x'),
      op(1, 'invoke', 'read', null, 13, 'c2', 'x'),
      op(1, 'ok', 'read', 2, 14, 'c2', 'x'),
      op(1, 'invoke', 'read', null, 15, 'c2', 'y'),
      op(1, 'ok', 'read', null, 16, 'c2', 'y'),
    );
    expect(staleReads(pairOps(h))).toEqual({ stale: 1, reads: 3 });
  });

  it('does not count a read concurrent with the overwrite, or the initial nil before any write ended', () => {
    const h = history(
      op(0, 'invoke', 'write', 1, 0, 'c1', 'x'),
      op(0, 'ok', 'write', 1, 5, 'c1', 'x'),
      op(1, 'invoke', 'read', null, 6, 'c2', 'x'),
      op(0, 'invoke', 'write', 2, 7, 'c1', 'x'),
      op(1, 'ok', 'read', 1, 8, 'c2', 'x'),
      op(0, 'ok', 'write', 2, 9, 'c1', 'x'),
      op(2, 'invoke', 'read', null, 10, 'c3', 'z'),
      op(2, 'ok', 'read', null, 11, 'c3', 'z'),
    );
    expect(staleReads(pairOps(h))).toEqual({ stale: 0, reads: 2 });
  });

  it('counts reading the initial nil after a write to the key ended, and a cas as a write', () => {
    const h = history(
      op(0, 'invoke', 'cas', [null, 4], 0, 'c1', 'x'),
      op(0, 'ok', 'cas', [null, 4], 5, 'c1', 'x'),
      op(1, 'invoke', 'read', null, 6, 'c2', 'x'),
      op(1, 'ok', 'read', null, 8, 'c2', 'x'),
    );
    expect(staleReads(pairOps(h))).toEqual({ stale: 1, reads: 1 });
  });
});
