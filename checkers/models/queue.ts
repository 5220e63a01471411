// A FIFO queue: enqueue x, dequeue (returns the head; nil when empty). The state is the
// list of elements, head first.

import { formatValue, hashString, canonicalKey, valueEqual } from '../values.js';
import { INCONSISTENT, outputSuffix } from './model.js';
import type { Model } from './model.js';

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
};
