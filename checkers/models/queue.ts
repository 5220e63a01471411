// A FIFO queue: enqueue x, dequeue (returns the head; nil when empty). The state is the
// list of elements, head first.

import { formatValue, hashString, canonicalKey, valueEqual } from '../values.js';
import { INCONSISTENT, outputSuffix } from './model.js';
import type { Model, ModelOp } from './model.js';

export type QueueState = readonly unknown[];

const ALIASES: Readonly<Record<string, string>> = { enqueue: 'enqueue', offer: 'enqueue', push: 'enqueue', dequeue: 'dequeue', poll: 'dequeue', pop: 'dequeue' };

export const queueModel: Model<QueueState> = {
  name: 'queue',
  description: 'a FIFO queue: enqueue x, dequeue (returns the head, nil when empty)',
  kind: 'queue',
  functions: ['enqueue', 'dequeue'],
  partitioned: false,
  canonicalF: (f) => ALIASES[f] ?? null,
  init: (initial) => (Array.isArray(initial) ? initial.slice() : []),
  step(state, op) {
    if (op.f === 'enqueue') {
      if (op.outcome === 'fail') return INCONSISTENT;
      return [...state, op.input];
    }
    if (op.f === 'dequeue') {
      if (op.outcome === 'fail') return INCONSISTENT;
      if (op.outcome === 'unknown') return state.length === 0 ? state : state.slice(1);
      if (state.length === 0) return op.output === null || op.output === undefined ? state : INCONSISTENT;
      return valueEqual(state[0], op.output) ? state.slice(1) : INCONSISTENT;
    }
    return INCONSISTENT;
  },
  equal: (a, b) => valueEqual(a, b),
  hash: (s) => hashString(canonicalKey(s)),
  readOnly: () => false,
  validate: () => null,
  partition: () => null,
  describeOp: (op) => (op.f === 'enqueue' ? `enqueue ${formatValue(op.input, 30)}${outputSuffix(op, false)}` : 'dequeue' + outputSuffix(op, true)),
  describeState: (s) => '[' + s.map((v) => formatValue(v, 20)).join(' ') + ']',
  optimize: mergeUnobserved,
};

/**
 * Elements no successful dequeue ever returns are indistinguishable: an ok dequeue never
 * matches any of them, a crashed one removes the head whatever it is, and emptiness does
 * not depend on values. Renaming them all to one placeholder keeps every step's outcome
 * (a bisimulation) while states that differ only in the order of such elements become
 * equal, which keeps the search from enumerating their orders.
 *
 * A crashed enqueue of such an element is dropped: its element can only block the ops
 * behind it, so a linearization that includes it stays legal without it (and without the
 * crashed dequeue, if any, that removed it; both are optional).
 */
export function mergeUnobserved<O extends ModelOp>(ops: readonly O[]): readonly O[] {
  const observed = new Set<string>();
  for (const op of ops) {
    if (op.f === 'dequeue' && op.outcome === 'ok' && op.output !== null && op.output !== undefined) observed.add(canonicalKey(op.output));
  }
  let placeholder = 'unobserved';
  while (observed.has(canonicalKey(placeholder))) placeholder += '*';
  let changed = false;
  const out: O[] = [];
  for (const op of ops) {
    if (op.f !== 'enqueue' || observed.has(canonicalKey(op.input))) {
      out.push(op);
      continue;
    }
    changed = true;
    if (op.outcome !== 'unknown') out.push({ ...op, input: placeholder });
  }
  return changed ? out : ops;
}
