// A side lane of the event queue for events pushed in non-decreasing time: a FIFO ring of
// typed arrays, O(1) to push and pop, beside the queue's ordering machinery. The kernel's
// op timeouts (invocation + the workload's one timeout) are such events, and most are
// dead by the time they come due (the op completed first): in the queue proper they were
// most of it (a saga bench run holds ~2,000 of them against ~350 other pending events).
// Each event carries its global push sequence number, so EventQueue merges the lane with
// the rest by (time, push order) exactly as if both were one queue.
import { EventColumns, resized } from './event-columns.js';
import type { QueuedEvent } from './scheduler.js';
import type { Micros } from './types.js';

export class FifoLane {
  private capacity = 16;
  private first = 0;
  private count = 0;
  private times = new Float64Array(16);
  private readonly columns = new EventColumns(16);

  get size(): number {
    return this.count;
  }

  /** Time of the first event; only when size > 0. */
  headTimeUs(): Micros {
    return this.times[this.first]!;
  }

  /** Push sequence number of the first event; only when size > 0. */
  headSeq(): number {
    return this.columns.seqs[this.first]!;
  }

  /** Whether an event at `atUs` may join the lane: not earlier than the last one in it. */
  accepts(atUs: Micros): boolean {
    return this.count === 0 || atUs >= this.times[(this.first + this.count - 1) & (this.capacity - 1)]!;
  }

  /** Append an event (the caller checked `accepts`). */
  push(atUs: Micros, seq: number, kind: number, node: number, peer: number, n: number, payload: unknown): void {
    if (this.count === this.capacity) this.grow();
    const k = (this.first + this.count++) & (this.capacity - 1);
    this.times[k] = atUs;
    this.columns.write(k, seq, kind, node, peer, n, payload);
  }

  /** Copy the first event into `into` and remove it (size > 0). */
  pop(into: QueuedEvent): true {
    const k = this.first;
    into.atUs = this.times[k]!;
    this.columns.read(k, into);
    this.first = (k + 1) & (this.capacity - 1);
    this.count--;
    return true;
  }

  /** Double the ring, unwrapping it so the first event sits at 0. */
  private grow(): void {
    const capacity = this.capacity * 2;
    this.times = resized(this.times, capacity, this.first);
    this.columns.grow(capacity, this.first);
    this.first = 0;
    this.capacity = capacity;
  }
}
