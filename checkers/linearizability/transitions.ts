// Model states interned to small integers, and transitions cached per (state, op), for the
// search: a dense states x ops table for the first states (as many rows as fit in 1 MB, the
// common case of few distinct states), then an open-addressing table keyed by (state id,
// op). (A dense table for every state costs more to allocate and zero than a linear search
// over thousands of ops takes.) Every state and hashed transition is charged to the memory
// budget.

import { INCONSISTENT } from '../models/model.js';
import type { Model } from '../models/model.js';
import { STATE_BYTES, TRANSITION_BYTES } from './memory.js';
import type { MemoryBudget } from './memory.js';
import type { PreparedOp } from './prepare.js';
import { valueEqual } from '../values.js';

const DENSE_WORDS_MAX = 1 << 18; // the dense part: 1 MB
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

export function createTransitions(
  model: Model<unknown>,
  init: unknown,
  ops: readonly PreparedOp[],
  budget: MemoryBudget,
  statesMax: number,
): Transitions {
  const n = ops.length;
  const states: unknown[] = [init];
  const stateIds = new Map<number, number | number[]>();
  stateIds.set(model.hash(init) | 0, 0);
  let charged = STATE_BYTES;
  budget.memoryBytesLeft -= STATE_BYTES;
  let isFull = false;
  const add = (s: unknown): number => {
    states.push(s);
    charged += STATE_BYTES;
    budget.memoryBytesLeft -= STATE_BYTES;
    if (budget.memoryBytesLeft < 0 || states.length > statesMax) isFull = true;
    return states.length - 1;
  };
  // States that are primitives of a model with structural equality (registers, kv keys)
  // are interned through a native Map: no hash computed here, no equality called.
  // (undefined is nil, as valueEqual has it; NaN takes the general path.)
  const primitive = (s: unknown): boolean => s === null || (typeof s !== 'object' && !Number.isNaN(s));
  const primitiveIds = model.equal === valueEqual ? new Map<unknown, number>() : null;
  if (primitiveIds !== null && primitive(init)) primitiveIds.set(init ?? null, 0);
  const intern = (s: unknown): number => {
    if (primitiveIds !== null && primitive(s)) {
      const key = s ?? null;
      const got = primitiveIds.get(key);
      if (got !== undefined) return got;
      primitiveIds.set(key, states.length);
      return add(s);
    }
    const h = model.hash(s) | 0;
    const got = stateIds.get(h);
    if (got === undefined) {
      stateIds.set(h, states.length);
      return add(s);
    }
    if (typeof got === 'number') {
      if (model.equal(states[got], s)) return got;
      stateIds.set(h, [got, states.length]);
      return add(s);
    }
    for (const id of got) if (model.equal(states[id], s)) return id;
    got.push(states.length);
    return add(s);
  };
  // 0 = not computed, 1 = inconsistent, k + 2 = next state k
  const denseRowsMax = n > 0 ? Math.floor(DENSE_WORDS_MAX / n) : 0;
  let denseRows = Math.min(16, denseRowsMax);
  let dense = new Int32Array(denseRows * n);
  // the hashed part is allocated when the first state past the dense rows needs it
  let tMask = 0;
  let tState = new Int32Array(1);
  let tOp = new Int32Array(1);
  let tNext = new Int32Array(1);
  let tCount = 0;
  const computeStep = (op: number, sid: number): number => {
    const r = model.step(states[sid], ops[op] as PreparedOp);
    return r === INCONSISTENT ? -1 : intern(r);
  };
  const transSlot = (op: number, sid: number, mask: number): number => {
    let h = Math.imul(sid, 0x9e3779b1) ^ Math.imul(op + 1, 0x85ebca6b);
    h ^= h >>> 15;
    return h & mask;
  };
  const growHashed = (): void => {
    const mask = tMask === 0 ? 1023 : tMask * 2 + 1;
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
  };
  const miss = (op: number, sid: number): number => {
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
    if (tMask === 0) growHashed();
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
    charged += TRANSITION_BYTES;
    budget.memoryBytesLeft -= TRANSITION_BYTES;
    if (budget.memoryBytesLeft < 0) isFull = true;
    if (tCount * 2 > tMask) growHashed();
    return t;
  };
  return {
    // the common case (a cached dense entry) stays small enough to be inlined in the walk
    next(op: number, sid: number): number {
      if (sid < denseRows) {
        const v = dense[sid * n + op] as number;
        if (v !== 0) return v - 2;
      }
      return miss(op, sid);
    },
    states,
    full: () => isFull,
    bytes: () => charged,
  };
}
