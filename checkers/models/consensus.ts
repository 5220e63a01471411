// Consensus, one instance per key: `propose v` returns the value decided for its key. The
// first propose to take effect decides its own value; every later one returns that value.
// So a history passes when every client learned the same value per key (agreement) and that
// value was proposed by an op that could have taken effect first (validity). A failed
// propose had no effect; a crashed one may have decided its value, or not.

import { canonicalKey, formatValue, valueEqual, valueHash } from '../values.js';
import { INCONSISTENT, formatShort, outputSuffix } from './model.js';
import type { Model } from './model.js';

export const consensusModel: Model<unknown> = {
  name: 'consensus',
  description: 'one consensus instance per key: propose v returns the decided value (the first proposal to take effect)',
  kind: 'register',
  functions: ['propose'],
  partitioned: true,
  canonicalF: (f) => (f === 'propose' ? 'propose' : null),
  init: (initial) => (initial === undefined ? null : initial),
  step(state, op) {
    if (op.outcome === 'fail') return state;
    const decided = state === null ? op.input : state;
    if (op.outcome === 'unknown') return decided;
    return valueEqual(decided, op.output) ? decided : INCONSISTENT;
  },
  equal: valueEqual,
  hash: valueHash,
  readOnly: () => false,
  validate: (op) => (op.input === null || op.input === undefined ? 'expected a value to propose' : null),
  partition: (op) => canonicalKey(op.key),
  describeOp: (op) => {
    const key = op.key === null || op.key === undefined ? '' : ` ${formatValue(op.key, 30)}`;
    return `propose${key} ${formatShort(op.input)}` + outputSuffix(op, true);
  },
  describeState: (s) => (s === null ? 'undecided' : `decided ${formatValue(s, 40)}`),
};
