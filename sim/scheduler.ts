// The event queue, ordered by (time, sequence): events at the same instant run in the
// order they were scheduled, so the order never depends on anything but the seed.
//
// Times are integer microseconds, never before the last one popped (a run's time never
// goes back). `RadixLists` (sim/radix-lists.ts) is the ordering machinery, a radix heap:
// O(1) amortized per push and pop, no heap to sift and no hash table, same-time events in
// push order. `EventQueue` adds what each event carries, in typed arrays by slot, and a
// FIFO lane for events pushed in time order (sim/fifo-lane.ts). Everything grows by
// doubling: no allocation per push or pop.
import { EventColumns } from './event-columns.js';
import { FifoLane } from './fifo-lane.js';
import { RadixLists } from './radix-lists.js';
import type { Micros } from './types.js';

/** What the world's events carry; `EventQueue.pop` copies an event into one of these. */
export interface QueuedEvent {
  atUs: Micros;
  /** Small non-negative code (0..255). */
  kind: number;
  node: number;
  peer: number;
  n: number;
  payload: unknown;
}

/**
 * The world's event queue: each event's fields kept in typed arrays by slot (struct of
 * arrays, sim/event-columns.ts), popped by (time, push order). No event object exists while an event is pending, so popping
 * one reads the arrays (independent loads the CPU overlaps) instead of chasing a pointer
 * to a cold object and then to its payload; and nothing pending is ever copied by the GC
 * but the payloads themselves. Events the world pushes in non-decreasing time (op
 * timeouts) may go to a FIFO lane instead (`pushInOrder`, sim/fifo-lane.ts); every push
 * takes a sequence number, so the lane and the lists merge in exact push order.
 */
export class EventQueue extends RadixLists {
  private readonly columns: EventColumns;
  private readonly lane = new FifoLane();
  /** The lane's first event's time, Infinity when it is empty (read on every peek). */
  private laneHeadUs: Micros = Infinity;
  private nextSeq = 0;

  constructor(initialCapacity = 1024) {
    super(initialCapacity);
    this.columns = new EventColumns(this.slotCapacity);
  }

  override get size(): number {
    return super.size + this.lane.size;
  }

  override peekTimeUs(): Micros {
    const listsUs = super.peekTimeUs();
    return listsUs < this.laneHeadUs ? listsUs : this.laneHeadUs;
  }

  push(atUs: Micros, kind: number, node: number, peer: number, n: number, payload: unknown): void {
    const slot = this.enqueue(atUs);
    this.columns.write(slot, this.nextSeq++, kind, node, peer, n, payload);
  }

  /**
   * Push an event expected to be no earlier than the last one pushed this way: it joins the
   * FIFO lane (nothing to file), or the lists when it is earlier after all. Pop order is the
   * same either way.
   */
  pushInOrder(atUs: Micros, kind: number, node: number, peer: number, n: number, payload: unknown): void {
    const lane = this.lane;
    if (!lane.accepts(atUs)) return this.push(atUs, kind, node, peer, n, payload);
    lane.push(atUs, this.nextSeq++, kind, node, peer, n, payload);
    this.laneHeadUs = lane.headTimeUs();
  }

  /** Copy the earliest event into `into` and remove it; false (into untouched) when empty. */
  pop(into: QueuedEvent): boolean {
    const listsUs = super.peekTimeUs();
    const inLists = super.size;
    if (this.lane.size > 0) {
      const laneUs = this.laneHeadUs;
      // The lane goes first when earlier, or as early and pushed first.
      if (inLists === 0 || laneUs < listsUs || (laneUs === listsUs && this.lane.headSeq() < this.columns.seqs[this.headSlot()]!)) {
        return this.popLane(into);
      }
    }
    if (inLists === 0) return false;
    into.atUs = listsUs;
    this.columns.read(this.dequeue(), into);
    return true;
  }

  private popLane(into: QueuedEvent): true {
    const lane = this.lane;
    lane.pop(into);
    this.laneHeadUs = lane.size === 0 ? Infinity : lane.headTimeUs();
    return true;
  }

  protected growSlotArrays(capacity: number): void {
    this.columns.grow(capacity);
  }
}
