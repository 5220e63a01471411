// The event queue: a binary min-heap ordered by (time, sequence). The sequence number
// is assigned at push, so events at the same instant run in the order they were
// scheduled and the order never depends on anything but the seed.
import type { Micros } from './types.js';

export interface Scheduled {
  readonly atUs: Micros;
}

export class Scheduler<E extends Scheduled> {
  private times: Float64Array;
  private seqs: Float64Array;
  private items: (E | undefined)[];
  private count = 0;
  private nextSeq = 0;

  constructor(initialCapacity = 1024) {
    this.times = new Float64Array(initialCapacity);
    this.seqs = new Float64Array(initialCapacity);
    this.items = new Array<E | undefined>(initialCapacity);
  }

  get size(): number {
    return this.count;
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTimeUs(): Micros {
    return this.count === 0 ? Infinity : this.times[0]!;
  }

  push(event: E): void {
    if (this.count === this.times.length) this.grow();
    const seq = this.nextSeq++;
    const atUs = event.atUs;
    // Sift up.
    let i = this.count++;
    const times = this.times;
    const seqs = this.seqs;
    const items = this.items;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < atUs || (pt === atUs && seqs[parent]! < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[parent]!;
      items[i] = items[parent];
      i = parent;
    }
    times[i] = atUs;
    seqs[i] = seq;
    items[i] = event;
  }

  pop(): E | undefined {
    if (this.count === 0) return undefined;
    const times = this.times;
    const seqs = this.seqs;
    const items = this.items;
    const top = items[0];
    const last = --this.count;
    const lt = times[last]!;
    const ls = seqs[last]!;
    const li = items[last];
    items[last] = undefined;
    // Sift the last element down from the root.
    let i = 0;
    const n = this.count;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n) {
        const ct = times[child]!;
        const rt = times[right]!;
        if (rt < ct || (rt === ct && seqs[right]! < seqs[child]!)) child = right;
      }
      const ct = times[child]!;
      if (lt < ct || (lt === ct && ls < seqs[child]!)) break;
      times[i] = ct;
      seqs[i] = seqs[child]!;
      items[i] = items[child];
      i = child;
    }
    if (n > 0) {
      times[i] = lt;
      seqs[i] = ls;
      items[i] = li;
    }
    return top;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    const seqs = new Float64Array(capacity);
    times.set(this.times);
    seqs.set(this.seqs);
    this.times = times;
    this.seqs = seqs;
    this.items.length = capacity;
  }
}
