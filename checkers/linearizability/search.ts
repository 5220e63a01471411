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
// call, or never. Where they stand among the candidates is the search's `order`:
// - 'crashed-last': they live in a second list, and at each point of the search they are
//   tried after the required candidates (those whose call comes before the first return
//   entry of the main list), so a crashed op that never took effect is not applied early
//   only to be undone much later;
// - 'time': their call entries sit in the main list, in real-time order with the others
//   (Porcupine's order), so a crashed op that some later observation needs is tried first.
// The order never changes the verdict, only the steps it takes (see order.ts for how a
// check uses both).
//
// The search is resumable: `advance(steps)` walks at most that many steps and returns null
// when it is not done, so a check can interleave its partitions under one step budget.
// With `collectEnds`, it does not stop at the first linearization but explores every one
// and returns the set of states they end in (what a quiescent cut carries forward).
//
// Speed: model states are interned to small integers, transitions cached
// (transitions.ts); the linearized set is a bitset with an incremental Zobrist hash; the
// memo is an open-addressing table over typed arrays (memo.ts). The inner loop allocates
// nothing (but to grow those tables).

import type { Model } from '../models/model.js';
import { entriesScratch, sortByPosition } from './entry-order.js';
import { createMemo, memoEntriesMax, zobristWords } from './memo.js';
import type { Memo } from './memo.js';
import type { MemoryBudget } from './memory.js';
import type { PreparedOp } from './prepare.js';
import { createTransitions } from './transitions.js';
import type { Transitions } from './transitions.js';

export type Verdict = 'linearizable' | 'not-linearizable' | 'unknown';
export type UnknownReason = 'timeout' | 'steps' | 'memory';

/** Shared by the partitions of one check. */
export interface SearchBudget {
  /** Polled every 1024 steps; true ends the search with 'unknown' (timeout). */
  readonly outOfTime: () => boolean;
  /** Steps left (list entries visited); 0 ends the search with 'unknown' (steps). */
  stepsLeft: number;
  /** Bytes left for memo entries, states and transitions, shared by every search of a
   *  check and counted from entries (memory.ts); absent = no limit. */
  memoryBytesLeft?: number;
  /** Memo entries allowed per search. */
  readonly cacheEntriesMax: number;
  /** Memo words (32-bit) allowed per search: the bitsets' memory. */
  readonly cacheWordsMax: number;
  /** Distinct model states allowed per search. */
  readonly statesMax: number;
}

/** Where crashed ops stand among the candidates (see the top of this file). */
export type CandidateOrder = 'crashed-last' | 'time';

export interface SearchOptions {
  readonly order?: CandidateOrder;
  /** Explore every linearization and return the states they end in. */
  readonly collectEnds?: boolean;
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
  /** With collectEnds: the states every linearization can end in (none: not linearizable). */
  readonly ends?: readonly unknown[];
}

/** A search in progress. */
export interface Search {
  /** Walk at most `steps` more steps (and no more than the budget's); null: not done. */
  advance(steps: number): PartitionSearchResult | null;
  /** Give up an unfinished search: its tables' memory goes back to the budget. */
  abandon(): void;
}

const NIL = -1;

/** The linked lists the walk lifts ops out of and puts them back into. */
interface Lists {
  readonly required: number;
  readonly opRequired: Uint8Array;
  readonly entryOp: Int32Array;
  readonly entryIsCall: Uint8Array;
  readonly entryPos: Float64Array;
  readonly callEntry: Int32Array;
  readonly retEntry: Int32Array;
  readonly next: Int32Array;
  readonly prev: Int32Array;
  readonly head: number;
  readonly infoOp: Int32Array;
  readonly infoPos: Float64Array;
  readonly infoEntry: Int32Array;
  readonly inext: Int32Array;
  readonly iprev: Int32Array;
  readonly ihead: number;
  /** The required ops in the order of their return entries (head: index n). */
  readonly rnext: Int32Array;
  readonly rprev: Int32Array;
}

/** Main list: call and return entries of required ops (and, in time order, the call entries
 *  of crashed ops), in real-time order. Info list: the other crashed ops, in call order. */
function buildLists(ops: readonly PreparedOp[], order: CandidateOrder): Lists {
  const n = ops.length;
  // pairs (position, code); code = op * 2 + (1 for return); at most two entries per op
  const mainEvents = entriesScratch(4 * n);
  let filled = 0;
  const infoOps: number[] = [];
  let required = 0;
  const opRequired = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const op = ops[i] as PreparedOp;
    if (op.required && op.ret !== Infinity) {
      opRequired[i] = 1;
      required++;
      mainEvents[filled++] = op.call;
      mainEvents[filled++] = i * 2;
      mainEvents[filled++] = op.ret;
      mainEvents[filled++] = i * 2 + 1;
    } else if (order === 'time') {
      mainEvents[filled++] = op.call;
      mainEvents[filled++] = i * 2;
    } else {
      infoOps.push(i);
    }
  }
  const E = filled >> 1;
  const sorted = sortByPosition(mainEvents, E);
  const entryOp = new Int32Array(E);
  const entryIsCall = new Uint8Array(E);
  const entryPos = new Float64Array(E);
  const callEntry = new Int32Array(n).fill(NIL);
  const retEntry = new Int32Array(n).fill(NIL);
  // and the required ops in the order of their return entries
  const rnext = new Int32Array(n + 1).fill(NIL);
  const rprev = new Int32Array(n + 1).fill(NIL);
  let last = n;
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
      rnext[last] = op;
      rprev[op] = last;
      last = op;
    }
  }
  const [next, prev] = linkedList(E);
  const I = infoOps.length; // info ops are already in call order
  const infoOp = Int32Array.from(infoOps);
  const infoPos = new Float64Array(I);
  const infoEntry = new Int32Array(n).fill(NIL);
  for (let k = 0; k < I; k++) {
    infoPos[k] = (ops[infoOps[k] as number] as PreparedOp).call;
    infoEntry[infoOps[k] as number] = k;
  }
  const [inext, iprev] = linkedList(I);
  return { required, opRequired, entryOp, entryIsCall, entryPos, callEntry, retEntry, next, prev, head: E, infoOp, infoPos, infoEntry, inext, iprev, ihead: I, rnext, rprev };
}

/** A doubly linked list of `size` entries in order, its head at index `size`. */
function linkedList(size: number): [Int32Array, Int32Array] {
  const next = new Int32Array(size + 1);
  const prev = new Int32Array(size + 1);
  for (let e = 0; e < size; e++) {
    next[e] = e + 1 < size ? e + 1 : NIL;
    prev[e] = e === 0 ? size : e - 1;
  }
  next[size] = size > 0 ? 0 : NIL;
  prev[size] = NIL;
  return [next, prev];
}

/** What a search's result is made from. */
interface Ending {
  readonly memory: MemoryBudget;
  readonly memo: Memo;
  readonly trans: Transitions;
  readonly w: { steps: number; bestDepth: number; bestState: number; blocked: number };
  readonly collect: boolean;
  readonly endIds: readonly number[];
  readonly bestStack: Int32Array;
}

/** A search's result. One function for every search, not a closure per search: the
 *  optimized loop calls it, and a second closure would throw that code away. */
function finishSearch(s: Ending, verdict: Verdict, unknownReason?: UnknownReason): PartitionSearchResult {
  const { memory, memo, trans, w, collect, endIds, bestStack } = s;
  // the tables become garbage: give their memory back to the check
  memory.memoryBytesLeft += memo.bytes() + trans.bytes();
  const base = { steps: w.steps, cacheEntries: memo.count(), states: trans.states.length };
  if (verdict === 'unknown') return { verdict, unknownReason: unknownReason ?? 'steps', ...base };
  if (collect && endIds.length > 0) return { verdict: 'linearizable', ...base, ends: endIds.map((id) => trans.states[id]) };
  if (verdict === 'not-linearizable') {
    const ends = collect ? { ends: [] } : {};
    return { verdict, ...base, bestPrefix: Array.from(bestStack.subarray(0, w.bestDepth)), bestState: trans.states[w.bestState], blocked: w.blocked, ...ends };
  }
  return { verdict, ...base };
}

/** Start a search of one partition's ops from `init`. */
export function createSearch(
  model: Model<unknown>,
  init: unknown,
  ops: readonly PreparedOp[],
  budget: SearchBudget,
  options: SearchOptions = {},
): Search {
  const n = ops.length;
  const collect = options.collectEnds === true;
  budget.memoryBytesLeft ??= Number.POSITIVE_INFINITY;
  const memory = budget as MemoryBudget;
  const order = options.order ?? 'crashed-last';
  const L = buildLists(ops, order);
  const trans = createTransitions(model, init, ops, memory, budget.statesMax);
  const W = Math.max(1, (n + 31) >>> 5);
  const bits = new Uint32Array(W);
  const zobrist = zobristWords(n);
  const memo = createMemo(bits, memory, memoEntriesMax(budget, W), n);
  const endIds: number[] = [];
  const endSeen = new Set<number>();

  // the walk's state, kept between calls of advance()
  // At each point of the search: phase 2 finds the first return entry of the main list
  // (`blockEntry`, at `frontier`) and tries its op first: the op that must complete
  // soonest, usually the next one in a linearization when ops take effect shortly before
  // they return (a replicated store applies a committed op, then replies); phase 0 walks
  // the other call entries before it, from `entry`, in real-time order; phase 1 tries the
  // info ops from `ie` whose call precedes `frontier`.
  const stackOp = new Int32Array(n);
  const stackState = new Int32Array(n);
  const stackFrontier = new Float64Array(n);
  const stackBlock = new Int32Array(n);
  const stackSeen = new Int32Array(n);
  const stackForced = new Uint8Array(n);
  // Pure ops (acknowledged reads, kept failed cas) leave every state as it is, or are
  // refused. One that a point can take is taken there and no other candidate is tried at
  // that point: moving it earlier in any linearization from there keeps it one (it changes
  // no state, and every op that returned before its call is already placed). So many long
  // reads no longer multiply the sets the memo holds.
  const pure = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const o = ops[i] as PreparedOp;
    if (o.required && (o.status === 'fail' || model.readOnly(o.f))) pure[i] = 1;
  }
  const stackCands = new Int32Array(n);
  // the longest prefix so far: bestStack[0, bestDepth). stackOp[0, synced) still equals
  // bestStack there (the stack has not been popped below `synced` since the last copy), so
  // a new best copies only what changed: linear overall, not quadratic in the depth.
  const bestStack = new Int32Array(n);
  const w = {
    depth: 0, sid: 0, hash: 0, steps: 0, bestDepth: -1, synced: 0, bestState: 0, blocked: -1,
    required: L.required, phase: 2, entry: L.next[L.head] as number, ie: NIL, frontier: 0, blockEntry: NIL, r: NIL, seen: 0, cands: 0,
  };
  let result: PartitionSearchResult | null = null;

  const ending: Ending = { memory, memo, trans, w, collect, endIds, bestStack };

  // What the walk reads, as one object: advance() takes it apart into locals. (The engine
  // checks a closure's captured constant on every read, in case it is not initialized yet;
  // a local it reads as it is. The loop then is smaller, and cheaper to compile.)
  const tables = {
    trans, memo, bits, zobrist, pure, bestStack, stackOp, stackState, stackFrontier, stackBlock, stackSeen, stackCands, stackForced,
    edf: order === 'crashed-last', RHEAD: n,
  };

  const advance = (quota: number): PartitionSearchResult | null => {
    if (result !== null) return result;
    const { opRequired, entryOp, entryIsCall, entryPos, callEntry, retEntry, next, prev, infoOp, infoPos, infoEntry, inext, iprev, rnext, rprev, head: HEAD, ihead: IHEAD } = L;
    const { trans, memo, bits, zobrist, pure, bestStack, stackOp, stackState, stackFrontier, stackBlock, stackSeen, stackCands, stackForced, edf, RHEAD } = tables;
    if (w.required === 0 && w.steps === 0) {
      if (collect) endIds.push(0);
      return (result = finishSearch(ending, 'linearizable'));
    }
    let { depth, sid, hash, steps, bestDepth, synced, bestState, blocked, required, phase, entry, ie, frontier, blockEntry, r, seen, cands } = w;
    const stepsAtStart = steps;
    const budgetLimited = budget.stepsLeft <= quota;
    const limit = steps + Math.min(quota, budget.stepsLeft);
    let verdict: Verdict | null = null;
    let unknownReason: UnknownReason | undefined;
    for (;;) {
      if (steps >= limit) {
        if (budgetLimited) {
          verdict = 'unknown';
          unknownReason = 'steps';
        }
        break;
      }
      steps++;
      if ((steps & 1023) === 0 && budget.outOfTime()) {
        verdict = 'unknown';
        unknownReason = 'timeout';
        break;
      }
      let op = NIL;
      if (phase === 2) {
        // a new point: find the first return entry; its op is the first candidate
        let e = next[HEAD] as number;
        let forced = NIL;
        cands = 0;
        while (entryIsCall[e] === 1) {
          const c = entryOp[e] as number;
          cands += opRequired[c] as number;
          if (forced === NIL && pure[c] === 1 && trans.next(c, sid) === sid) forced = c;
          e = next[e] as number;
          steps++;
        }
        blockEntry = e;
        frontier = entryPos[e] as number;
        if (forced !== NIL) {
          op = forced;
          phase = 3; // the point's only candidate
        } else if (edf) {
          // candidates in the order of their returns: earliest deadline first
          phase = 0;
          r = rnext[RHEAD] as number;
          seen = 0;
        } else {
          op = entryOp[e] as number;
        }
      }
      // (Candidates are found in tight inner loops and the common cases come first in this
      // loop's body: V8 charges a function's tier-up budget by the length of each jump back
      // to the loop's head, so a short search stays in the baseline tiers instead of paying
      // for an optimizing compile of this function; docs/checkers.md, "Set (3)".)
      if (op !== NIL || phase === 3) {
        // phase 2's first candidate, or the point's only one (none left after a backtrack)
      } else if (phase === 0 && edf) {
        if (seen < cands) {
          // skip the ops called after the first return: not candidates yet
          while ((entryPos[callEntry[r] as number] as number) >= frontier) {
            r = rnext[r] as number;
            steps++;
          }
          op = r;
          seen++;
        } else {
          phase = 1;
          ie = inext[IHEAD] as number;
        }
      } else if (phase === 0) {
        if (entry !== blockEntry && entryOp[entry] === entryOp[blockEntry]) entry = next[entry] as number; // tried first, in phase 2
        if (entry !== blockEntry) op = entryOp[entry] as number;
        else {
          // the first return entry: now the info candidates before it
          phase = 1;
          ie = inext[IHEAD] as number;
        }
      }
      if (phase === 1 && ie !== NIL && (infoPos[ie] as number) < frontier) op = infoOp[ie] as number;

      if (op !== NIL) {
        const t = trans.next(op, sid);
        if (trans.full()) {
          verdict = 'unknown';
          unknownReason = 'memory';
          break;
        }
        const wi = op >>> 5;
        const bit = 1 << (op & 31);
        const h = hash ^ (zobrist[op] as number);
        if (t >= 0) bits[wi] = (bits[wi] as number) | bit;
        if (t < 0 || !memo.add(h, t)) {
          if (t >= 0) {
            if (memo.full()) {
              verdict = 'unknown';
              unknownReason = 'memory';
              break;
            }
            bits[wi] = (bits[wi] as number) & ~bit;
          }
          if (phase !== 3) {
            // refused, or seen before: the point's next candidate
            if (phase === 2) {
              phase = 0;
              entry = next[HEAD] as number;
            } else if (phase === 1) ie = inext[ie] as number;
            else if (edf) r = rnext[r] as number;
            else entry = next[entry] as number;
            continue;
          }
        } else {
          // lift op
          stackOp[depth] = op;
          stackState[depth] = sid;
          stackFrontier[depth] = frontier;
          stackBlock[depth] = blockEntry;
          stackSeen[depth] = seen;
          stackCands[depth] = cands;
          stackForced[depth] = phase === 3 ? 1 : 0;
          depth++;
          sid = t;
          hash = h;
          const ce = callEntry[op] as number;
          if (ce !== NIL) {
            next[prev[ce] as number] = next[ce] as number;
            if (next[ce] !== NIL) prev[next[ce] as number] = prev[ce] as number;
          } else {
            const k = infoEntry[op] as number;
            inext[iprev[k] as number] = inext[k] as number;
            if (inext[k] !== NIL) iprev[inext[k] as number] = iprev[k] as number;
          }
          if (opRequired[op] === 1) {
            required--;
            const re = retEntry[op] as number;
            next[prev[re] as number] = next[re] as number;
            if (next[re] !== NIL) prev[next[re] as number] = prev[re] as number;
            rnext[rprev[op] as number] = rnext[op] as number;
            if (rnext[op] !== NIL) rprev[rnext[op] as number] = rprev[op] as number;
          }
          if (required > 0) {
            phase = 2;
            continue;
          }
          if (!collect) {
            verdict = 'linearizable';
            break;
          }
          // every required op placed: note where this order ends, then look for others
          if (!endSeen.has(sid)) {
            endSeen.add(sid);
            endIds.push(sid);
          }
        }
      }

      // No candidate left at this point (or every op placed, when collecting): backtrack.
      if (depth > bestDepth && required > 0) {
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
        if (next[re] !== NIL) prev[next[re] as number] = re;
        rnext[rprev[op] as number] = op;
        if (rnext[op] !== NIL) rprev[rnext[op] as number] = op;
      }
      frontier = stackFrontier[depth] as number;
      blockEntry = stackBlock[depth] as number;
      const ce = callEntry[op] as number;
      if (ce !== NIL) {
        next[prev[ce] as number] = ce;
        if (next[ce] !== NIL) prev[next[ce] as number] = ce;
        phase = 0;
        if (edf) {
          r = rnext[op] as number;
          seen = stackSeen[depth] as number;
          cands = stackCands[depth] as number;
        } else {
          // the point's first candidate was this op (phase 2): now the others, from the head
          entry = op === entryOp[blockEntry] ? (next[HEAD] as number) : (next[ce] as number);
        }
      } else {
        const k = infoEntry[op] as number;
        inext[iprev[k] as number] = k;
        if (inext[k] !== NIL) iprev[inext[k] as number] = k;
        phase = 1;
        ie = inext[k] as number;
      }
      if (stackForced[depth] === 1) phase = 3; // the point had no other candidate
    }
    budget.stepsLeft = Math.max(0, budget.stepsLeft - (steps - stepsAtStart));
    Object.assign(w, { depth, sid, hash, steps, bestDepth, synced, bestState, blocked, required, phase, entry, ie, frontier, blockEntry, r, seen, cands });
    if (verdict === null) return null;
    return (result = finishSearch(ending, verdict, unknownReason));
  };
  const abandon = (): void => {
    if (result === null) result = finishSearch(ending, 'unknown', 'steps');
  };
  return { advance, abandon };
}

/** Search one partition to the end (or until a budget runs out). */
export function searchPartition(
  model: Model<unknown>,
  init: unknown,
  ops: readonly PreparedOp[],
  budget: SearchBudget,
  options: SearchOptions = {},
): PartitionSearchResult {
  return createSearch(model, init, ops, budget, options).advance(Number.POSITIVE_INFINITY) as PartitionSearchResult;
}
