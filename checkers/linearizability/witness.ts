// A model's proposed linearization (Model.witness), verified here before it is trusted:
// each op at most once and every required op present, no op placed before one that
// completed before it was invoked, and every step legal from the initial state. Only a
// proposal that passes makes a partition linearizable without the general search.
import { INCONSISTENT, type Model, type TimedOp } from '../models/model.js';

/** The witness's own bound: steps per op, plus a base (counted in the check's steps). */
const WITNESS_STEPS_PER_OP = 20;
const WITNESS_STEPS_BASE = 10_000;

export function verifyWitness<S>(model: Model<S>, init: S, ops: readonly TimedOp[], order: readonly TimedOp[]): boolean {
  const known = new Set(ops);
  const placed = new Set<TimedOp>();
  let state = init;
  let latestCall = -Infinity;
  for (const op of order) {
    if (!known.has(op) || placed.has(op) || op.ret < latestCall) return false;
    placed.add(op);
    latestCall = Math.max(latestCall, op.call);
    const next = model.step(state, op);
    if (next === INCONSISTENT) return false;
    state = next;
  }
  return ops.every((op) => !op.required || placed.has(op));
}

/** Try the model's witness on one partition: whether it proved it linearizable, and the steps spent. */
export function tryWitness<S>(model: Model<S>, init: S, ops: readonly TimedOp[], stepsLeft: number): { proved: boolean; steps: number } {
  if (model.witness === undefined) return { proved: false, steps: 0 };
  const stepsMax = Math.min(stepsLeft, WITNESS_STEPS_BASE + WITNESS_STEPS_PER_OP * ops.length);
  const { order, steps } = model.witness(ops, init, stepsMax);
  return { proved: order !== null && verifyWitness(model, init, ops, order), steps };
}
