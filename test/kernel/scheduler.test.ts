// The event queue against a reference model: pops come out by (time, push order), whatever
// the interleaving of pushes and pops, including through growth. Guards the bucket queue's
// hand-written heap and hash table.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue, type QueuedEvent } from '../../sim/scheduler.js';

interface Ev {
  atUs: number;
  readonly id: number;
}

/** The queue as a queue of {atUs, id}: the id rides in the `n` field, the payload checks identity. */
class Queue {
  private readonly queue: EventQueue;
  private readonly into: QueuedEvent = { atUs: 0, kind: 0, node: 0, peer: 0, n: 0, payload: null };
  constructor(initialCapacity?: number) {
    this.queue = new EventQueue(initialCapacity);
  }
  get size(): number {
    return this.queue.size;
  }
  peekTimeUs(): number {
    return this.queue.peekTimeUs();
  }
  push(ev: Ev, inOrder = false): void {
    if (inOrder) this.queue.pushInOrder(ev.atUs, ev.id % 256, ev.id, -ev.id - 1, ev.id, ev);
    else this.queue.push(ev.atUs, ev.id % 256, ev.id, -ev.id - 1, ev.id, ev);
  }
  pop(): Ev | undefined {
    if (!this.queue.pop(this.into)) return undefined;
    const ev = this.into.payload as Ev;
    // Every field comes back with its event.
    expect([this.into.atUs, this.into.kind, this.into.node, this.into.peer, this.into.n]).toEqual([ev.atUs, ev.id % 256, ev.id, -ev.id - 1, ev.id]);
    return ev;
  }
}

/** A push to the buckets, or (inOrder) through pushInOrder: the FIFO lane when it is not earlier than the lane's last. */
type Op = { readonly push: number; readonly inOrder?: boolean } | { readonly pop: true };

function check(ops: readonly Op[], initialCapacity: number): void {
  const scheduler = new Queue(initialCapacity);
  const model: Ev[] = []; // kept in push order; the earliest time wins, ties by push order
  let nextId = 0;
  for (const op of ops) {
    if ('push' in op) {
      const ev = { atUs: op.push, id: nextId++ };
      scheduler.push(ev, op.inOrder === true);
      model.push(ev);
    } else {
      let best = -1;
      for (let k = 0; k < model.length; k++) if (best < 0 || model[k]!.atUs < model[best]!.atUs) best = k;
      const expected = best < 0 ? undefined : model.splice(best, 1)[0];
      expect(scheduler.peekTimeUs()).toBe(expected === undefined ? Infinity : expected.atUs);
      expect(scheduler.pop()).toBe(expected);
    }
    expect(scheduler.size).toBe(model.length);
  }
  // Drain: the rest in order.
  const rest: Ev[] = [];
  for (let e = scheduler.pop(); e !== undefined; e = scheduler.pop()) rest.push(e);
  const sorted = [...model].sort((a, b) => a.atUs - b.atUs || a.id - b.id);
  expect(rest).toEqual(sorted);
}

describe('EventQueue', () => {
  it('property: pops by (time, push order) for any interleaving of pushes and pops', () => {
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 3, arbitrary: fc.integer({ min: 0, max: 50 }).map((push) => ({ push })) }, // many ties
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 ** 40 }).map((push) => ({ push })) },
      { weight: 2, arbitrary: fc.constant({ pop: true as const }) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), fc.constantFrom(1, 2, 7, 1024), (ops, capacity) => check(ops, capacity)),
      { numRuns: 300, seed: 11 },
    );
  });

  it('property: pops by (time, push order) when pushes never go before the last pop, as in a run', () => {
    // The radix lists' own case: no push earlier than the base, times far apart and tied.
    const delta = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2 ** 45 }));
    const step = fc.oneof({ weight: 3, arbitrary: delta.map((d) => ({ after: d })) }, { weight: 2, arbitrary: fc.constant({ pop: true as const }) });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 400 }), (steps) => {
        const queue = new Queue(4);
        const model: Ev[] = [];
        let nowUs = 0;
        let nextId = 0;
        for (const s of steps) {
          if ('after' in s) {
            const ev = { atUs: nowUs + s.after, id: nextId++ };
            queue.push(ev);
            model.push(ev);
            continue;
          }
          model.sort((a, b) => a.atUs - b.atUs || a.id - b.id);
          const expected = model.shift();
          expect(queue.pop()).toBe(expected);
          if (expected !== undefined) nowUs = expected.atUs;
        }
      }),
      { numRuns: 300, seed: 13 },
    );
  });

  it('property: the FIFO lane and the buckets merge by (time, push order), ties included', () => {
    // Lane pushes mostly rise with the clock of the pops (as op timeouts do), sometimes fall
    // back to the buckets (an earlier time), and tie often with bucket events.
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 3, arbitrary: fc.integer({ min: 0, max: 60 }).map((push) => ({ push })) },
      { weight: 3, arbitrary: fc.integer({ min: 0, max: 60 }).map((push) => ({ push, inOrder: true })) },
      { weight: 2, arbitrary: fc.constant({ pop: true as const }) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), fc.constantFrom(1, 7, 1024), (ops, capacity) => {
        // Sort the lane's pushes into rising runs so most of them stay in the lane (past its ring's growth).
        let last = 0;
        const rising = ops.map((o) => ('push' in o && o.inOrder === true ? { ...o, push: (last = Math.max(last, o.push - 5)) + (o.push % 3) } : o));
        check(rising, capacity);
      }),
      { numRuns: 300, seed: 12 },
    );
  });

  it('keeps 100 lane events in push order among bucket events at the same times', () => {
    const scheduler = new Queue(4);
    for (let id = 0; id < 300; id++) scheduler.push({ atUs: 10 + Math.floor(id / 30), id }, id % 3 === 0);
    const out: number[] = [];
    for (let e = scheduler.pop(); e !== undefined; e = scheduler.pop()) out.push(e.id);
    expect(out).toEqual([...Array(300).keys()]);
  });

  it('keeps the lane in order when its ring grows while wrapped around', () => {
    const scheduler = new Queue();
    for (let id = 0; id < 10; id++) scheduler.push({ atUs: id, id }, true);
    for (let id = 0; id < 10; id++) scheduler.pop();
    for (let id = 10; id < 60; id++) scheduler.push({ atUs: id, id }, true); // wraps the ring of 16, then grows it twice
    const out: number[] = [];
    for (let e = scheduler.pop(); e !== undefined; e = scheduler.pop()) out.push(e.id);
    expect(out).toEqual([...Array(50).keys()].map((k) => k + 10));
  });

  it('keeps same-time events in push order across growth (10,000 ties)', () => {
    const scheduler = new Queue(4);
    for (let id = 0; id < 10_000; id++) scheduler.push({ atUs: id % 3 === 0 ? 5 : 7, id });
    const out: number[] = [];
    for (let e = scheduler.pop(); e !== undefined; e = scheduler.pop()) out.push(e.id);
    const fives = out.slice(0, 3_334);
    expect(fives).toEqual([...fives].sort((a, b) => a - b));
    expect(fives.every((id) => id % 3 === 0)).toBe(true);
    const sevens = out.slice(3_334);
    expect(sevens).toEqual([...sevens].sort((a, b) => a - b));
    expect(sevens.length).toBe(6_666);
  });

  it('is empty: pop gives undefined, peek Infinity', () => {
    const scheduler = new Queue();
    expect(scheduler.pop()).toBeUndefined();
    expect(scheduler.peekTimeUs()).toBe(Infinity);
    scheduler.push({ atUs: 3, id: 1 });
    scheduler.pop();
    expect(scheduler.pop()).toBeUndefined();
    expect(scheduler.size).toBe(0);
  });
});
