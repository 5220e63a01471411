// Model states interned to small integers, and transitions cached per (state, op), for the
// search: a dense states x ops table for the first states (as many rows as fit in 1 MB, the
// common case of few distinct states; it grows only while it is well filled), then an
// open-addressing table keyed by (state id, op). (A dense table for every state costs more
// to allocate and zero than a linear search over thousands of ops takes.) Every state and
// hashed transition is charged to the memory budget.

import { INCONSISTENT } from '../models/model.js';
import type { Model } from '../models/model.js';
import { STATE_BYTES, TRANSITION_BYTES } from './memory.js';
import type { MemoryBudget } from './memory.js';
import type { PreparedOp } from './prepare.js';
import { valueEqual } from '../values.js';

const DENSE_WORDS_MAX = 1 << 18; // the dense part: 1 MB
/** The dense part doubles only while at least this share of its cells is filled. A long
 *  history with many states but few candidates per state (a kv key of a Raft run: 950
 *  ops, 520 states, 4 transitions per state) would otherwise grow it to 1 MB (and copy it
 *  five times) for a few thousand transitions, which the hashed part holds in 100 KB. */
const DENSE_FILL_MIN = 1 / 32;
const TRANS_ENTRIES_MAX = 1 << 21; // transitions kept in the hash table (at most 48 MB)

export interface Transitions {
  /** The next state's id after op from state sid, or -1 when the model refuses it. */
  next(op: number, sid: number): number;
  /** The interned states, by id (0 = the initial state). */
  readonly states: unknown[];
  /** True once a state was refused for lack of memory (the search must stop). */
  full(): boolean;
  /** Bytes charged so far. */
  bytes(): number;
}

/** (undefined is nil, as valueEqual has it; NaN takes the general path.) */
function isPrimitiveState(s: unknown): boolean {
  return s === null || (typeof s !== 'object' && !Number.isNaN(s));
}

/** The hashed part's first size, in slots: 4 per op (a power of two, 1,024 to 65,536). A
 *  search computes about two transitions per op of a kv key of a Raft bench history, past
 *  the dense rows: from 1,024 slots the table grew twice, rehashing every entry each time. */
function hashedSlotsFirst(ops: number): number {
  let slots = 1024;
  while (slots < 4 * ops && slots < HASHED_SLOTS_FIRST_MAX) slots *= 2;
  return slots;
}
const HASHED_SLOTS_FIRST_MAX = 1 << 16;

function transSlot(op: number, sid: number, mask: number): number {
  let h = Math.imul(sid, 0x9e3779b1) ^ Math.imul(op + 1, 0x85ebca6b);
  h ^= h >>> 15;
  return h & mask;
}

/** A class, not closures: every table shares one set of methods, so the optimizing compiler
 *  that inlines `next` into the search's loop never meets a second copy of it. */
class TransitionTable implements Transitions {
  readonly states: unknown[];
  private readonly n: number;
  private readonly stateIds = new Map<number, number | number[]>();
  /** States that are primitives of a model with structural equality (registers, kv keys)
   *  are interned through a native Map: no hash computed, no equality called. */
  private readonly primitiveIds: Map<unknown, number> | null;
  private charged = STATE_BYTES;
  private isFull = false;
  // 0 = not computed, 1 = inconsistent, k + 2 = next state k
  private readonly denseRowsMax: number;
  private denseRows: number;
  private dense: Int32Array;
  /** Dense cells computed so far. */
  private denseFilled = 0;
  // the hashed part is allocated when the first state past the dense rows needs it
  private tMask = 0;
  private tState = new Int32Array(1);
  private tOp = new Int32Array(1);
  private tNext = new Int32Array(1);
  private tCount = 0;
  /** Per op: the state its last computed step led to (by identity), and that state's id + 1
   *  (0: none yet). */
  private readonly lastNext: unknown[];
  private readonly lastNextId: Int32Array;

  constructor(
    private readonly model: Model<unknown>,
    init: unknown,
    private readonly ops: readonly PreparedOp[],
    private readonly budget: MemoryBudget,
    private readonly statesMax: number,
  ) {
    const n = ops.length;
    this.n = n;
    this.states = [init];
    this.stateIds.set(model.hash(init) | 0, 0);
    budget.memoryBytesLeft -= STATE_BYTES;
    this.primitiveIds = model.equal === valueEqual ? new Map<unknown, number>() : null;
    if (this.primitiveIds !== null && isPrimitiveState(init)) this.primitiveIds.set(init ?? null, 0);
    this.denseRowsMax = n > 0 ? Math.floor(DENSE_WORDS_MAX / n) : 0;
    this.denseRows = Math.min(16, this.denseRowsMax);
    this.dense = new Int32Array(this.denseRows * n);
    this.lastNext = new Array<unknown>(n).fill(undefined);
    this.lastNextId = new Int32Array(n);
  }

  // the common case (a cached dense entry) stays small enough to be inlined in the walk
  next(op: number, sid: number): number {
    if (sid < this.denseRows) {
      const v = this.dense[sid * this.n + op] as number;
      if (v !== 0) return v - 2;
    }
    return this.miss(op, sid);
  }

  full(): boolean {
    return this.isFull;
  }

  bytes(): number {
    return this.charged;
  }

  private add(s: unknown): number {
    this.states.push(s);
    this.charged += STATE_BYTES;
    this.budget.memoryBytesLeft -= STATE_BYTES;
    if (this.budget.memoryBytesLeft < 0 || this.states.length > this.statesMax) this.isFull = true;
    return this.states.length - 1;
  }

  private intern(s: unknown): number {
    const primitiveIds = this.primitiveIds;
    if (primitiveIds !== null && isPrimitiveState(s)) {
      const key = s ?? null;
      const got = primitiveIds.get(key);
      if (got !== undefined) return got;
      primitiveIds.set(key, this.states.length);
      return this.add(s);
    }
    const h = this.model.hash(s) | 0;
    const got = this.stateIds.get(h);
    if (got === undefined) {
      this.stateIds.set(h, this.states.length);
      return this.add(s);
    }
    if (typeof got === 'number') {
      if (this.model.equal(this.states[got], s)) return got;
      this.stateIds.set(h, [got, this.states.length]);
      return this.add(s);
    }
    for (const id of got) if (this.model.equal(this.states[id], s)) return id;
    got.push(this.states.length);
    return this.add(s);
  }

  /**
   * The step's next state, interned. A state identical (===) to one already interned has
   * that id, with no hash or lookup: a step that leaves the state as it was (a read) gives
   * the state itself, and an op that sets a value (a write, a cas) gives the same value
   * object from every state, so the id it led to last time is kept per op. (Not for
   * strings: two distinct strings of one length compare by their characters, and an
   * append makes a new string from each state, which only intern can place.)
   */
  private computeStep(op: number, sid: number): number {
    const state = this.states[sid];
    const r = this.model.step(state, this.ops[op] as PreparedOp);
    if (r === INCONSISTENT) return -1;
    if (r === state) return sid;
    if (typeof r !== 'string' && r === this.lastNext[op] && this.lastNextId[op] !== 0) return (this.lastNextId[op] as number) - 1;
    const id = this.intern(r);
    this.lastNext[op] = r;
    this.lastNextId[op] = id + 1;
    return id;
  }

  private growHashed(): void {
    const tMask = this.tMask;
    const mask = tMask === 0 ? hashedSlotsFirst(this.n) - 1 : tMask * 2 + 1;
    const ns = new Int32Array(mask + 1);
    const no = new Int32Array(mask + 1);
    const nn = new Int32Array(mask + 1);
    for (let j = 0; j <= tMask; j++) {
      const v = this.tNext[j] as number;
      if (v === 0) continue;
      const s2 = this.tState[j] as number;
      const o2 = this.tOp[j] as number;
      let k = transSlot(o2, s2, mask);
      while (nn[k] !== 0) k = (k + 1) & mask;
      ns[k] = s2;
      no[k] = o2;
      nn[k] = v;
    }
    this.tState = ns;
    this.tOp = no;
    this.tNext = nn;
    this.tMask = mask;
  }

  private miss(op: number, sid: number): number {
    if (sid < this.denseRows) return this.missDense(op, sid);
    if (this.tMask === 0) this.growHashed();
    let i = transSlot(op, sid, this.tMask);
    for (;;) {
      const v = this.tNext[i] as number;
      if (v === 0) break;
      if (this.tState[i] === sid && this.tOp[i] === op) return v - 2;
      i = (i + 1) & this.tMask;
    }
    const t = this.computeStep(op, sid);
    if (this.tCount >= TRANS_ENTRIES_MAX) return t;
    this.tState[i] = sid;
    this.tOp[i] = op;
    this.tNext[i] = t + 2;
    this.tCount++;
    this.charged += TRANSITION_BYTES;
    this.budget.memoryBytesLeft -= TRANSITION_BYTES;
    if (this.budget.memoryBytesLeft < 0) this.isFull = true;
    if (this.tCount * 2 > this.tMask) this.growHashed();
    return t;
  }

  private missDense(op: number, sid: number): number {
    const n = this.n;
    const t = this.computeStep(op, sid);
    this.dense[sid * n + op] = t + 2;
    this.denseFilled++;
    const states = this.states.length;
    if (states > this.denseRows && this.denseRows < this.denseRowsMax && this.denseFilled >= this.denseRows * n * DENSE_FILL_MIN) {
      const rows = Math.min(this.denseRowsMax, Math.max(this.denseRows * 2, states));
      const nd = new Int32Array(rows * n);
      nd.set(this.dense);
      this.dense = nd;
      this.denseRows = rows;
    }
    return t;
  }
}

export function createTransitions(
  model: Model<unknown>,
  init: unknown,
  ops: readonly PreparedOp[],
  budget: MemoryBudget,
  statesMax: number,
): Transitions {
  return new TransitionTable(model, init, ops, budget, statesMax);
}
