// A side lane of the event queue for events pushed in non-decreasing time: a FIFO ring of
// typed arrays, O(1) to push and pop, beside the queue's ordering machinery. The kernel's
// op timeouts (invocation + the workload's one timeout) are such events, and most are
// dead by the time they come due (the op completed first): in the queue proper they were
// most of it (a saga bench run holds ~2,000 of them against ~350 other pending events).
// Each event carries its global push sequence number, so EventQueue merges the lane with
// the rest by (time, push order) exactly as if both were one queue.
import type { QueuedEvent } from './scheduler.js';
import type { Micros } from './types.js';

export class FifoLane {
  private capacity = 16;
  private first = 0;
  private count = 0;
  private times = new Float64Array(16);
  private seqs = new Float64Array(16);
  private kinds = new Uint8Array(16);
  private nodes = new Int32Array(16);
  private peers = new Int32Array(16);
  private ns = new Float64Array(16);
  private payloads: unknown[] = new Array<unknown>(16);

  get size(): number {
    return this.count;
  }

  /** Time of the first event; only when size > 0. */
  headTimeUs(): Micros {
    return this.times[this.first]!;
  }

  /** Push sequence number of the first event; only when size > 0. */
  headSeq(): number {
    return this.seqs[this.first]!;
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
    this.seqs[k] = seq;
    this.kinds[k] = kind;
    this.nodes[k] = node;
    this.peers[k] = peer;
    this.ns[k] = n;
    this.payloads[k] = payload;
  }

  /** Copy the first event into `into` and remove it (size > 0). */
  pop(into: QueuedEvent): true {
    const k = this.first;
    into.atUs = this.times[k]!;
    into.kind = this.kinds[k]!;
    into.node = this.nodes[k]!;
    into.peer = this.peers[k]!;
    into.n = this.ns[k]!;
    into.payload = this.payloads[k];
    this.payloads[k] = undefined;
    this.first = (k + 1) & (this.capacity - 1);
    this.count--;
    return true;
  }

  /** Double the ring, unwrapping it so the first event sits at 0. */
  private grow(): void {
    const capacity = this.capacity * 2;
    const order = (old: Float64Array | Int32Array | Uint8Array, bigger: Float64Array | Int32Array | Uint8Array): void => {
      bigger.set(old.subarray(this.first));
      bigger.set(old.subarray(0, this.first), this.capacity - this.first);
    };
    const times = new Float64Array(capacity);
    const seqs = new Float64Array(capacity);
    const kinds = new Uint8Array(capacity);
    const nodes = new Int32Array(capacity);
    const peers = new Int32Array(capacity);
    const ns = new Float64Array(capacity);
    order(this.times, times);
    order(this.seqs, seqs);
    order(this.kinds, kinds);
    order(this.nodes, nodes);
    order(this.peers, peers);
    order(this.ns, ns);
    this.payloads = [...this.payloads.slice(this.first), ...this.payloads.slice(0, this.first), ...new Array<unknown>(this.capacity)];
    this.times = times;
    this.seqs = seqs;
    this.kinds = kinds;
    this.nodes = nodes;
    this.peers = peers;
    this.ns = ns;
    this.first = 0;
    this.capacity = capacity;
  }
}
