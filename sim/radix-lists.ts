// The ordering machinery of the event queue: a radix heap over integer microseconds.
//
// A discrete-event simulation pops times that never go back, which is what a radix heap
// needs; times are whole microseconds from 0 (every source of one rounds), and a fraction
// would be ignored by the lists (two times within one microsecond could pop out of order). Pending events sit in 54 FIFO lists of slots. List 0 holds the events at the
// base time (the earliest pending time, once found); list i > 0 those whose time first
// differs from the base at bit i-1 (counted from the lowest), so every time in list i
// is below every time in list i+1. A pop takes the head of list 0; when list 0 is empty,
// the lowest non-empty list is scanned for its earliest time, that becomes the base, and
// the list's events move to lower lists, in order. An event moves at most a few times in
// its life, so push and pop cost O(1) amortized: no heap to sift (a binary heap's pop was
// ~10 unpredictable compare levels with a thousand times pending), no hash table.
//
// Same-time events stay in push order: events with equal times are always in one list
// (the list depends only on the time and the base), a push appends, and a move keeps the
// order of the list it empties. A push earlier than the base (the world never does one:
// time never goes back) re-files everything against the new base, keeping that order.
import { resized } from './event-columns.js';
import type { Micros } from './types.js';

/** "No slot": the end of a list. */
export const NONE = -1;

/** List 0, then one per bit of a time below 2^53. */
const LISTS = 54;
const TWO_32 = 4294967296;

export abstract class RadixLists {
  /** Pending events. */
  private count = 0;

  // Slots, one per pending event: its time and the next slot of its list (or, for a free
  // slot, the next free one). Subclasses keep the event's contents in arrays of the same
  // capacity, indexed by slot.
  protected slotCapacity: number;
  private slotNext: Int32Array;
  private slotTime: Float64Array;
  private freeSlot = NONE;
  private slotsUsed = 0;

  private readonly listHead = new Int32Array(LISTS).fill(NONE);
  private readonly listTail = new Int32Array(LISTS).fill(NONE);
  /** Non-empty lists as bits: lists 0..31 in `usedLow`, 32..53 in `usedHigh`. */
  private usedLow = 0;
  private usedHigh = 0;

  /** The base time, and its low and high 32 bits. */
  private baseUs: Micros = 0;
  private baseLow = 0;
  private baseHigh = 0;

  constructor(initialCapacity: number) {
    let n = 16;
    while (n < initialCapacity) n *= 2;
    this.slotCapacity = n;
    this.slotNext = new Int32Array(n);
    this.slotTime = new Float64Array(n);
  }

  get size(): number {
    return this.count;
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTimeUs(): Micros {
    if (this.count === 0) return Infinity;
    if (this.listHead[0] === NONE) this.advance();
    return this.baseUs;
  }

  /** The slot of the earliest event (after peekTimeUs found one). */
  protected headSlot(): number {
    return this.listHead[0]!;
  }

  /** Grow the subclass's per-slot arrays to `capacity` (called before slotCapacity changes). */
  protected abstract growSlotArrays(capacity: number): void;

  /** Take a slot for an event at `atUs` (an integer), last among the events of that instant. */
  protected enqueue(atUs: Micros): number {
    let slot = this.freeSlot;
    if (slot !== NONE) {
      this.freeSlot = this.slotNext[slot]!;
    } else {
      if (this.slotsUsed === this.slotCapacity) this.growSlots();
      slot = this.slotsUsed++;
    }
    this.slotTime[slot] = atUs;
    if (atUs < this.baseUs) this.rebase(atUs);
    this.append(this.listOf(atUs), slot);
    this.count++;
    return slot;
  }

  /**
   * Remove the earliest event (after peekTimeUs found one) and return its slot, already
   * free: read its contents before the next enqueue.
   */
  protected dequeue(): number {
    this.count--;
    const slot = this.listHead[0]!;
    const next = this.slotNext[slot]!;
    this.listHead[0] = next;
    if (next === NONE) {
      this.listTail[0] = NONE;
      this.usedLow &= ~1;
    }
    this.slotNext[slot] = this.freeSlot;
    this.freeSlot = slot;
    return slot;
  }

  /** The list of a time not below the base: 0 if equal, else 1 + the highest bit where they differ. */
  private listOf(atUs: Micros): number {
    const high = Math.floor(atUs / TWO_32) ^ this.baseHigh;
    if (high !== 0) return 64 - Math.clz32(high);
    const low = (atUs >>> 0) ^ this.baseLow;
    return low === 0 ? 0 : 32 - Math.clz32(low);
  }

  private append(list: number, slot: number): void {
    this.slotNext[slot] = NONE;
    const tail = this.listTail[list]!;
    if (tail === NONE) {
      this.listHead[list] = slot;
      if (list < 32) this.usedLow |= 1 << list;
      else this.usedHigh |= 1 << (list - 32);
    } else {
      this.slotNext[tail] = slot;
    }
    this.listTail[list] = slot;
  }

  /** List 0 is empty: the earliest time of the lowest non-empty list becomes the base, and that list's events move down. */
  private advance(): void {
    const low = this.usedLow;
    const list = low !== 0 ? 31 - Math.clz32(low & -low) : 63 - Math.clz32(this.usedHigh & -this.usedHigh);
    let slot = this.listHead[list]!;
    let earliest = this.slotTime[slot]!;
    for (let s = this.slotNext[slot]!; s !== NONE; s = this.slotNext[s]!) {
      if (this.slotTime[s]! < earliest) earliest = this.slotTime[s]!;
    }
    this.setBase(earliest);
    this.listHead[list] = NONE;
    this.listTail[list] = NONE;
    if (list < 32) this.usedLow &= ~(1 << list);
    else this.usedHigh &= ~(1 << (list - 32));
    while (slot !== NONE) {
      const next = this.slotNext[slot]!;
      this.append(this.listOf(this.slotTime[slot]!), slot);
      slot = next;
    }
  }

  private setBase(atUs: Micros): void {
    this.baseUs = atUs;
    this.baseLow = atUs >>> 0;
    this.baseHigh = Math.floor(atUs / TWO_32);
  }

  /** A push earlier than the base: file every pending event again against the new base, lists in order. */
  private rebase(atUs: Micros): void {
    const slots: number[] = [];
    for (let list = 0; list < LISTS; list++) {
      for (let s = this.listHead[list]!; s !== NONE; s = this.slotNext[s]!) slots.push(s);
      this.listHead[list] = NONE;
      this.listTail[list] = NONE;
    }
    this.usedLow = 0;
    this.usedHigh = 0;
    this.setBase(atUs);
    for (const s of slots) this.append(this.listOf(this.slotTime[s]!), s);
  }

  private growSlots(): void {
    const capacity = this.slotCapacity * 2;
    this.growSlotArrays(capacity);
    this.slotCapacity = capacity;
    this.slotNext = resized(this.slotNext, capacity);
    this.slotTime = resized(this.slotTime, capacity);
  }
}
