// A counter: add n, read. The state is the total (initial default 0).

import { formatValue, valueEqual, valueHash } from '../values.js';
import { INCONSISTENT, outputSuffix } from './model.js';
import type { Model } from './model.js';

const ALIASES: Readonly<Record<string, string>> = { add: 'add', incr: 'add', inc: 'add', read: 'read', get: 'read' };

export const counterModel: Model<number> = {
  name: 'counter',
  description: 'a counter: add n (aliases incr, inc), read (alias get); starts at 0',
  kind: 'counter',
  functions: ['add', 'read'],
  partitioned: false,
  canonicalF: (f) => ALIASES[f] ?? null,
  init: (initial) => (typeof initial === 'number' ? initial : 0),
  step(state, op) {
    if (op.f === 'add') {
      if (op.outcome === 'fail') return INCONSISTENT;
      return state + (op.input as number);
    }
    if (op.f === 'read') {
      if (op.outcome === 'unknown') return state;
      return valueEqual(state, op.output) ? state : INCONSISTENT;
    }
    return INCONSISTENT;
  },
  equal: (a, b) => a === b,
  hash: valueHash,
  readOnly: (f) => f === 'read',
  validate: (op) =>
    op.f === 'add' && (typeof op.input !== 'number' || !Number.isFinite(op.input))
      ? `expected the value of an add to be a number, found ${formatValue(op.input, 30)}`
      : null,
  partition: () => null,
  describeOp: (op) => (op.f === 'add' ? `add ${formatValue(op.input, 30)}${outputSuffix(op, false)}` : 'read' + outputSuffix(op, true)),
  describeState: (s) => String(s),
};
