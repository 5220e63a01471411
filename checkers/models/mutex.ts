// A mutex: acquire / release. The state is the owner (nil = free). The owner of an op is
// its value when not nil, else its process number. A release by someone else than the
// owner, or of a free lock, is inconsistent. A crashed acquire of a held lock, or a
// crashed release by a non-owner, would not have succeeded: it changes nothing.

import { formatValue, valueEqual, valueHash } from '../values.js';
import { INCONSISTENT, outputSuffix } from './model.js';
import type { Model, ModelOp } from './model.js';

const ALIASES: Readonly<Record<string, string>> = { acquire: 'acquire', lock: 'acquire', release: 'release', unlock: 'release' };

export function ownerOf(op: ModelOp): unknown {
  return op.input === null || op.input === undefined ? op.process : op.input;
}

export const mutexModel: Model<unknown> = {
  name: 'mutex',
  description: 'a lock: acquire, release (aliases lock, unlock); owner = the op value, else the process',
  kind: 'mutex',
  functions: ['acquire', 'release'],
  partitioned: false,
  canonicalF: (f) => ALIASES[f] ?? null,
  init: (initial) => (initial === undefined ? null : initial),
  step(state, op) {
    const owner = ownerOf(op);
    const free = state === null || state === undefined;
    if (op.f === 'acquire') {
      if (op.outcome === 'unknown') return free ? owner : state;
      if (op.outcome === 'fail') return INCONSISTENT;
      return free ? owner : INCONSISTENT;
    }
    if (op.f === 'release') {
      const mine = !free && valueEqual(state, owner);
      if (op.outcome === 'unknown') return mine ? null : state;
      if (op.outcome === 'fail') return INCONSISTENT;
      return mine ? null : INCONSISTENT;
    }
    return INCONSISTENT;
  },
  equal: valueEqual,
  hash: valueHash,
  readOnly: () => false,
  validate: () => null,
  partition: () => null,
  describeOp: (op) => {
    const who = op.input === null || op.input === undefined ? '' : ` as ${formatValue(op.input, 30)}`;
    return op.f + who + outputSuffix(op, false);
  },
  describeState: (s) => (s === null || s === undefined ? 'free' : `held by ${formatValue(s, 30)}`),
};
