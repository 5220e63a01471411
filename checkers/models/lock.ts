// A lock with fencing tokens: acquire returns a token (a number, or `{token: n}`), release
// gives it back. Like the mutex (mutex.ts), one holder at a time; unlike it, ownership is
// the token, and every granted token is larger than any granted before, so a storage
// service can refuse writes from a holder whose lease has passed (Kleppmann's fencing).
// The state is [held, last]: the holder's token (null when free; UNKNOWN_TOKEN after a
// crashed acquire, whose token nobody saw) and the largest token granted so far.
// Crashed acquires are dropped before the search when no release could free them
// (dropCrashedAcquires): they are what made a lapsed lease expensive to refute. A history
// that is linearizable needs no search at all: the tokens give its order (lockWitness).

import { formatValue, valueHash } from '../values.js';
import { INCONSISTENT, outputSuffix } from './model.js';
import type { Model, ModelOp, TimedOp, WitnessResult } from './model.js';

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

/**
 * A crashed acquire that takes effect while the lock is held changes nothing. One that
 * takes effect while it is free holds it with an unknown token u > last, and only a
 * release of a token t > last frees it. When every release names the token of some ok
 * acquire, none can: that acquire of t, before or after, leaves last >= t behind it (last
 * never decreases). So from there on no acknowledged op can follow, and the linearization
 * without the crashed acquire (and the optional ops after it) is legal too: dropping every
 * crashed acquire keeps the verdict. Without that condition (a release of a token no ok
 * acquire returned, as in an external history) the ops are kept as they are.
 * A history with many timed-out acquires (contended Redlock) is otherwise searched in
 * every subset of them before a lapsed lease is refuted.
 */
export function dropCrashedAcquires<O extends ModelOp>(ops: readonly O[]): readonly O[] {
  const granted = new Set<number>();
  for (const op of ops) if (op.f === 'acquire' && op.outcome === 'ok') granted.add(tokenOf(op.output)!);
  const freeable = ops.some((op) => op.f === 'release' && !granted.has(tokenOf(op.input)!));
  if (freeable) return ops;
  const kept = ops.filter((op) => !(op.f === 'acquire' && op.outcome === 'unknown'));
  return kept.length === ops.length ? ops : kept;
}

/**
 * The witness (model.ts): the order the tokens give. Every ok acquire by token, each
 * followed by the release of its token (an acknowledged one, else a crashed one); crashed
 * acquires and the other crashed releases are left out. The checker verifies it (real
 * time, every step): a lapsed lease, where the next acquire completed before the previous
 * holder's release began, fails there, and the search decides. Otherwise no search runs.
 */
export function lockWitness<O extends TimedOp>(ops: readonly O[], _init: LockState, stepsMax: number): WitnessResult<O> {
  if (ops.length > stepsMax) return { order: null, steps: 0 };
  const acquires: O[] = [];
  const releases = new Map<number, O>();
  for (const op of ops) {
    if (op.f === 'acquire') {
      if (op.outcome === 'ok') acquires.push(op);
      continue;
    }
    const token = tokenOf(op.input)!;
    const seen = releases.get(token);
    if (seen === undefined || (seen.outcome !== 'ok' && op.outcome === 'ok')) releases.set(token, op);
    else if (seen.outcome === 'ok' && op.outcome === 'ok') return { order: null, steps: ops.length }; // one token released twice
  }
  acquires.sort((a, b) => tokenOf(a.output)! - tokenOf(b.output)!);
  const order: O[] = [];
  for (const acquire of acquires) {
    order.push(acquire);
    const release = releases.get(tokenOf(acquire.output)!);
    if (release !== undefined) order.push(release);
  }
  return { order, steps: ops.length };
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
  optimize: dropCrashedAcquires,
  witness: lockWitness,
};
