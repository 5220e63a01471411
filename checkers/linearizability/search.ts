// The search: Wing & Gong's algorithm with Lowe's memoization, as Porcupine runs it.
//
// The history of one partition becomes a doubly linked list of call and return entries in
// real-time order. Walking the list, a call entry is a candidate: if the model can step
// it from the current state, and the pair (set of linearized ops, resulting state) was
// never seen, the op is "lifted" out of the list (both its entries) and pushed on a
// stack, and the walk restarts from the head. Reaching a return entry means the op it
// closes had to be linearized before anything later: backtrack (pop, put the entries
// back, try the next candidate). Success: every required op is linearized.
//
// Info (crashed) ops have no return entry: they can be linearized anywhere after their
// call, or never. They live in a second list, and at each point of the search they are
// tried after the required candidates (those whose call comes before the first return
// entry of the main list): the order of candidates does not change the verdict, but a
// crashed op that never took effect is then not applied early only to be undone much
// later, which made queue histories with crashes blow up.
//
// Speed: model states are interned to small integers; transitions are cached per
// (state, op) in a small dense table, then an open-addressing one; the linearized set is a
// bitset with an incremental Zobrist hash; the memo is an open-addressing table over typed
// arrays. The inner loop allocates nothing (but to grow those tables).

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
  /** Distinct model states allowed per partition. */
  readonly statesMax: number;
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
const DENSE_WORDS_MAX = 1 << 18; // the dense part of the transition cache: 1 MB
const TRANS_ENTRIES_MAX = 1 << 21; // transitions cached in the hash table (at most 48 MB)

/**
 * The entries (pairs (position, code) in `events`) in position order, ties in entry order.
 * Positions are history indices, or halfway between two (an op an optimize hook bounded):
 * then each entry packs into one exact float (twice its position, then its index) and a
 * native numeric sort does it; otherwise a comparator sort.
 */
function sortByPosition(events: readonly number[], E: number): ArrayLike<number> {
  const SHIFT = 2 ** 26;
  let packable = E < SHIFT;
  for (let e = 0; packable && e < E; e++) {
    const twice = 2 * (events[2 * e] as number);
    if (!Number.isInteger(twice) || twice < 0 || twice >= SHIFT * 2) packable = false;
  }
  if (packable) {
    const keys = new Float64Array(E);
    for (let e = 0; e < E; e++) keys[e] = 2 * (events[2 * e] as number) * SHIFT + e;
    keys.sort();
    const order = new Int32Array(E);
    for (let e = 0; e < E; e++) order[e] = (keys[e] as number) % SHIFT;
    return order;
  }
  const sorted = new Array<number>(E);
  for (let e = 0; e < E; e++) sorted[e] = e;
  sorted.sort((a, b) => (events[2 * a] as number) - (events[2 * b] as number));
  return sorted;
}

export function searchPartition(
  model: Model<unknown>,
  init: unknown,
  ops: readonly PreparedOp[],
  budget: SearchBudget,
): PartitionSearchResult {
  const n = ops.length;

  // ---- main list: call and return entries of required ops, in real-time order -------------
  // ---- info list: call entries of info ops, in real-time order ----------------------------
  const mainEvents: number[] = []; // pairs (position, code); code = op * 2 + (1 for return)
  const infoOps: number[] = [];
  let required = 0;
  const opRequired = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const op = ops[i] as PreparedOp;
    if (op.required && op.ret !== Infinity) {
      opRequired[i] = 1;
      required++;
      mainEvents.push(op.call, i * 2, op.ret, i * 2 + 1);
    } else {
      infoOps.push(i);
    }
  }
  const E = mainEvents.length >> 1;
  const sorted = sortByPosition(mainEvents, E);
  const entryOp = new Int32Array(E);
  const entryIsCall = new Uint8Array(E);
  const entryPos = new Float64Array(E);
  const callEntry = new Int32Array(n).fill(NIL);
  const retEntry = new Int32Array(n).fill(NIL);
  for (let e = 0; e < E; e++) {
    const k = sorted[e] as number;
    const code = mainEvents[2 * k + 1] as number;
    const op = code >> 1;
    entryOp[e] = op;
    entryPos[e] = mainEvents[2 * k] as number;
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

  const I = infoOps.length; // info ops are already in call order
  const infoOp = Int32Array.from(infoOps);
  const infoPos = new Float64Array(I);
  const infoEntry = new Int32Array(n).fill(NIL);
  for (let k = 0; k < I; k++) {
    infoPos[k] = (ops[infoOps[k] as number] as PreparedOp).call;
    infoEntry[infoOps[k] as number] = k;
  }
  const IHEAD = I;
  const inext = new Int32Array(I + 1);
  const iprev = new Int32Array(I + 1);
  for (let k = 0; k < I; k++) {
    inext[k] = k + 1 < I ? k + 1 : NIL;
    iprev[k] = k === 0 ? IHEAD : k - 1;
  }
  inext[IHEAD] = I > 0 ? 0 : NIL;
  iprev[IHEAD] = NIL;

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
  // Cached transitions, 0 = not computed, 1 = inconsistent, k + 2 = next state k: a dense
  // states x ops table for the first states (as many rows as fit in 1 MB, the common case
  // of few distinct states), then an open-addressing table keyed by (state id, op). (A
  // dense table for every state costs more to allocate and zero than a linear search over
  // thousands of ops takes.)
  const denseRowsMax = n > 0 ? Math.floor(DENSE_WORDS_MAX / n) : 0;
  let denseRows = Math.min(16, denseRowsMax);
  let dense = new Int32Array(denseRows * n);
  let tMask = 1023;
  let tState = new Int32Array(tMask + 1);
  let tOp = new Int32Array(tMask + 1);
  let tNext = new Int32Array(tMask + 1);
  let tCount = 0;
  let statesFull = false;
  const computeStep = (op: number, sid: number): number => {
    const r = model.step(states[sid], ops[op] as PreparedOp);
    if (r === INCONSISTENT) return -1;
    const id = intern(r);
    if (states.length > budget.statesMax) statesFull = true;
    return id;
  };
  const transSlot = (op: number, sid: number, mask: number): number => {
    let h = Math.imul(sid, 0x9e3779b1) ^ Math.imul(op + 1, 0x85ebca6b);
    h ^= h >>> 15;
    return h & mask;
  };
  // the common case (a cached dense entry) stays small enough to be inlined in the walk
  const transition = (op: number, sid: number): number => {
    if (sid < denseRows) {
      const v = dense[sid * n + op] as number;
      if (v !== 0) return v - 2;
    }
    return transitionMiss(op, sid);
  };
  const transitionMiss = (op: number, sid: number): number => {
    if (sid < denseRows) {
      const slot = sid * n + op;
      const t = computeStep(op, sid);
      dense[slot] = t + 2;
      if (states.length > denseRows && denseRows < denseRowsMax) {
        const rows = Math.min(denseRowsMax, Math.max(denseRows * 2, states.length));
        const nd = new Int32Array(rows * n);
        nd.set(dense);
        dense = nd;
        denseRows = rows;
      }
      return t;
    }
    let i = transSlot(op, sid, tMask);
    for (;;) {
      const v = tNext[i] as number;
      if (v === 0) break;
      if (tState[i] === sid && tOp[i] === op) return v - 2;
      i = (i + 1) & tMask;
    }
    const t = computeStep(op, sid);
    if (tCount >= TRANS_ENTRIES_MAX) return t;
    tState[i] = sid;
    tOp[i] = op;
    tNext[i] = t + 2;
    tCount++;
    if (tCount * 2 > tMask) {
      const mask = tMask * 2 + 1;
      const ns = new Int32Array(mask + 1);
      const no = new Int32Array(mask + 1);
      const nn = new Int32Array(mask + 1);
      for (let j = 0; j <= tMask; j++) {
        const v = tNext[j] as number;
        if (v === 0) continue;
        const s2 = tState[j] as number;
        const o2 = tOp[j] as number;
        let k = transSlot(o2, s2, mask);
        while (nn[k] !== 0) k = (k + 1) & mask;
        ns[k] = s2;
        no[k] = o2;
        nn[k] = v;
      }
      tState = ns;
      tOp = no;
      tNext = nn;
      tMask = mask;
    }
    return t;
  };

  // ---- memo: (bitset of linearized ops, state id) -----------------------------------------
  const W = Math.max(1, (n + 31) >>> 5);
  const bits = new Uint32Array(W);
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
  const entriesMax = Math.max(16, Math.min(budget.cacheEntriesMax, Math.floor(budget.cacheWordsMax / W)));
  let slotsMask = 1023;
  let slots = new Int32Array(slotsMask + 1);
  let entriesCap = 512;
  let eKey = new Int32Array(entriesCap);
  let eState = new Int32Array(entriesCap);
  let eBits = new Uint32Array(entriesCap * W);
  let count = 0;
  let memoFull = false;

  /** Add (bits, t) to the memo; false when it was there already. */
  const memoAdd = (h: number, t: number): boolean => {
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
    if (count >= entriesMax) {
      memoFull = true;
      return false;
    }
    if (count === entriesCap) {
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
    }
    eKey[count] = key;
    eState[count] = t;
    eBits.set(bits, count * W);
    slots[idx] = count + 1;
    count++;
    if (count * 2 > slotsMask) {
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
    }
    return true;
  };

  // ---- the walk ------------------------------------------------------------------------------
  // phase 0: walking the main list from `entry`; phase 1: trying info ops from `ie` whose
  // call precedes `frontier` (the position of the first return entry, `blockEntry`).
  const stackOp = new Int32Array(n);
  const stackState = new Int32Array(n);
  const stackFrontier = new Float64Array(n);
  const stackBlock = new Int32Array(n);
  let depth = 0;
  let sid = 0;
  let hash = 0;
  let steps = 0;
  let bestDepth = -1;
  // the longest prefix so far: bestStack[0, bestDepth). stackOp[0, synced) still equals
  // bestStack there (the stack has not been popped below `synced` since the last copy), so
  // a new best copies only what changed: linear overall, not quadratic in the depth.
  const bestStack = new Int32Array(n);
  let synced = 0;
  let bestState = 0;
  let blocked = -1;
  let verdict: Verdict = 'unknown';
  let unknownReason: UnknownReason | undefined;
  const stepsLeft = budget.stepsLeft;

  let phase = 0;
  let entry = next[HEAD] as number;
  let ie = NIL;
  let frontier = 0;
  let blockEntry = NIL;

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
      let op = NIL;
      if (phase === 0) {
        if (entry !== NIL && entryIsCall[entry] === 1) {
          op = entryOp[entry] as number;
        } else {
          // the first return entry (or the end): now the info candidates before it
          blockEntry = entry;
          frontier = entry === NIL ? Infinity : (entryPos[entry] as number);
          phase = 1;
          ie = inext[IHEAD] as number;
          continue;
        }
      } else if (ie !== NIL && (infoPos[ie] as number) < frontier) {
        op = infoOp[ie] as number;
      }

      if (op !== NIL) {
        const t = transition(op, sid);
        if (statesFull) {
          unknownReason = 'memory';
          break;
        }
        if (t >= 0) {
          const w = op >>> 5;
          const bit = 1 << (op & 31);
          bits[w] = (bits[w] as number) | bit;
          const h = hash ^ (zobrist[op] as number);
          if (memoAdd(h, t)) {
            // lift op
            stackOp[depth] = op;
            stackState[depth] = sid;
            stackFrontier[depth] = frontier;
            stackBlock[depth] = blockEntry;
            depth++;
            sid = t;
            hash = h;
            if (opRequired[op] === 1) {
              required--;
              const ce = callEntry[op] as number;
              let pe = prev[ce] as number;
              let ne = next[ce] as number;
              next[pe] = ne;
              if (ne !== NIL) prev[ne] = pe;
              const re = retEntry[op] as number;
              pe = prev[re] as number;
              ne = next[re] as number;
              next[pe] = ne;
              if (ne !== NIL) prev[ne] = pe;
              if (required === 0) {
                verdict = 'linearizable';
                break;
              }
            } else {
              const k = infoEntry[op] as number;
              const pk = iprev[k] as number;
              const nk = inext[k] as number;
              inext[pk] = nk;
              if (nk !== NIL) iprev[nk] = pk;
            }
            phase = 0;
            entry = next[HEAD] as number;
            continue;
          }
          if (memoFull) {
            unknownReason = 'memory';
            break;
          }
          bits[w] = (bits[w] as number) & ~bit;
        }
        if (phase === 0) entry = next[entry] as number;
        else ie = inext[ie] as number;
        continue;
      }

      // No candidate left at this point: backtrack.
      if (depth > bestDepth) {
        bestDepth = depth;
        bestStack.set(stackOp.subarray(synced, depth), synced);
        synced = depth;
        bestState = sid;
        blocked = blockEntry === NIL ? -1 : (entryOp[blockEntry] as number);
      }
      if (depth === 0) {
        verdict = 'not-linearizable';
        break;
      }
      depth--;
      if (depth < synced) synced = depth;
      op = stackOp[depth] as number;
      sid = stackState[depth] as number;
      hash ^= zobrist[op] as number;
      bits[op >>> 5] = (bits[op >>> 5] as number) & ~(1 << (op & 31));
      if (opRequired[op] === 1) {
        required++;
        // unlift: return entry first, then the call entry (reverse of lifting)
        const re = retEntry[op] as number;
        next[prev[re] as number] = re;
        let ne = next[re] as number;
        if (ne !== NIL) prev[ne] = re;
        const ce = callEntry[op] as number;
        next[prev[ce] as number] = ce;
        ne = next[ce] as number;
        if (ne !== NIL) prev[ne] = ce;
        phase = 0;
        entry = ne;
      } else {
        const k = infoEntry[op] as number;
        inext[iprev[k] as number] = k;
        const nk = inext[k] as number;
        if (nk !== NIL) iprev[nk] = k;
        phase = 1;
        ie = nk;
        frontier = stackFrontier[depth] as number;
        blockEntry = stackBlock[depth] as number;
      }
    }

  budget.stepsLeft = Math.max(0, stepsLeft - steps);
  const base = { steps, cacheEntries: count, states: states.length };
  if (verdict === 'not-linearizable') {
    return { verdict, ...base, bestPrefix: Array.from(bestStack.subarray(0, bestDepth)), bestState: states[bestState], blocked };
  }
  if (verdict === 'unknown') return { verdict, unknownReason: unknownReason ?? 'steps', ...base };
  return { verdict, ...base };
}
