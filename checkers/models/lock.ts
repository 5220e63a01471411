// A lock with fencing tokens: acquire returns a token (a number, or `{token: n}`), release
// gives it back. Like the mutex (mutex.ts), one holder at a time; unlike it, ownership is
// the token, and every granted token is larger than any granted before, so a storage
// service can refuse writes from a holder whose lease has passed (Kleppmann's fencing).
// The state is [held, last]: the holder's token (null when free; UNKNOWN_TOKEN after a
// crashed acquire, whose token nobody saw) and the largest token granted so far.

import { formatValue, valueHash } from '../values.js';
import { INCONSISTENT, outputSuffix } from './model.js';
import type { Model, ModelOp } from './model.js';

type LockState = readonly [held: number | null, last: number];

/** The holder of a crashed acquire: some token larger than `last`, unknown which. */
const UNKNOWN_TOKEN = -1;

const ALIASES: Readonly<Record<string, string>> = { acquire: 'acquire', lock: 'acquire', release: 'release', unlock: 'release' };

/** A token written as n or {token: n}; null when the value is neither. */
export function tokenOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return tokenOf((value as { token?: unknown }).token);
  return null;
}

/** Does token t release a lock held as `held`? */
function holds(state: LockState, t: number): boolean {
  const [held, last] = state;
  return held === t || (held === UNKNOWN_TOKEN && t > last);
}

function step(state: LockState, op: ModelOp): LockState | typeof INCONSISTENT {
  const [held, last] = state;
  if (op.f === 'acquire') {
    if (op.outcome === 'unknown') return held === null ? [UNKNOWN_TOKEN, last] : state;
    const t = tokenOf(op.output);
    if (op.outcome === 'fail' || held !== null || t === null || t <= last) return INCONSISTENT;
    return [t, t];
  }
  if (op.f === 'release') {
    const t = tokenOf(op.input);
    const mine = t !== null && holds(state, t);
    if (op.outcome === 'unknown') return mine ? [null, Math.max(last, t!)] : state;
    if (op.outcome === 'fail' || !mine) return INCONSISTENT;
    return [null, Math.max(last, t!)];
  }
  return INCONSISTENT;
}

export const lockModel: Model<LockState> = {
  name: 'lock',
  description: 'a lock with fencing tokens: acquire returns a token (n or {token: n}) larger than any before; release takes it',
  kind: 'lock',
  functions: ['acquire', 'release'],
  partitioned: false,
  canonicalF: (f) => ALIASES[f] ?? null,
  init: (initial) => [null, tokenOf(initial) ?? 0],
  step,
  equal: (a, b) => a[0] === b[0] && a[1] === b[1],
  hash: (s) => valueHash(s as unknown as unknown[]),
  readOnly: () => false,
  validate: (op) => {
    if (op.f === 'release' && tokenOf(op.input) === null) return `expected the value of a release to be a token (n or {token: n}), found ${formatValue(op.input, 30)}`;
    if (op.f === 'acquire' && op.outcome === 'ok' && tokenOf(op.output) === null) {
      return `expected an ok acquire to return a token (n or {token: n}), found ${formatValue(op.output, 30)}`;
    }
    return null;
  },
  partition: () => null,
  describeOp: (op: ModelOp) =>
    op.f === 'acquire' ? 'acquire' + outputSuffix(op, true) : `release ${formatValue(tokenOf(op.input), 20)}` + outputSuffix(op, false),
  describeState: ([held, last]) =>
    held === null ? `free (last token ${last})` : held === UNKNOWN_TOKEN ? `held by a crashed acquire (token > ${last})` : `held by token ${held}`,
};
