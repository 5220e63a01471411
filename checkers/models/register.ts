// Registers: a single value with read/write (register) and compare-and-set (cas-register).
// The state is the value itself (nil = absent). Aliases: get = read, put = write.

import { valueEqual, valueHash } from '../values.js';
import { INCONSISTENT, formatShort, outputSuffix } from './model.js';
import { reduceRegister } from './register-reduce.js';
import type { Inconsistent, Model, ModelOp } from './model.js';

const ALIASES: Readonly<Record<string, string>> = { read: 'read', get: 'read', write: 'write', put: 'write', cas: 'cas' };

export function casPair(v: unknown): v is [unknown, unknown] {
  return Array.isArray(v) && v.length === 2;
}

/** Step a register value (shared by register, cas-register and each kv key). */
export function stepRegisterValue(state: unknown, op: ModelOp): unknown | Inconsistent {
  switch (op.f) {
    case 'read':
      if (op.outcome === 'unknown') return state;
      return valueEqual(state, op.output) ? state : INCONSISTENT;
    case 'write':
      return op.input;
    case 'cas': {
      const [expected, next] = op.input as [unknown, unknown];
      const match = valueEqual(state, expected);
      if (op.outcome === 'ok') return match ? next : INCONSISTENT;
      if (op.outcome === 'fail') return match ? INCONSISTENT : state;
      return match ? next : state;
    }
    case 'append': {
      if (op.outcome === 'fail') return INCONSISTENT;
      const base = state === null || state === undefined ? '' : String(state);
      return base + String(op.input);
    }
    default:
      return INCONSISTENT;
  }
}

export function describeRegisterOp(op: ModelOp): string {
  switch (op.f) {
    case 'read':
      return 'read' + outputSuffix(op, true);
    case 'write':
      return `write ${formatShort(op.input)}` + outputSuffix(op, false);
    case 'cas': {
      const p = casPair(op.input) ? op.input : [op.input, undefined];
      return `cas ${formatShort(p[0])} -> ${formatShort(p[1])}` + outputSuffix(op, false);
    }
    case 'append':
      return `append ${formatShort(op.input)}` + outputSuffix(op, false);
    default:
      return op.f;
  }
}

export function validateRegisterOp(op: ModelOp): string | null {
  if (op.f === 'cas' && !casPair(op.input)) return `expected the value of a cas to be [expected new], found ${formatShort(op.input)}`;
  return null;
}

function makeRegister(name: string, withCas: boolean): Model<unknown> {
  const functions = withCas ? ['read', 'write', 'cas'] : ['read', 'write'];
  return {
    name,
    description: withCas
      ? 'a single register: read, write, cas [expected new] (aliases get, put)'
      : 'a single register: read, write (aliases get, put)',
    kind: 'register',
    functions,
    partitioned: false,
    canonicalF(f) {
      const c = ALIASES[f];
      return c !== undefined && functions.includes(c) ? c : null;
    },
    init: (initial) => (initial === undefined ? null : initial),
    step: stepRegisterValue,
    equal: valueEqual,
    hash: valueHash,
    readOnly: (f) => f === 'read',
    validate: validateRegisterOp,
    partition: () => null,
    describeOp: describeRegisterOp,
    describeState: (s) => formatShort(s),
    optimize: reduceRegister,
  };
}

export const registerModel: Model<unknown> = makeRegister('register', false);
export const casRegisterModel: Model<unknown> = makeRegister('cas-register', true);
