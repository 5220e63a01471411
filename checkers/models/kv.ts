// A multi-key store: get/put/cas/append, partitioned per key, so each key is checked as
// its own register. append concatenates strings: String(current) + String(arg); appending
// to an absent key starts from the empty string. get of an absent key reads nil (or the
// initial value, e.g. --initial '' for stores that read absent keys as '').

import { canonicalKey, formatValue, valueEqual, valueHash } from '../values.js';
import { describeRegisterOp, stepRegisterValue, validateRegisterOp } from './register.js';
import { reduceRegister } from './register-reduce.js';
import type { Model } from './model.js';

const ALIASES: Readonly<Record<string, string>> = {
  get: 'read',
  read: 'read',
  put: 'write',
  write: 'write',
  cas: 'cas',
  append: 'append',
  // A delete is a write of nil: afterwards the key reads as absent.
  delete: 'write',
};

export const kvModel: Model<unknown> = {
  name: 'kv',
  description: 'a key-value store, one register per key: get, put, cas [expected new], append (aliases read, write)',
  kind: 'register',
  functions: ['read', 'write', 'cas', 'append'],
  partitioned: true,
  canonicalF: (f) => ALIASES[f] ?? null,
  init: (initial) => (initial === undefined ? null : initial),
  step: stepRegisterValue,
  equal: valueEqual,
  hash: valueHash,
  readOnly: (f) => f === 'read',
  validate: validateRegisterOp,
  partition: (op) => canonicalKey(op.key),
  describeOp: (op) => {
    const d = describeRegisterOp(op);
    const k = op.key === null || op.key === undefined ? '' : ` ${formatValue(op.key, 30)}`;
    // "read k1 -> 3", "write k1 5"
    const sp = d.indexOf(' ');
    const verb = sp < 0 ? d : d.slice(0, sp);
    const rest = sp < 0 ? '' : d.slice(sp);
    const name = verb === 'read' ? 'get' : verb === 'write' ? 'put' : verb;
    return name + k + rest;
  },
  describeState: (s) => formatValue(s, 40),
  optimize: reduceRegister,
};
