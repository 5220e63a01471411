// The kv consistency measures on small hand-made histories with known answers, and a
// property: on a history where every read returns the latest completed write, nothing is stale.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryOp } from '../../checkers/history.js';
import { kvMeasures } from '../../checkers/measures/index.js';
import { ValueMap } from '../../checkers/values.js';
import { canonicalKey } from '../../checkers/values.js';

type Step = [process: number, type: HistoryOp['type'], f: string, value: unknown, timeMs: number];

function history(steps: readonly Step[], key = 'k'): HistoryOp[] {
  return steps.map(([process, type, f, value, timeMs], index) => ({ index, process, type, f, key, value, time: timeMs * 1_000_000 }));
}

describe('kvMeasures', () => {
  it('a read that misses a completed write is stale, and the last read shows the write lost', () => {
    const m = kvMeasures(
      history([
        [1, 'invoke', 'put', 1, 0],
        [1, 'ok', 'put', 1, 1],
        [1, 'invoke', 'put', 2, 2],
        [1, 'ok', 'put', 2, 3],
        [2, 'invoke', 'get', null, 10],
        [2, 'ok', 'get', 1, 11],
      ]),
    );
    expect(m.reads).toBe(1);
    expect(m.staleReads).toBe(1);
    expect(m.staleReadFraction).toBe(1);
    expect(m.kStaleness['1']).toBe(0);
    expect(m.kStaleness['2']).toBe(1);
    expect(m.lostWrites).toBe(1);
    expect(m.tVisibility.find((b) => b.reads > 0)).toMatchObject({ fromUs: 5_000, toUs: 10_000, consistent: 0 });
  });

  it('a read concurrent with a write may return either value; a fresh read is not stale', () => {
    const m = kvMeasures(
      history([
        [1, 'invoke', 'put', 1, 0],
        [1, 'ok', 'put', 1, 1],
        [1, 'invoke', 'put', 2, 2],
        [2, 'invoke', 'get', null, 3],
        [2, 'ok', 'get', 1, 4],
        [1, 'ok', 'put', 2, 5],
        [2, 'invoke', 'get', null, 6],
        [2, 'ok', 'get', 2, 7],
      ]),
    );
    expect(m.staleReads).toBe(0);
    expect(m.lostWrites).toBe(0);
  });

  it('a null read after a delete is fresh; a null read that misses a put is stale; siblings are counted', () => {
    const m = kvMeasures(
      history([
        [1, 'invoke', 'put', 1, 0],
        [1, 'ok', 'put', 1, 1],
        [1, 'invoke', 'delete', null, 2],
        [1, 'ok', 'delete', null, 3],
        [2, 'invoke', 'get', null, 4],
        [2, 'ok', 'get', null, 5],
        [1, 'invoke', 'put', 3, 6],
        [1, 'ok', 'put', 3, 7],
        [2, 'invoke', 'get', null, 8],
        [2, 'ok', 'get', null, 9],
        [3, 'invoke', 'get', null, 10],
        [3, 'ok', 'get', [1, 3], 11],
      ]),
    );
    expect(m.staleReads).toBe(1);
    expect(m.siblingReads).toBe(1);
    expect(m.siblingsMax).toBe(2);
    expect(m.reads).toBe(3);
  });

  it('a read that returns an older value than an earlier completed read is an inversion, even while the write is in flight', () => {
    const m = kvMeasures(
      history([
        [1, 'invoke', 'put', 1, 0],
        [1, 'ok', 'put', 1, 1],
        [1, 'invoke', 'put', 2, 2],
        [2, 'invoke', 'get', null, 3],
        [2, 'ok', 'get', 2, 4],
        [3, 'invoke', 'get', null, 5],
        [3, 'ok', 'get', 1, 6],
        [1, 'ok', 'put', 2, 7],
      ]),
    );
    expect(m.staleReads).toBe(0);
    expect(m.readInversions).toBe(1);
  });

  it('reads of appended strings are left unclassified, not called stale', () => {
    const m = kvMeasures(history([[1, 'invoke', 'append', 'a,', 0], [1, 'ok', 'append', null, 1], [2, 'invoke', 'get', null, 2], [2, 'ok', 'get', 'a,', 3]]));
    expect(m.reads).toBe(1);
    expect(m.unclassifiedReads).toBe(1);
    expect(m.staleReads).toBe(0);
  });

  it('property: sequential puts and gets that return the latest value are never stale', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }), (isRead) => {
        const steps: Step[] = [];
        let latest: unknown = null;
        let t = 0;
        isRead.forEach((read, i) => {
          const value = read ? null : i + 1;
          steps.push([1, 'invoke', read ? 'get' : 'put', value, t++]);
          steps.push([1, 'ok', read ? 'get' : 'put', read ? latest : value, t++]);
          if (!read) latest = value;
        });
        const m = kvMeasures(history(steps));
        expect(m.staleReads).toBe(0);
        expect(m.lostWrites).toBe(0);
        expect(m.readInversions).toBe(0);
      }),
    );
  });

  it('property: ValueMap groups values exactly as their canonical texts do', () => {
    // JSON-like values, with the look-alikes that must stay apart (1 and "1", a string
    // spelling an array's text) or together (0 and -0, objects with keys in another order).
    const scalar = fc.oneof(fc.constantFrom(0, -0, 1, '1', '[1]', 'null', null, undefined, true, 'true', NaN), fc.integer({ min: -3, max: 3 }), fc.string({ maxLength: 2 }));
    const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 2 }), fc.dictionary(fc.constantFrom('a', 'b'), scalar));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 30 }), (values) => {
        const map = new ValueMap<number>();
        const byText = new Map<string, number>();
        values.forEach((v, i) => {
          const expected = byText.get(canonicalKey(v));
          expect(map.get(v)).toBe(expected);
          if (expected === undefined) {
            map.set(v, i);
            byText.set(canonicalKey(v), i);
          }
        });
      }),
    );
  });
});
