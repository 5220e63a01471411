// The search: Wing & Gong's algorithm with Lowe's memoization, as Porcupine runs it.
//
// The history of one partition becomes a doubly linked list of call and return entries in
// real-time order. Walking the list, a call entry is a candidate: if the model can step
// it from the current state, and the pair (set of linearized ops, resulting state) was
// never seen, the op is "lifted" out of the list (both its entries) and pushed on a
// stack, and the walk restarts from the head. Reaching a return entry means the op it
// closes had to be linearized before anything later: backtrack (pop, put the entries
// back, try the next candidate). An info op has no return entry: it can be linearized
// anywhere after its call, or never. Success: every required op is linearized.
//
// Speed: model states are interned to small integers; transitions are cached per
// (state, op) in a flat Int32Array; the linearized set is a bitset with an incremental
// Zobrist hash; the memo is an open-addressing table over typed arrays. The inner loop
// allocates nothing.

import { INCONSISTENT } from '../models/model.js';
import type { Model } from '../models/model.js';
import type { PreparedOp } from './prepare.js';

export type Verdict = 'linearizable' | 'not-linearizable' | 'unknown';
export type UnknownReason = 'timeout' | 'steps' | 'memory';

/** Shared by the partitions of one check. */
export interface SearchBudget {
  /** Polled every 1024 steps; true ends the search with 'unknown' (timeout). */
  readonly outOfTime: () => boolean;
  /** Steps left (list entries visited); 0 ends the search with 'unknown' (steps). */
  stepsLeft: number;
  /** Memo entries allowed per partition. */
  readonly cacheEntriesMax: number;
  /** Memo words (32-bit) allowed per partition: the bitsets' memory. */
  readonly cacheWordsMax: number;
}

export interface PartitionSearchResult {
  readonly verdict: Verdict;
  readonly unknownReason?: UnknownReason;
  readonly steps: number;
  readonly cacheEntries: number;
  readonly states: number;
  /** For a violation: positions (in the partition's op list) of the longest prefix found. */
  readonly bestPrefix?: readonly number[];
  /** The state after that prefix. */
  readonly bestState?: unknown;
  /** The op whose completion was reached with no candidate left (position in the list). */
  readonly blocked?: number;
}

const NIL = -1;
const TRANS_WORDS_MAX = 1 << 24; // 64 MB of cached transitions per partition

export function searchPartition(
  model: Model<unknown>,
  init: unknown,
  ops: readonly PreparedOp[],
  budget: SearchBudget,
): PartitionSearchResult {
  const n = ops.length;

  // ---- entries: call and return events in real-time order ------------------------------
  const events: number[] = [];
  for (let i = 0; i < n; i++) {
    const op = ops[i] as PreparedOp;
    events.push(op.call * 2, i * 2); // (position, code); code even = call
    if (op.ret !== Infinity) events.push(op.ret * 2 + 1, i * 2 + 1);
  }
  const E = events.length >> 1;
  const order = new Int32Array(E);
  for (let e = 0; e < E; e++) order[e] = e;
  // sort by position; positions are distinct history indices
  const posOf = new Float64Array(E);
  for (let e = 0; e < E; e++) posOf[e] = events[2 * e] as number;
  const sorted = Array.from(order).sort((a, b) => (posOf[a] as number) - (posOf[b] as number));
  const entryOp = new Int32Array(E);
  const entryIsCall = new Uint8Array(E);
  const callEntry = new Int32Array(n);
  const retEntry = new Int32Array(n).fill(NIL);
  for (let e = 0; e < E; e++) {
    const code = events[2 * (sorted[e] as number) + 1] as number;
    const op = code >> 1;
    entryOp[e] = op;
    if ((code & 1) === 0) {
      entryIsCall[e] = 1;
      callEntry[op] = e;
    } else {
      retEntry[op] = e;
    }
  }
  const HEAD = E;
  const next = new Int32Array(E + 1);
  const prev = new Int32Array(E + 1);
  for (let e = 0; e < E; e++) {
    next[e] = e + 1 < E ? e + 1 : NIL;
    prev[e] = e === 0 ? HEAD : e - 1;
  }
  next[HEAD] = E > 0 ? 0 : NIL;
  prev[HEAD] = NIL;

  let required = 0;
  const opRequired = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if ((ops[i] as PreparedOp).required) {
      opRequired[i] = 1;
      required++;
    }
  }

  // ---- interned states and cached transitions -------------------------------------------
  const states: unknown[] = [init];
  const stateIds = new Map<number, number | number[]>();
  stateIds.set(model.hash(init) | 0, 0);
  const intern = (s: unknown): number => {
    const h = model.hash(s) | 0;
    const got = stateIds.get(h);
    if (got === undefined) {
      stateIds.set(h, states.length);
      states.push(s);
      return states.length - 1;
    }
    if (typeof got === 'number') {
      if (model.equal(states[got], s)) return got;
      stateIds.set(h, [got, states.length]);
      states.push(s);
      return states.length - 1;
    }
    for (const id of got) if (model.equal(states[id], s)) return id;
    got.push(states.length);
    states.push(s);
    return states.length - 1;
  };
  // trans[sid * n + op]: 0 = not computed, 1 = inconsistent, k + 2 = next state k
  const rowsMax = n > 0 ? Math.max(1, Math.floor(TRANS_WORDS_MAX / n)) : 1;
  let transRows = Math.min(16, rowsMax);
  let trans = new Int32Array(transRows * n);
  const computeStep = (op: number, sid: number): number => {
    const r = model.step(states[sid], ops[op] as PreparedOp);
    return r === INCONSISTENT ? -1 : intern(r);
  };

  // ---- memo: (bitset of linearized ops, state id) -----------------------------------------
  const W = (n + 31) >>> 5;
  const bits = new Uint32Array(Math.max(1, W));
  const zobrist = new Int32Array(n);
  let seed = 0x9e3779b9 ^ n;
  for (let i = 0; i < n; i++) {
    // splitmix32
    seed = (seed + 0x9e3779b9) | 0;
    let z = seed;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    zobrist[i] = z ^ (z >>> 16);
  }
  const entriesMax = Math.max(16, Math.min(budget.cacheEntriesMax, Math.floor(budget.cacheWordsMax / Math.max(1, W))));
  let slotsMask = 1023;
  let slots = new Int32Array(slotsMask + 1);
  let entriesCap = 512;
  let eKey = new Int32Array(entriesCap);
  let eState = new Int32Array(entriesCap);
  let eBits = new Uint32Array(entriesCap * W);
  let count = 0;

  const growSlots = (): void => {
    const size = (slotsMask + 1) * 2;
    const mask = size - 1;
    const ns = new Int32Array(size);
    for (let e = 0; e < count; e++) {
      let idx = (eKey[e] as number) & mask;
      while (ns[idx] !== 0) idx = (idx + 1) & mask;
      ns[idx] = e + 1;
    }
    slots = ns;
    slotsMask = mask;
  };
  const growEntries = (): void => {
    entriesCap *= 2;
    const k = new Int32Array(entriesCap);
    k.set(eKey);
    eKey = k;
    const s = new Int32Array(entriesCap);
    s.set(eState);
    eState = s;
    const b = new Uint32Array(entriesCap * W);
    b.set(eBits);
    eBits = b;
  };

  // ---- the walk ------------------------------------------------------------------------------
  const stackOp = new Int32Array(n);
  const stackState = new Int32Array(n);
  let depth = 0;
  let sid = 0;
  let hash = 0;
  let steps = 0;
  let bestDepth = -1;
  let bestPrefix: number[] = [];
  let bestState = 0;
  let blocked = -1;
  let verdict: Verdict = 'unknown';
  let unknownReason: UnknownReason | undefined;
  let stepsLeft = budget.stepsLeft;

  let entry = next[HEAD] as number;
  if (required === 0) verdict = 'linearizable';
  else
    for (;;) {
      steps++;
      if ((steps & 1023) === 0) {
        if (steps >= stepsLeft) {
          unknownReason = 'steps';
          break;
        }
        if (budget.outOfTime()) {
          unknownReason = 'timeout';
          break;
        }
      }
      if (entry !== NIL && entryIsCall[entry] === 1) {
        const op = entryOp[entry] as number;
        // transition from sid by op
        let t: number;
        if (sid < transRows) {
          const slot = sid * n + op;
          const v = trans[slot] as number;
          if (v !== 0) t = v - 2;
          else {
            t = computeStep(op, sid);
            trans[slot] = t + 2;
            if (states.length > transRows && transRows < rowsMax) {
              const rows = Math.min(rowsMax, Math.max(transRows * 2, states.length));
              const nt = new Int32Array(rows * n);
              nt.set(trans);
              trans = nt;
              transRows = rows;
            }
          }
        } else {
          t = computeStep(op, sid);
        }
        if (t >= 0) {
          const w = op >>> 5;
          const bit = 1 << (op & 31);
          bits[w] = (bits[w] as number) | bit;
          const h = hash ^ (zobrist[op] as number);
          // memo lookup / insert
          let key = h ^ Math.imul(t + 1, 0x9e3779b1);
          key ^= key >>> 15;
          key = Math.imul(key, 0x2c1b3c6d);
          key ^= key >>> 12;
          let idx = key & slotsMask;
          let fresh = true;
          for (;;) {
            const s = slots[idx] as number;
            if (s === 0) break;
            const e = s - 1;
            if (eKey[e] === key && eState[e] === t) {
              const base = e * W;
              let same = true;
              for (let k = 0; k < W; k++) {
                if (eBits[base + k] !== bits[k]) {
                  same = false;
                  break;
                }
              }
              if (same) {
                fresh = false;
                break;
              }
            }
            idx = (idx + 1) & slotsMask;
          }
          if (fresh) {
            if (count >= entriesMax) {
              unknownReason = 'memory';
              break;
            }
            if (count === entriesCap) growEntries();
            eKey[count] = key;
            eState[count] = t;
            eBits.set(bits, count * W);
            slots[idx] = count + 1;
            count++;
            if (count * 2 > slotsMask) growSlots();
            // lift op
            stackOp[depth] = op;
            stackState[depth] = sid;
            depth++;
            sid = t;
            hash = h;
            if (opRequired[op] === 1) required--;
            const ce = callEntry[op] as number;
            let pe = prev[ce] as number;
            let ne = next[ce] as number;
            next[pe] = ne;
            if (ne !== NIL) prev[ne] = pe;
            const re = retEntry[op] as number;
            if (re !== NIL) {
              pe = prev[re] as number;
              ne = next[re] as number;
              next[pe] = ne;
              if (ne !== NIL) prev[ne] = pe;
            }
            if (required === 0) {
              verdict = 'linearizable';
              break;
            }
            entry = next[HEAD] as number;
            continue;
          }
          bits[w] = (bits[w] as number) & ~bit;
        }
        entry = next[entry] as number;
        continue;
      }
      // A return entry (or the end): backtrack.
      if (depth > bestDepth) {
        bestDepth = depth;
        bestPrefix = Array.from(stackOp.subarray(0, depth));
        bestState = sid;
        blocked = entry === NIL ? -1 : (entryOp[entry] as number);
      }
      if (depth === 0) {
        verdict = 'not-linearizable';
        break;
      }
      depth--;
      const op = stackOp[depth] as number;
      sid = stackState[depth] as number;
      hash ^= zobrist[op] as number;
      bits[op >>> 5] = (bits[op >>> 5] as number) & ~(1 << (op & 31));
      if (opRequired[op] === 1) required++;
      // unlift: return entry first, then the call entry (reverse of lifting)
      const re = retEntry[op] as number;
      if (re !== NIL) {
        next[prev[re] as number] = re;
        const ne = next[re] as number;
        if (ne !== NIL) prev[ne] = re;
      }
      const ce = callEntry[op] as number;
      next[prev[ce] as number] = ce;
      const ne = next[ce] as number;
      if (ne !== NIL) prev[ne] = ce;
      entry = ne;
    }

  budget.stepsLeft = Math.max(0, stepsLeft - steps);
  stepsLeft = budget.stepsLeft;
  const base = { steps, cacheEntries: count, states: states.length };
  if (verdict === 'not-linearizable') {
    return { verdict, ...base, bestPrefix, bestState: states[bestState], blocked };
  }
  if (verdict === 'unknown') return { verdict, unknownReason: unknownReason ?? 'steps', ...base };
  return { verdict, ...base };
}
