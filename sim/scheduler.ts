// The event queue, ordered by (time, sequence): events at the same instant run in the
// order they were scheduled, so the order never depends on anything but the seed.
//
// Shape: events at the same instant share a bucket, a FIFO list (appending keeps push
// order, which is what the sequence number stood for); a binary min-heap orders the
// buckets by time; an open-addressing hash table finds the bucket of a time. The heap
// thus holds distinct pending times, not events. With 100,000 messages in flight over a
// few thousand distinct microseconds this is ~4x faster than a (time, seq) heap of
// events (17 cache-missing levels per pop); with a handful of events pending it costs
// ~10ns more per event. Everything lives in typed arrays that grow by doubling (plus an
// array of references): no allocation per push or pop.
//
// `TimeBuckets` is that ordering machinery; `EventQueue` adds what each event carries.
import { FifoLane } from './fifo-lane.js';
import type { Micros } from './types.js';

/** "No slot / no bucket": the end of a list and an empty hash cell. */
const NONE = -1;


/**
 * The ordering machinery: slots (one per pending event), buckets (one per distinct
 * pending time), the heap of buckets and the hash table. The subclass stores what an
 * event carries in its own arrays, indexed by slot.
 */
abstract class TimeBuckets {
  /** Pending events. */
  private count = 0;

  // Slots, one per pending event: the next slot of its bucket (or, for a free slot, the
  // next free one). Subclasses keep the event's contents in arrays of the same capacity.
  protected slotCapacity: number;
  private slotNext: Int32Array;
  private freeSlot = NONE;
  private slotsUsed = 0;

  // Buckets, one per distinct pending time: the time and the first and last slot. A free
  // bucket links to the next free one through bucketHead.
  private bucketTime: Float64Array;
  private bucketHead: Int32Array;
  private bucketTail: Int32Array;
  private freeBucket = NONE;
  private bucketsUsed = 0;

  // Min-heap of buckets by time (the time is copied next to the id, for locality).
  private heapTime: Float64Array;
  private heapBucket: Int32Array;
  private heapSize = 0;

  // Hash table (linear probing) from a time to its bucket; NONE marks an empty cell.
  // At most half full.
  private hashTime: Float64Array;
  private hashBucket: Int32Array;
  private hashMask: number;
  private hashCount = 0;

  constructor(initialCapacity: number) {
    let n = 16;
    while (n < initialCapacity) n *= 2;
    this.slotCapacity = n;
    this.slotNext = new Int32Array(n);
    this.bucketTime = new Float64Array(n);
    this.bucketHead = new Int32Array(n);
    this.bucketTail = new Int32Array(n);
    this.heapTime = new Float64Array(n);
    this.heapBucket = new Int32Array(n);
    const h = 2 * n;
    this.hashTime = new Float64Array(h);
    this.hashBucket = new Int32Array(h).fill(NONE);
    this.hashMask = h - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTimeUs(): Micros {
    return this.heapSize === 0 ? Infinity : this.heapTime[0]!;
  }

  /** The slot of the earliest event (the queue must not be empty). */
  protected headSlot(): number {
    return this.bucketHead[this.heapBucket[0]!]!;
  }

  /** Grow the subclass's per-slot arrays to `capacity` (called before slotCapacity changes). */
  protected abstract growSlotArrays(capacity: number): void;

  /** Take a slot for an event at `atUs`, last among the events of that instant. */
  protected enqueue(atUs: Micros): number {
    let slot = this.freeSlot;
    if (slot !== NONE) {
      this.freeSlot = this.slotNext[slot]!;
    } else {
      if (this.slotsUsed === this.slotCapacity) this.growSlots();
      slot = this.slotsUsed++;
    }
    this.slotNext[slot] = NONE;
    this.count++;
    // Its time's bucket: append, or open one.
    const hashTime = this.hashTime;
    const hashBucket = this.hashBucket;
    const mask = this.hashMask;
    let h = hashOf(atUs) & mask;
    for (;;) {
      const b = hashBucket[h]!;
      if (b === NONE) break;
      if (hashTime[h] === atUs) {
        this.slotNext[this.bucketTail[b]!] = slot;
        this.bucketTail[b] = slot;
        return slot;
      }
      h = (h + 1) & mask;
    }
    let b = this.freeBucket;
    if (b !== NONE) {
      this.freeBucket = this.bucketHead[b]!;
    } else {
      if (this.bucketsUsed === this.bucketTime.length) this.growBuckets();
      b = this.bucketsUsed++;
    }
    this.bucketTime[b] = atUs;
    this.bucketHead[b] = slot;
    this.bucketTail[b] = slot;
    hashTime[h] = atUs;
    hashBucket[h] = b;
    if (++this.hashCount * 2 > mask) this.rehash();
    this.heapPush(atUs, b);
    return slot;
  }

  /**
   * Remove the earliest event (by time, then push order; the queue must not be empty) and
   * return its slot, already free: read its contents before the next enqueue.
   */
  protected dequeue(): number {
    this.count--;
    const b = this.heapBucket[0]!;
    const slot = this.bucketHead[b]!;
    const next = this.slotNext[slot]!;
    this.slotNext[slot] = this.freeSlot;
    this.freeSlot = slot;
    if (next !== NONE) {
      this.bucketHead[b] = next;
    } else {
      // The bucket is empty: close it.
      this.hashDelete(this.bucketTime[b]!, b);
      this.bucketHead[b] = this.freeBucket;
      this.freeBucket = b;
      this.heapPop();
    }
    return slot;
  }

  private heapPush(t: number, b: number): void {
    if (this.heapSize === this.heapTime.length) {
      this.heapTime = grown(this.heapTime);
      this.heapBucket = grown(this.heapBucket);
    }
    const times = this.heapTime;
    const buckets = this.heapBucket;
    let i = this.heapSize++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < t) break;
      times[i] = pt;
      buckets[i] = buckets[parent]!;
      i = parent;
    }
    times[i] = t;
    buckets[i] = b;
  }

  private heapPop(): void {
    const times = this.heapTime;
    const buckets = this.heapBucket;
    const n = --this.heapSize;
    if (n === 0) return;
    const lt = times[n]!;
    const lb = buckets[n]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let ct = times[child]!;
      const right = child + 1;
      if (right < n) {
        const rt = times[right]!;
        if (rt < ct) {
          child = right;
          ct = rt;
        }
      }
      if (lt < ct) break;
      times[i] = ct;
      buckets[i] = buckets[child]!;
      i = child;
    }
    times[i] = lt;
    buckets[i] = lb;
  }

  private hashDelete(t: number, bucket: number): void {
    const hashTime = this.hashTime;
    const hashBucket = this.hashBucket;
    const mask = this.hashMask;
    let h = hashOf(t) & mask;
    // Found by bucket id, not by time, so even a NaN time cannot make this loop forever.
    while (hashBucket[h] !== bucket) h = (h + 1) & mask;
    // Backward-shift deletion keeps probe chains intact without tombstones.
    let hole = h;
    let j = h;
    for (;;) {
      j = (j + 1) & mask;
      const b = hashBucket[j]!;
      if (b === NONE) break;
      const home = hashOf(hashTime[j]!) & mask;
      // Move j into the hole unless its home lies cyclically in (hole, j].
      if (hole <= j ? home > hole && home <= j : home > hole || home <= j) continue;
      hashTime[hole] = hashTime[j]!;
      hashBucket[hole] = b;
      hole = j;
    }
    hashBucket[hole] = NONE;
    this.hashCount--;
  }

  /** Double the table and reinsert every cell. */
  private rehash(): void {
    const oldTime = this.hashTime;
    const oldBucket = this.hashBucket;
    const size = oldTime.length * 2;
    this.hashTime = new Float64Array(size);
    this.hashBucket = new Int32Array(size).fill(NONE);
    this.hashMask = size - 1;
    for (let k = 0; k < oldTime.length; k++) {
      const b = oldBucket[k]!;
      if (b === NONE) continue;
      let h = hashOf(oldTime[k]!) & this.hashMask;
      while (this.hashBucket[h] !== NONE) h = (h + 1) & this.hashMask;
      this.hashTime[h] = oldTime[k]!;
      this.hashBucket[h] = b;
    }
  }

  private growSlots(): void {
    this.growSlotArrays(this.slotCapacity * 2);
    this.slotCapacity *= 2;
    this.slotNext = grown(this.slotNext);
  }

  private growBuckets(): void {
    this.bucketTime = grown(this.bucketTime);
    this.bucketHead = grown(this.bucketHead);
    this.bucketTail = grown(this.bucketTail);
  }
}

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
 * arrays), popped by (time, push order). No event object exists while an event is pending, so popping
 * one reads the arrays (independent loads the CPU overlaps) instead of chasing a pointer
 * to a cold object and then to its payload; and nothing pending is ever copied by the GC
 * but the payloads themselves. Events the world pushes in non-decreasing time (op
 * timeouts) may go to a FIFO lane instead (`pushInOrder`, sim/fifo-lane.ts); every push
 * takes a sequence number, so the lane and the buckets merge in exact push order.
 */
export class EventQueue extends TimeBuckets {
  private kinds: Uint8Array;
  private nodes: Int32Array;
  private peers: Int32Array;
  private ns: Float64Array;
  private seqs: Float64Array;
  private readonly payloads: unknown[];
  private readonly lane = new FifoLane();
  /** The lane's first event's time, Infinity when it is empty (read on every peek). */
  private laneHeadUs: Micros = Infinity;
  private nextSeq = 0;

  constructor(initialCapacity = 1024) {
    super(initialCapacity);
    const n = this.slotCapacity;
    this.kinds = new Uint8Array(n);
    this.nodes = new Int32Array(n);
    this.peers = new Int32Array(n);
    this.ns = new Float64Array(n);
    this.seqs = new Float64Array(n);
    this.payloads = new Array<unknown>(n);
  }

  override get size(): number {
    return super.size + this.lane.size;
  }

  override peekTimeUs(): Micros {
    const bucketsUs = super.peekTimeUs();
    return bucketsUs < this.laneHeadUs ? bucketsUs : this.laneHeadUs;
  }

  push(atUs: Micros, kind: number, node: number, peer: number, n: number, payload: unknown): void {
    const slot = this.enqueue(atUs);
    this.kinds[slot] = kind;
    this.nodes[slot] = node;
    this.peers[slot] = peer;
    this.ns[slot] = n;
    this.seqs[slot] = this.nextSeq++;
    this.payloads[slot] = payload;
  }

  /**
   * Push an event expected to be no earlier than the last one pushed this way: it joins the
   * FIFO lane (no heap work), or the buckets when it is earlier after all. Pop order is the
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
    const bucketsUs = super.peekTimeUs();
    const inBuckets = super.size;
    if (this.lane.size > 0) {
      const laneUs = this.laneHeadUs;
      // The lane goes first when earlier, or as early and pushed first.
      if (inBuckets === 0 || laneUs < bucketsUs || (laneUs === bucketsUs && this.lane.headSeq() < this.seqs[this.headSlot()]!)) {
        return this.popLane(into);
      }
    }
    if (inBuckets === 0) return false;
    into.atUs = bucketsUs;
    const slot = this.dequeue();
    into.kind = this.kinds[slot]!;
    into.node = this.nodes[slot]!;
    into.peer = this.peers[slot]!;
    into.n = this.ns[slot]!;
    into.payload = this.payloads[slot];
    this.payloads[slot] = undefined;
    return true;
  }

  private popLane(into: QueuedEvent): true {
    const lane = this.lane;
    lane.pop(into);
    this.laneHeadUs = lane.size === 0 ? Infinity : lane.headTimeUs();
    return true;
  }

  protected growSlotArrays(capacity: number): void {
    this.kinds = resized(this.kinds, capacity);
    this.nodes = resized(this.nodes, capacity);
    this.peers = resized(this.peers, capacity);
    this.ns = resized(this.ns, capacity);
    this.seqs = resized(this.seqs, capacity);
    this.payloads.length = capacity;
  }
}

/** A copy of `array` with length `capacity` (>= its length). */
function resized<A extends Uint8Array | Int32Array | Float64Array>(array: A, capacity: number): A {
  const bigger = new (array.constructor as new (length: number) => A)(capacity);
  bigger.set(array);
  return bigger;
}

/** A copy of `array` with twice the length. */
function grown<A extends Float64Array | Int32Array>(array: A): A {
  return resized(array, array.length * 2);
}

/** Mix the low and high 32 bits of a time (an integer below 2^53). */
function hashOf(t: number): number {
  const lo = t | 0;
  const hi = (t / 4294967296) | 0;
  const x = Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1);
  return x ^ (x >>> 15);
}
