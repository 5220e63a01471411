// The plain search of a small partition (plain-first.ts): Wing & Gong's walk with Lowe's
// memo in its simplest form, as Porcupine runs it. One list holds the call and return
// entries in real-time order (a crashed op has only its call entry: it may be linearized
// after its call, or never); the walk lifts the first call entry the model can step to a
// state not seen with that set of ops, and restarts from the head; reaching a return
// entry, it backtracks. It has none of search.ts's candidate orders, forced pure ops or
// end states, and builds its list by a merge, without a sort call: in a fresh process the
// JIT compiles whatever code gets hot, and this loop is a fraction of search.ts's
// (docs/checkers.md, "Set (3)"). Same verdicts; the steps and a violation's longest prefix can differ.

import type { Model } from '../models/model.js';
import { createMemo, memoEntriesMax, zobristWords } from './memo.js';
import type { Memo } from './memo.js';
import type { MemoryBudget } from './memory.js';
import type { PreparedOp } from './prepare.js';
import type { PartitionSearchResult, Search, SearchBudget, UnknownReason, Verdict } from './search.js';
import { createTransitions } from './transitions.js';
import type { Transitions } from './transitions.js';

const NIL = -1;

/** The list of a plain search: call and return entries in real-time order. */
interface List {
  /** Entry -> op * 2, plus 1 for a return entry; the head is entry `code.length`. */
  readonly code: Int32Array;
  readonly next: Int32Array;
  readonly prev: Int32Array;
  readonly callEntry: Int32Array;
  /** NIL for a crashed op. */
  readonly retEntry: Int32Array;
  /** Ops every linearization holds (those with a return entry). */
  readonly required: number;
}

/** The list, by merging the calls (the ops come in call order, as prepareHistory gives
 *  them) with the returns (sorted by insertion: closed-loop clients return nearly in call
 *  order). No sort call and no packed keys: less code for a fresh process to compile. */
function buildList(ops: readonly PreparedOp[]): List {
  const n = ops.length;
  const byRet = new Int32Array(n);
  let R = 0;
  for (let i = 0; i < n; i++) {
    const op = ops[i] as PreparedOp;
    if (i > 0 && op.call < (ops[i - 1] as PreparedOp).call) throw new Error('plain search: ops must come in call order');
    if (!op.required) continue; // a crashed op has no return entry
    let k = R++;
    while (k > 0 && (ops[byRet[k - 1] as number] as PreparedOp).ret > op.ret) {
      byRet[k] = byRet[k - 1] as number;
      k--;
    }
    byRet[k] = i;
  }
  const E = n + R;
  const code = new Int32Array(E);
  const callEntry = new Int32Array(n);
  const retEntry = new Int32Array(n).fill(NIL);
  const next = new Int32Array(E + 1);
  const prev = new Int32Array(E + 1);
  let i = 0;
  let j = 0;
  for (let e = 0; e < E; e++) {
    if (i < n && (j === R || (ops[i] as PreparedOp).call < (ops[byRet[j] as number] as PreparedOp).ret)) {
      code[e] = i * 2;
      callEntry[i++] = e;
    } else {
      const op = byRet[j++] as number;
      code[e] = op * 2 + 1;
      retEntry[op] = e;
    }
    next[e] = e + 1 < E ? e + 1 : NIL;
    prev[e] = e === 0 ? E : e - 1;
  }
  next[E] = E > 0 ? 0 : NIL;
  return { code, next, prev, callEntry, retEntry, required: R };
}

/** A class, not closures: one set of methods for every plain search, compiled once. */
class PlainSearch implements Search {
  private readonly code: Int32Array;
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  private readonly callEntry: Int32Array;
  private readonly retEntry: Int32Array;
  private readonly stackOp: Int32Array;
  private readonly stackState: Int32Array;
  private readonly bestStack: Int32Array;
  private readonly bits: Uint32Array;
  private readonly zobrist: Int32Array;
  private readonly trans: Transitions;
  private readonly memo: Memo;
  private readonly memory: MemoryBudget;
  private readonly head: number;
  // the walk, between calls of advance()
  private entry: number;
  private depth = 0;
  private sid = 0;
  private hash = 0;
  private steps = 0;
  private required: number;
  private bestDepth = -1;
  private synced = 0;
  private bestState = 0;
  private blocked = -1;
  private result: PartitionSearchResult | null = null;

  constructor(model: Model<unknown>, init: unknown, ops: readonly PreparedOp[], private readonly budget: SearchBudget) {
    const n = ops.length;
    budget.memoryBytesLeft ??= Number.POSITIVE_INFINITY;
    this.memory = budget as MemoryBudget;
    const list = buildList(ops);
    this.code = list.code;
    this.next = list.next;
    this.prev = list.prev;
    this.callEntry = list.callEntry;
    this.retEntry = list.retEntry;
    this.required = list.required;
    this.head = list.code.length;
    this.entry = list.next[this.head] as number;
    this.stackOp = new Int32Array(n);
    this.stackState = new Int32Array(n);
    this.bestStack = new Int32Array(n);
    this.bits = new Uint32Array(Math.max(1, (n + 31) >>> 5));
    this.zobrist = zobristWords(n);
    this.trans = createTransitions(model, init, ops, this.memory, budget.statesMax);
    this.memo = createMemo(this.bits, this.memory, memoEntriesMax(budget, this.bits.length), n);
  }

  advance(quota: number): PartitionSearchResult | null {
    if (this.result !== null) return this.result;
    if (this.required === 0) return this.finish('linearizable');
    const { code, next, prev, callEntry, retEntry, stackOp, stackState, bits, zobrist, trans, memo, budget } = this;
    let { entry: e, depth, sid, hash, steps, required } = this;
    const stepsAtStart = steps;
    const budgetLimited = budget.stepsLeft <= quota;
    const limit = steps + Math.min(quota, budget.stepsLeft);
    let verdict: Verdict | null = null;
    let reason: UnknownReason = 'steps';
    // the clock is polled before every 1024 steps, the first included: a poll site that
    // small searches never reach would have no type feedback, and the optimized loop would
    // be thrown away the first time a search reached it
    let pollAt = steps;
    while (verdict === null) {
      if (steps >= limit) {
        if (budgetLimited) verdict = 'unknown';
        break;
      }
      if (steps === pollAt) {
        pollAt += 1024;
        if (budget.outOfTime()) {
          verdict = 'unknown';
          reason = 'timeout';
          break;
        }
      }
      steps++;
      const c = code[e] as number;
      const op = c >> 1;
      if ((c & 1) === 0) {
        // a call entry: lift its op if the model takes it to a (set, state) not seen yet
        const t = trans.next(op, sid);
        let lift = false;
        if (t >= 0) {
          const bit = 1 << (op & 31);
          bits[op >>> 5] = (bits[op >>> 5] as number) | bit;
          lift = memo.add(hash ^ (zobrist[op] as number), t);
          if (!lift) bits[op >>> 5] = (bits[op >>> 5] as number) & ~bit;
        }
        if (trans.full()) {
          verdict = 'unknown';
          reason = 'memory';
        } else if (lift) {
          stackOp[depth] = op;
          stackState[depth++] = sid;
          sid = t;
          hash ^= zobrist[op] as number;
          next[prev[e] as number] = next[e] as number;
          if (next[e] !== NIL) prev[next[e] as number] = prev[e] as number;
          const re = retEntry[op] as number;
          if (re !== NIL) {
            next[prev[re] as number] = next[re] as number;
            if (next[re] !== NIL) prev[next[re] as number] = prev[re] as number;
            if (--required === 0) verdict = 'linearizable';
          }
          e = next[this.head] as number;
        } else if (memo.full()) {
          verdict = 'unknown';
          reason = 'memory';
        } else e = next[e] as number;
        continue;
      }
      // a return entry: its op had to be placed before anything later; backtrack
      if (depth > this.bestDepth) this.noteBest(depth, sid, op);
      if (depth === 0) {
        verdict = 'not-linearizable';
        break;
      }
      const o = stackOp[--depth] as number;
      if (depth < this.synced) this.synced = depth;
      sid = stackState[depth] as number;
      hash ^= zobrist[o] as number;
      bits[o >>> 5] = (bits[o >>> 5] as number) & ~(1 << (o & 31));
      const re = retEntry[o] as number;
      if (re !== NIL) {
        required++;
        next[prev[re] as number] = re;
        if (next[re] !== NIL) prev[next[re] as number] = re;
      }
      const ce = callEntry[o] as number;
      next[prev[ce] as number] = ce;
      if (next[ce] !== NIL) prev[next[ce] as number] = ce;
      e = next[ce] as number;
    }
    budget.stepsLeft = Math.max(0, budget.stepsLeft - (steps - stepsAtStart));
    this.entry = e;
    this.depth = depth;
    this.sid = sid;
    this.hash = hash;
    this.steps = steps;
    this.required = required;
    return verdict === null ? null : this.finish(verdict, reason);
  }

  abandon(): void {
    if (this.result === null) this.finish('unknown', 'steps');
  }

  /** The longest prefix so far: `depth` ops, then `blocked` could not be placed. Only the
   *  part of the stack popped since the last copy is copied (below `synced`, the two agree). */
  private noteBest(depth: number, sid: number, blocked: number): void {
    for (let k = this.synced; k < depth; k++) this.bestStack[k] = this.stackOp[k] as number;
    this.synced = depth;
    this.bestDepth = depth;
    this.bestState = sid;
    this.blocked = blocked;
  }

  private finish(verdict: Verdict, reason: UnknownReason = 'steps'): PartitionSearchResult {
    // the tables become garbage: their memory goes back to the check
    this.memory.memoryBytesLeft += this.memo.bytes() + this.trans.bytes();
    const base = { steps: this.steps, cacheEntries: this.memo.count(), states: this.trans.states.length };
    if (verdict === 'unknown') this.result = { verdict, unknownReason: reason, ...base };
    else if (verdict === 'linearizable') this.result = { verdict, ...base };
    else {
      const bestPrefix = Array.from(this.bestStack.subarray(0, this.bestDepth));
      this.result = { verdict, ...base, bestPrefix, bestState: this.trans.states[this.bestState], blocked: this.blocked };
    }
    return this.result;
  }
}

/** Start a plain search of one small partition's ops from `init`. */
export function createPlainSearch(model: Model<unknown>, init: unknown, ops: readonly PreparedOp[], budget: SearchBudget): Search {
  return new PlainSearch(model, init, ops, budget);
}
