// The search's memo: the pairs (set of linearized ops, state id) already explored, in an
// open-addressing table over typed arrays. The set is a bitset whose incremental Zobrist
// hash the caller keeps; each entry is charged to the memory budget.

import { memoEntryBytes } from './memory.js';
import type { MemoryBudget } from './memory.js';

export interface Memo {
  /** Add (bits, state); false when it was there already, or when it is full. */
  add(hash: number, state: number): boolean;
  /** True once an entry was refused for lack of memory. */
  full(): boolean;
  count(): number;
  bytes(): number;
}

/** Per-op Zobrist words (splitmix32), so the set's hash is the XOR of its ops' words. The
 *  words do not depend on the number of ops: one table serves every search, grown (by
 *  doubling) to the largest asked for, so that a small search computes none. */
let zobristTable = new Int32Array(0);

export function zobristWords(n: number): Int32Array {
  if (zobristTable.length < n) {
    const size = Math.max(n, 2 * zobristTable.length, 256);
    const words = new Int32Array(size);
    let seed = 0x9e3779b9;
    for (let i = 0; i < size; i++) {
      seed = (seed + 0x9e3779b9) | 0;
      let z = seed;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      words[i] = z ^ (z >>> 16);
    }
    zobristTable = words;
  }
  return zobristTable;
}

/**
 * The table. A class, not closures: every memo shares one set of methods, so the optimizing
 * compiler, which inlines them into the search's loop, never meets a second copy of them
 * (a closure per memo made it throw that code away and compile the loop again).
 */
class OpenMemo implements Memo {
  private readonly W: number;
  private readonly entryBytes: number;
  private entriesCap = 32;
  private slotsMask: number;
  private slots: Int32Array;
  private eKey: Int32Array;
  private eState: Int32Array;
  private eBits: Uint32Array;
  private entries = 0;
  private isFull = false;

  /** `sizeHint`: the ops searched; a small search starts with small tables. */
  constructor(
    private readonly bits: Uint32Array,
    private readonly budget: MemoryBudget,
    private readonly entriesMax: number,
    sizeHint: number,
  ) {
    this.W = bits.length;
    this.entryBytes = memoEntryBytes(this.W);
    while (this.entriesCap < sizeHint * 2 && this.entriesCap < 512) this.entriesCap *= 2;
    this.slotsMask = this.entriesCap * 2 - 1;
    this.slots = new Int32Array(this.slotsMask + 1);
    this.eKey = new Int32Array(this.entriesCap);
    this.eState = new Int32Array(this.entriesCap);
    this.eBits = new Uint32Array(this.entriesCap * this.W);
  }

  add(h: number, t: number): boolean {
    const W = this.W;
    const bits = this.bits;
    let key = h ^ Math.imul(t + 1, 0x9e3779b1);
    key ^= key >>> 15;
    key = Math.imul(key, 0x2c1b3c6d);
    key ^= key >>> 12;
    let idx = key & this.slotsMask;
    for (;;) {
      const s = this.slots[idx] as number;
      if (s === 0) break;
      const e = s - 1;
      if (this.eKey[e] === key && this.eState[e] === t) {
        const base = e * W;
        let k = 0;
        while (k < W && this.eBits[base + k] === bits[k]) k++;
        if (k === W) return false;
      }
      idx = (idx + 1) & this.slotsMask;
    }
    const count = this.entries;
    if (count >= this.entriesMax || this.budget.memoryBytesLeft < this.entryBytes) {
      this.isFull = true;
      return false;
    }
    if (count === this.entriesCap) this.grow();
    this.eKey[count] = key;
    this.eState[count] = t;
    this.eBits.set(bits, count * W);
    this.slots[idx] = count + 1;
    this.entries = count + 1;
    this.budget.memoryBytesLeft -= this.entryBytes;
    if (this.entries * 2 > this.slotsMask) this.rehash();
    return true;
  }

  full(): boolean {
    return this.isFull;
  }

  count(): number {
    return this.entries;
  }

  bytes(): number {
    return this.entries * this.entryBytes;
  }

  private grow(): void {
    this.entriesCap *= 2;
    const k2 = new Int32Array(this.entriesCap);
    k2.set(this.eKey);
    this.eKey = k2;
    const s2 = new Int32Array(this.entriesCap);
    s2.set(this.eState);
    this.eState = s2;
    const b2 = new Uint32Array(this.entriesCap * this.W);
    b2.set(this.eBits);
    this.eBits = b2;
  }

  private rehash(): void {
    const mask = (this.slotsMask + 1) * 2 - 1;
    const ns = new Int32Array(mask + 1);
    for (let e = 0; e < this.entries; e++) {
      let i2 = (this.eKey[e] as number) & mask;
      while (ns[i2] !== 0) i2 = (i2 + 1) & mask;
      ns[i2] = e + 1;
    }
    this.slots = ns;
    this.slotsMask = mask;
  }
}

/** `sizeHint`: the ops searched; a small search starts with small tables. */
/** The memo entries a search may keep: its budget's entry limit and word limit (each entry holds `words` bitset words), at least 16. */
export function memoEntriesMax(budget: { readonly cacheEntriesMax: number; readonly cacheWordsMax: number }, words: number): number {
  return Math.max(16, Math.min(budget.cacheEntriesMax, Math.floor(budget.cacheWordsMax / words)));
}

export function createMemo(bits: Uint32Array, budget: MemoryBudget, entriesMax: number, sizeHint: number): Memo {
  return new OpenMemo(bits, budget, entriesMax, sizeHint);
}
