// A bank, as Jepsen's bank test: transfers {from, to, amount} between accounts and reads
// of every balance at once (`{a: 10, b: 5}`). A transfer that would leave its source
// negative must have been refused, so an ok one that would is inconsistent. Without an
// initial value the opening balances are unknown: the state then holds each account's net
// change, and the first read fixes the balances (they must all be >= 0 then).
// Accounts missing from a read or from the state have balance 0.

import { canonicalKey, formatValue, valueHash } from '../values.js';
import { asBalances, asTransfer, normalize, type BankState } from './bank-values.js';
import { findBankWitness } from './bank-witness.js';
import { INCONSISTENT, outputSuffix } from './model.js';
import type { Model, ModelOp } from './model.js';

export type { BankState } from './bank-values.js';

const ALIASES: Readonly<Record<string, string>> = { transfer: 'transfer', read: 'read', get: 'read' };

function step(state: BankState, op: ModelOp): BankState | typeof INCONSISTENT {
  if (op.f === 'transfer') {
    const t = asTransfer(op.input)!;
    const next = { ...state.balances };
    next[t.from] = (next[t.from] ?? 0) - t.amount;
    next[t.to] = (next[t.to] ?? 0) + t.amount;
    if (state.known && next[t.from]! < 0) return INCONSISTENT;
    return { known: state.known, balances: normalize(next) };
  }
  if (op.f === 'read') {
    if (op.outcome === 'unknown') return state;
    const seen = normalize(asBalances(op.output)!);
    if (state.known) return canonicalKey(seen) === canonicalKey(state.balances) ? state : INCONSISTENT;
    // The opening balances are what was read minus the net changes so far.
    const accounts = new Set([...Object.keys(seen), ...Object.keys(state.balances)]);
    for (const a of accounts) if ((seen[a] ?? 0) - (state.balances[a] ?? 0) < 0) return INCONSISTENT;
    return { known: true, balances: seen };
  }
  return INCONSISTENT;
}

export const bankModel: Model<BankState> = {
  name: 'bank',
  description: 'a bank: transfer {from, to, amount} (refused if it would overdraw), read of every balance ({a: 10, b: 5})',
  kind: 'bank',
  functions: ['transfer', 'read'],
  partitioned: false,
  canonicalF: (f) => ALIASES[f] ?? null,
  init: (initial) => {
    const balances = asBalances(initial);
    return balances === null ? { known: false, balances: {} } : { known: true, balances: normalize(balances) };
  },
  step,
  equal: (a, b) => a.known === b.known && canonicalKey(a.balances) === canonicalKey(b.balances),
  hash: (s) => valueHash([s.known, s.balances]),
  readOnly: (f) => f === 'read',
  validate: (op) => {
    if (op.f === 'transfer' && asTransfer(op.input) === null) {
      return `expected the value of a transfer to be {from, to, amount >= 0}, found ${formatValue(op.input, 40)}`;
    }
    if (op.f === 'read' && op.outcome === 'ok' && asBalances(op.output) === null) {
      return `expected a read to return balances like {a: 10, b: 5}, found ${formatValue(op.output, 40)}`;
    }
    return null;
  },
  partition: () => null,
  witness: (ops, init, stepsMax) => findBankWitness(step, ops, init, stepsMax),
  describeOp: (op) => {
    if (op.f !== 'transfer') return 'read' + outputSuffix(op, true);
    const t = asTransfer(op.input);
    return (t === null ? 'transfer ?' : `transfer ${t.amount} ${t.from} -> ${t.to}`) + outputSuffix(op, false);
  },
  describeState: (s) => (s.known ? formatValue(s.balances, 60) : `opening balances unknown; net changes ${formatValue(s.balances, 50)}`),
};
