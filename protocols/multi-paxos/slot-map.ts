// Values by slot, for the slots above a server's compacted prefix: an acceptor's votes and
// a learner's chosen values. Slots are dense integers that only grow, and compaction drops
// a prefix of them, so they live in an array indexed from the lowest slot kept. (A Map
// hashed every slot on each of the several lookups a slot gets per server, and rehashed
// as compaction deleted two hundred keys at a time.)

export class SlotMap<T> {
  /** The slot of items[0]. */
  private base = 1;
  /** By slot - base; undefined where the slot has no value (null is a value: the no-op). */
  private items: (T | undefined)[] = [];
  private count = 0;

  /** How many slots hold a value. */
  get size(): number {
    return this.count;
  }

  get(slot: number): T | undefined {
    const i = slot - this.base;
    return i >= 0 ? this.items[i] : undefined;
  }

  has(slot: number): boolean {
    return this.get(slot) !== undefined;
  }

  set(slot: number, value: T): void {
    if (!Number.isSafeInteger(slot) || slot < 1) throw new Error(`slot map: slot ${slot} is not a positive integer`);
    if (this.items.length === 0) this.base = slot;
    else if (slot < this.base) this.growDown(slot);
    const i = slot - this.base;
    const items = this.items;
    if (i < items.length) {
      if (items[i] === undefined) this.count++;
      items[i] = value;
      return;
    }
    while (items.length < i) items.push(undefined);
    items.push(value);
    this.count++;
  }

  /** The highest slot with a value (0 when none). */
  highestSlot(): number {
    return this.items.length === 0 ? 0 : this.base + this.items.length - 1;
  }

  /** Forget every slot up to `upTo` (compaction). */
  dropUpTo(upTo: number): void {
    const dropped = Math.min(this.items.length, upTo + 1 - this.base);
    if (dropped <= 0) return;
    for (let i = 0; i < dropped; i++) if (this.items[i] !== undefined) this.count--;
    this.items.splice(0, dropped);
    this.base = upTo + 1;
  }

  /** A slot below the window (an old accept after compaction): open the window down to it. */
  private growDown(slot: number): void {
    const holes: undefined[] = [];
    for (let s = slot; s < this.base; s++) holes.push(undefined);
    this.items = [...holes, ...this.items];
    this.base = slot;
  }
}
