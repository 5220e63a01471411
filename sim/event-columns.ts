// What pending events carry, by index, in typed arrays (struct of arrays): written when an
// event is pushed, copied into the loop's one reused event when it is popped. The event
// queue's slots (sim/scheduler.ts) and its FIFO lane's ring (sim/fifo-lane.ts) both keep
// their events here; each keeps its own times and order beside it.
import type { QueuedEvent } from './scheduler.js';

export class EventColumns {
  kinds: Uint8Array;
  nodes: Int32Array;
  peers: Int32Array;
  ns: Float64Array;
  /** Global push order: ties at one time pop in it, across the queue and its lane. */
  seqs: Float64Array;
  payloads: unknown[];

  constructor(capacity: number) {
    this.kinds = new Uint8Array(capacity);
    this.nodes = new Int32Array(capacity);
    this.peers = new Int32Array(capacity);
    this.ns = new Float64Array(capacity);
    this.seqs = new Float64Array(capacity);
    this.payloads = new Array<unknown>(capacity);
  }

  write(i: number, seq: number, kind: number, node: number, peer: number, n: number, payload: unknown): void {
    this.kinds[i] = kind;
    this.nodes[i] = node;
    this.peers[i] = peer;
    this.ns[i] = n;
    this.seqs[i] = seq;
    this.payloads[i] = payload;
  }

  /** Copy event `i` into `into` (all but its time) and drop its payload, so nothing popped is kept alive. */
  read(i: number, into: QueuedEvent): void {
    into.kind = this.kinds[i]!;
    into.node = this.nodes[i]!;
    into.peer = this.peers[i]!;
    into.n = this.ns[i]!;
    into.payload = this.payloads[i];
    this.payloads[i] = undefined;
  }

  /** Grow to `capacity`, index `first` moving to 0 (a ring unwrapped; 0 for plain slots). */
  grow(capacity: number, first = 0): void {
    this.kinds = resized(this.kinds, capacity, first);
    this.nodes = resized(this.nodes, capacity, first);
    this.peers = resized(this.peers, capacity, first);
    this.ns = resized(this.ns, capacity, first);
    this.seqs = resized(this.seqs, capacity, first);
    const old = this.payloads;
    this.payloads = [...old.slice(first), ...old.slice(0, first), ...new Array<unknown>(capacity - old.length)];
  }
}

/** A copy of `array` with length `capacity` (>= its length), index `first` moved to 0. */
export function resized<A extends Uint8Array | Int32Array | Float64Array>(array: A, capacity: number, first = 0): A {
  const bigger = new (array.constructor as new (length: number) => A)(capacity);
  bigger.set(array.subarray(first));
  if (first > 0) bigger.set(array.subarray(0, first), array.length - first);
  return bigger;
}
