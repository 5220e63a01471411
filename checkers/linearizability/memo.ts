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

/** Per-op Zobrist words (splitmix32), so the set's hash is the XOR of its ops' words. */
export function zobristWords(n: number): Int32Array {
  const zobrist = new Int32Array(n);
  let seed = 0x9e3779b9 ^ n;
  for (let i = 0; i < n; i++) {
    seed = (seed + 0x9e3779b9) | 0;
    let z = seed;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    zobrist[i] = z ^ (z >>> 16);
  }
  return zobrist;
}

/** `sizeHint`: the ops searched; a small search starts with small tables. */
export function createMemo(bits: Uint32Array, budget: MemoryBudget, entriesMax: number, sizeHint: number): Memo {
  const W = bits.length;
  const entryBytes = memoEntryBytes(W);
  let entriesCap = 32;
  while (entriesCap < sizeHint * 2 && entriesCap < 512) entriesCap *= 2;
  let slotsMask = entriesCap * 2 - 1;
  let slots = new Int32Array(slotsMask + 1);
  let eKey = new Int32Array(entriesCap);
  let eState = new Int32Array(entriesCap);
  let eBits = new Uint32Array(entriesCap * W);
  let count = 0;
  let isFull = false;
  const grow = (): void => {
    entriesCap *= 2;
    const k2 = new Int32Array(entriesCap);
    k2.set(eKey);
    eKey = k2;
    const s2 = new Int32Array(entriesCap);
    s2.set(eState);
    eState = s2;
    const b2 = new Uint32Array(entriesCap * W);
    b2.set(eBits);
    eBits = b2;
  };
  const rehash = (): void => {
    const size = (slotsMask + 1) * 2;
    const mask = size - 1;
    const ns = new Int32Array(size);
    for (let e = 0; e < count; e++) {
      let i2 = (eKey[e] as number) & mask;
      while (ns[i2] !== 0) i2 = (i2 + 1) & mask;
      ns[i2] = e + 1;
    }
    slots = ns;
    slotsMask = mask;
  };
  return {
    add(h: number, t: number): boolean {
      let key = h ^ Math.imul(t + 1, 0x9e3779b1);
      key ^= key >>> 15;
      key = Math.imul(key, 0x2c1b3c6d);
      key ^= key >>> 12;
      let idx = key & slotsMask;
      for (;;) {
        const s = slots[idx] as number;
        if (s === 0) break;
        const e = s - 1;
        if (eKey[e] === key && eState[e] === t) {
          const base = e * W;
          let k = 0;
          while (k < W && eBits[base + k] === bits[k]) k++;
          if (k === W) return false;
        }
        idx = (idx + 1) & slotsMask;
      }
      if (count >= entriesMax || budget.memoryBytesLeft < entryBytes) {
        isFull = true;
        return false;
      }
      if (count === entriesCap) grow();
      eKey[count] = key;
      eState[count] = t;
      eBits.set(bits, count * W);
      slots[idx] = count + 1;
      count++;
      budget.memoryBytesLeft -= entryBytes;
      if (count * 2 > slotsMask) rehash();
      return true;
    },
    full: () => isFull,
    count: () => count,
    bytes: () => count * entryBytes,
  };
}
