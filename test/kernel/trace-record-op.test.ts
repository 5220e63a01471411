// Trace.recordOp hashes a client op's detail field by field, without the object: it must
// fold exactly what Trace.record folds for the same detail, and give a sink the same
// record, or every run's trace hash would move.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Trace, TraceCode, type TraceEvent } from '../../sim/trace.js';

const NAMES = ['n1', 'n2', 'c1'];

const opValue = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.string({ maxLength: 8 }),
  fc.boolean(),
  fc.tuple(fc.oneof(fc.constant(null), fc.integer()), fc.integer()),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 3 }),
);

interface OpEvent {
  readonly complete: boolean;
  readonly timeUs: number;
  readonly node: number;
  readonly label: string;
  readonly opId: number;
  readonly second: string | null;
  readonly value: unknown;
}

const opEvent: fc.Arbitrary<OpEvent> = fc.record({
  complete: fc.boolean(),
  timeUs: fc.integer({ min: 0, max: 2 ** 40 }),
  node: fc.integer({ min: 0, max: NAMES.length - 1 }),
  label: fc.constantFrom('put', 'get', 'cas', 'order', ''),
  opId: fc.oneof(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 2 ** 31, max: Number.MAX_SAFE_INTEGER })),
  second: fc.oneof(fc.constant(null), fc.string({ maxLength: 6 })),
  value: opValue,
});

/** Record the events with record() and an object detail, or with recordOp(). */
function replay(events: readonly OpEvent[], byOp: boolean, sink: ((event: TraceEvent) => void) | null): string {
  const trace = new Trace(sink);
  for (const e of events) {
    const code = e.complete ? TraceCode.complete : TraceCode.invoke;
    const second = e.complete ? 'type' : 'key';
    if (byOp) {
      trace.recordOp(code, e.timeUs, e.node, e.label, e.opId, second, e.second, e.value, NAMES);
    } else {
      const detail = e.complete ? { op: e.opId, type: e.second, value: e.value } : { op: e.opId, key: e.second, value: e.value };
      trace.record(code, e.timeUs, e.node, -1, e.label, detail, NAMES);
    }
  }
  return trace.hex();
}

describe('Trace.recordOp', () => {
  it('folds the same hash as record() with the detail object, and gives a sink the same records', () => {
    fc.assert(
      fc.property(fc.array(opEvent, { maxLength: 12 }), (events) => {
        expect(replay(events, true, null)).toBe(replay(events, false, null));
        const byRecord: TraceEvent[] = [];
        const byOp: TraceEvent[] = [];
        expect(replay(events, true, (e) => byOp.push(e))).toBe(replay(events, false, (e) => byRecord.push(e)));
        expect(byOp).toEqual(byRecord);
      }),
      { numRuns: 300 },
    );
  });

  it('tells a different value apart (the hash is not blind to the fields)', () => {
    const base: OpEvent = { complete: false, timeUs: 5, node: 1, label: 'put', opId: 7, second: 'k1', value: 3 };
    const hash = replay([base], true, null);
    expect(replay([{ ...base, value: 4 }], true, null)).not.toBe(hash);
    expect(replay([{ ...base, second: 'k2' }], true, null)).not.toBe(hash);
    expect(replay([{ ...base, opId: 8 }], true, null)).not.toBe(hash);
    expect(replay([{ ...base, complete: true }], true, null)).not.toBe(hash);
  });
});
