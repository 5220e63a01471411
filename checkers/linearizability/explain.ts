// One sentence on why no order works. Each pattern below is a sufficient condition for
// non-linearizability found by looking at the intervals of a few ops (so a pattern never
// fires on a linearizable history; the differential tests check that). The ops around
// the op the search could not place are tried first; when no pattern fits, a generic
// sentence names the state after the longest linearizable prefix.

import type { Model } from '../models/model.js';
import { ownerOf } from '../models/mutex.js';
import { readElements } from '../models/set.js';
import { canonicalKey, formatValue, valueEqual } from '../values.js';
import type { PreparedOp } from './prepare.js';

export type ViolationKind =
  | 'value-never-written'
  | 'read-before-write'
  | 'stale-read'
  | 'lost-write'
  | 'duplicate-append'
  | 'append-order'
  | 'double-acquire'
  | 'release-not-held'
  | 'never-enqueued'
  | 'dequeue-before-enqueue'
  | 'duplicate-dequeue'
  | 'element-never-added'
  | 'lost-add'
  | 'counter-out-of-range'
  | 'no-valid-order';

export interface Explanation {
  readonly kind: ViolationKind;
  readonly sentence: string;
  /** The ops the sentence is about (ids in the prepared history). */
  readonly ops: readonly number[];
}

const v = (x: unknown): string => formatValue(x, 40);

function keyPart(model: Model<unknown>, op: PreparedOp, prep: 'of' | 'to' | 'on'): string {
  if (!model.partitioned || op.key === null || op.key === undefined) return '';
  return ` ${prep} ${v(op.key)}`;
}

/** Order candidates: the blocked op, then ops concurrent with it, then the rest. */
function focusOrder(ops: readonly PreparedOp[], blocked: PreparedOp | null): PreparedOp[] {
  if (blocked === null) return ops.slice();
  const first: PreparedOp[] = [blocked];
  const second: PreparedOp[] = [];
  const rest: PreparedOp[] = [];
  for (const op of ops) {
    if (op === blocked) continue;
    if (op.call < blocked.ret && blocked.call < op.ret) second.push(op);
    else rest.push(op);
  }
  return first.concat(second, rest);
}

// ---- registers (register, cas-register, kv) ------------------------------------------------

interface Writer {
  readonly op: PreparedOp | null; // null = the initial value
  readonly value: unknown;
  readonly call: number;
  readonly ret: number;
}

function writtenValue(op: PreparedOp): { value: unknown } | null {
  if (op.status === 'fail') return null;
  if (op.f === 'write') return { value: op.input };
  if (op.f === 'cas') return { value: (op.input as unknown[])[1] };
  return null;
}

function observed(op: PreparedOp): { value: unknown } | null {
  if (op.status !== 'ok') return null;
  if (op.f === 'read') return { value: op.output };
  if (op.f === 'cas') return { value: (op.input as unknown[])[0] };
  return null;
}

function describeWrite(op: PreparedOp): string {
  return op.f === 'cas' ? `cas to ${v((op.input as unknown[])[1])}` : `write of ${v(op.input)}`;
}

function describeObservation(model: Model<unknown>, op: PreparedOp, value: unknown): string {
  if (op.f === 'cas') return `a successful cas${keyPart(model, op, 'on')} expected ${v(value)}`;
  return `read${keyPart(model, op, 'of')} returned ${v(value)}`;
}

function explainRegister(model: Model<unknown>, ops: readonly PreparedOp[], init: unknown, blocked: PreparedOp | null): Explanation | null {
  if (ops.some((op) => op.f === 'append')) return explainAppends(model, ops, init, blocked);
  const writers: Writer[] = [];
  for (const op of ops) {
    const w = writtenValue(op);
    if (w !== null) writers.push({ op, value: w.value, call: op.call, ret: op.ret });
  }
  const definite = writers.filter((w) => w.op !== null && w.op.status === 'ok');
  for (const r of focusOrder(ops, blocked)) {
    const obs = observed(r);
    if (obs === null) continue;
    const val = obs.value;
    const ofVal = writers.filter((w) => w.op !== r && valueEqual(w.value, val));
    const isInit = valueEqual(val, init);
    const what = describeObservation(model, r, val);
    if (!isInit && ofVal.length === 0) {
      return { kind: 'value-never-written', sentence: `${what}, a value never written${keyPart(model, r, 'to')}`, ops: [r.id] };
    }
    if (!isInit && ofVal.every((w) => w.call > r.ret)) {
      return {
        kind: 'read-before-write',
        sentence: `${what} before any write of ${v(val)} had begun`,
        ops: [r.id, ...ofVal.map((w) => (w.op as PreparedOp).id)],
      };
    }
    // A completed write of another value, begun after every write of val ended and ended
    // before r began: val was overwritten for good before r.
    const sources: Writer[] = isInit ? [{ op: null, value: init, call: -Infinity, ret: -Infinity }, ...ofVal] : ofVal;
    let latest: Writer | null = null;
    for (const w of definite) {
      if (w.op === r || w.ret >= r.call || valueEqual(w.value, val)) continue;
      if (latest === null || w.call > latest.call) latest = w;
    }
    if (latest !== null && sources.every((s) => s.ret < latest.call)) {
      const over = latest.op as PreparedOp;
      const seen = ops.some((o) => o !== r && o.status === 'ok' && o.f === 'read' && valueEqual(o.output, latest.value));
      if (!seen && over.f === 'write') {
        return {
          kind: 'lost-write',
          sentence: `the acknowledged ${describeWrite(over)}${keyPart(model, over, 'to')} was lost: it completed before the ${r.f === 'cas' ? 'cas' : 'read'} began, yet the ${r.f === 'cas' ? 'cas expected' : 'read returned'} ${v(val)} and no read ever returned ${v(latest.value)}`,
          ops: [over.id, r.id],
        };
      }
      const every = isInit && ofVal.length === 0 ? `the initial value ${v(val)}` : `every write of ${v(val)}`;
      return {
        kind: 'stale-read',
        sentence: `${what}, but ${every} was overwritten by a completed ${describeWrite(over)} before the ${r.f === 'cas' ? 'cas' : 'read'} began`,
        ops: [r.id, over.id],
      };
    }
  }
  return null;
}

// ---- appends (Jepsen-style: each append adds a token ending in a separator) ------------------

/**
 * When every append adds a string ending in the same separator character that occurs
 * nowhere else in it, nothing else writes the key (no ok or crashed write or cas), and the
 * key starts empty, every reachable value is a concatenation of whole append arguments:
 * a read can then be split into the tokens it must have been built from.
 */
function explainAppends(model: Model<unknown>, ops: readonly PreparedOp[], init: unknown, blocked: PreparedOp | null): Explanation | null {
  if (!(init === null || init === undefined || init === '')) return null;
  if (ops.some((o) => (o.f === 'write' || o.f === 'cas') && o.status !== 'fail')) return null;
  const appends = ops.filter((o) => o.f === 'append' && o.status !== 'fail');
  let sep: string | null = null;
  for (const a of appends) {
    const arg = a.input;
    if (typeof arg !== 'string' || arg === '') return null;
    const last = arg[arg.length - 1] as string;
    if (sep === null) sep = last;
    if (last !== sep || arg.indexOf(sep) !== arg.length - 1) return null;
  }
  if (sep === null) return null;
  const byArg = new Map<string, PreparedOp[]>();
  for (const a of appends) {
    const arg = a.input as string;
    const list = byArg.get(arg);
    if (list === undefined) byArg.set(arg, [a]);
    else list.push(a);
  }
  for (const r of focusOrder(ops, blocked)) {
    if (r.f !== 'read' || r.status !== 'ok') continue;
    const out = r.output;
    const what = `read${keyPart(model, r, 'of')}`;
    if (out === null || out === undefined || out === '') {
      for (const a of appends) {
        if (a.status === 'ok' && a.ret < r.call) {
          return { kind: 'lost-write', sentence: `the acknowledged append of ${v(a.input)}${keyPart(model, a, 'to')} was lost: it completed before a read began, yet the read returned ${v(out)}`, ops: [a.id, r.id] };
        }
      }
      continue;
    }
    if (typeof out !== 'string') continue;
    if (!out.endsWith(sep)) {
      return { kind: 'value-never-written', sentence: `${what} returned ${v(out)}, which no sequence of the appends produces`, ops: [r.id] };
    }
    const tokens = out.slice(0, -1).split(sep).map((t) => t + sep);
    const counts = new Map<string, number>();
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [t, n] of counts) {
      const made = byArg.get(t) ?? [];
      if (made.length === 0) return { kind: 'value-never-written', sentence: `${what} returned a value containing ${v(t)}, which was never appended`, ops: [r.id] };
      if (made.every((a) => a.call > r.ret)) {
        return { kind: 'read-before-write', sentence: `${what} returned a value containing ${v(t)} before any append of ${v(t)} had begun`, ops: [r.id, ...made.map((a) => a.id)] };
      }
      if (n > made.length) {
        const times = made.length === 1 ? 'once' : `${made.length} times`;
        return { kind: 'duplicate-append', sentence: `${what} returned a value containing ${v(t)} ${n} times, but ${v(t)} was appended only ${times}`, ops: [r.id, ...made.map((a) => a.id)] };
      }
    }
    for (const a of appends) {
      if (a.status === 'ok' && a.ret < r.call && !counts.has(a.input as string)) {
        return {
          kind: 'lost-write',
          sentence: `the acknowledged append of ${v(a.input)}${keyPart(model, a, 'to')} was lost: it completed before the read began, yet the read did not contain it`,
          ops: [a.id, r.id],
        };
      }
    }
    // Order: tokens appended once and seen once must appear in an order real time allows.
    const pos = new Map<string, number>();
    tokens.forEach((t, i) => pos.set(t, i));
    for (let i = 0; i < tokens.length; i++) {
      const t1 = tokens[i] as string;
      const a1 = byArg.get(t1) as PreparedOp[];
      if (a1.length !== 1 || counts.get(t1) !== 1) continue;
      for (let j = i + 1; j < tokens.length; j++) {
        const t2 = tokens[j] as string;
        const a2 = byArg.get(t2) as PreparedOp[];
        if (a2.length !== 1 || counts.get(t2) !== 1) continue;
        const first = a1[0] as PreparedOp;
        const second = a2[0] as PreparedOp;
        if (second.ret < first.call) {
          return {
            kind: 'append-order',
            sentence: `${what} shows ${v(t1)} before ${v(t2)}, but the append of ${v(t2)} completed before the append of ${v(t1)} began`,
            ops: [r.id, first.id, second.id],
          };
        }
      }
    }
  }
  return null;
}

// ---- mutex -------------------------------------------------------------------------------------

function who(owner: unknown): string {
  return typeof owner === 'number' ? `process ${owner}` : `owner ${v(owner)}`;
}

function explainMutex(ops: readonly PreparedOp[], init: unknown, blocked: PreparedOp | null): Explanation | null {
  const acquires = ops.filter((o) => o.f === 'acquire' && o.status === 'ok');
  const releases = ops.filter((o) => o.f === 'release' && o.status !== 'fail');
  if (init === null || init === undefined) {
    for (const a2 of focusOrder(acquires, blocked && blocked.f === 'acquire' ? blocked : null)) {
      for (const a1 of acquires) {
        if (a1 === a2) continue;
        const lo = Math.min(a1.call, a2.call);
        const hi = Math.max(a1.ret, a2.ret);
        const between = releases.some((r) => r.ret > lo && r.call < hi);
        if (between) continue;
        const [first, second] = a1.call < a2.call ? [a1, a2] : [a2, a1];
        return {
          kind: 'double-acquire',
          sentence: `${who(ownerOf(second))} acquired the lock while ${who(ownerOf(first))} still held it: no release could have happened between the two acquires`,
          ops: [first.id, second.id],
        };
      }
    }
  }
  for (const r of focusOrder(ops, blocked)) {
    if (r.f !== 'release' || r.status !== 'ok') continue;
    const owner = ownerOf(r);
    const had = valueEqual(init, owner) || ops.some((a) => a.f === 'acquire' && a.status !== 'fail' && valueEqual(ownerOf(a), owner) && a.call < r.ret);
    if (!had) {
      return { kind: 'release-not-held', sentence: `${who(owner)} released the lock without having acquired it`, ops: [r.id] };
    }
  }
  return null;
}

// ---- queue -------------------------------------------------------------------------------------

function explainQueue(ops: readonly PreparedOp[], init: unknown, blocked: PreparedOp | null): Explanation | null {
  const initial = Array.isArray(init) ? init : [];
  const enqueues = ops.filter((o) => o.f === 'enqueue' && o.status !== 'fail');
  const dequeues = ops.filter((o) => o.f === 'dequeue' && o.status === 'ok' && o.output !== null && o.output !== undefined);
  for (const d of focusOrder(dequeues, blocked && dequeues.includes(blocked) ? blocked : null)) {
    const val = d.output;
    const inInit = initial.filter((x) => valueEqual(x, val)).length;
    const enq = enqueues.filter((e) => valueEqual(e.input, val));
    if (inInit === 0 && enq.length === 0) {
      return { kind: 'never-enqueued', sentence: `a dequeue returned ${v(val)}, which was never enqueued`, ops: [d.id] };
    }
    if (inInit === 0 && enq.every((e) => e.call > d.ret)) {
      return { kind: 'dequeue-before-enqueue', sentence: `a dequeue returned ${v(val)} before any enqueue of ${v(val)} had begun`, ops: [d.id, ...enq.map((e) => e.id)] };
    }
    const deq = dequeues.filter((o) => valueEqual(o.output, val));
    const supply = inInit + enq.length;
    if (deq.length > supply) {
      const times = supply === 1 ? 'once' : `${supply} times`;
      return { kind: 'duplicate-dequeue', sentence: `${v(val)} was dequeued ${deq.length} times but enqueued only ${times}`, ops: deq.map((o) => o.id) };
    }
  }
  return null;
}

// ---- set ---------------------------------------------------------------------------------------

function explainSet(ops: readonly PreparedOp[], init: unknown, blocked: PreparedOp | null): Explanation | null {
  const initial = new Set(readElements(init) ?? []);
  const adds = ops.filter((o) => o.f === 'add' && o.status !== 'fail');
  for (const r of focusOrder(ops, blocked)) {
    if (r.f !== 'read' || r.status !== 'ok') continue;
    const els = new Set(readElements(r.output) ?? []);
    for (const k of els) {
      if (initial.has(k)) continue;
      const ofK = adds.filter((a) => canonicalKey(a.input) === k);
      const shown = v(JSON.parse(k) as unknown);
      if (ofK.length === 0) return { kind: 'element-never-added', sentence: `a read returned ${shown}, which was never added`, ops: [r.id] };
      if (ofK.every((a) => a.call > r.ret)) {
        return { kind: 'element-never-added', sentence: `a read returned ${shown} before any add of ${shown} had begun`, ops: [r.id, ...ofK.map((a) => a.id)] };
      }
    }
    for (const a of adds) {
      if (a.status === 'ok' && a.ret < r.call && !els.has(canonicalKey(a.input))) {
        return { kind: 'lost-add', sentence: `the add of ${v(a.input)} completed before a read began, but the read did not include ${v(a.input)}`, ops: [a.id, r.id] };
      }
    }
  }
  return null;
}

// ---- counter -----------------------------------------------------------------------------------

function explainCounter(ops: readonly PreparedOp[], init: unknown, blocked: PreparedOp | null): Explanation | null {
  const start = typeof init === 'number' ? init : 0;
  const adds = ops.filter((o) => o.f === 'add' && o.status !== 'fail');
  for (const r of focusOrder(ops, blocked)) {
    if (r.f !== 'read' || r.status !== 'ok' || typeof r.output !== 'number') continue;
    const val = r.output;
    // Adds that must precede the read are in; adds that began after it ended are out;
    // the others may be in or out (crashed ones too).
    let lo = start;
    let hi = start;
    for (const a of adds) {
      if (a.call > r.ret) continue;
      const d = a.input as number;
      const must = a.status === 'ok' && a.ret < r.call;
      if (must) {
        lo += d;
        hi += d;
      } else if (d >= 0) hi += d;
      else lo += d;
    }
    if (val < lo || val > hi) {
      const range = lo === hi ? `exactly ${lo}` : `between ${lo} and ${hi}`;
      return { kind: 'counter-out-of-range', sentence: `a read returned ${val}, but the adds that could precede it leave the counter ${range}`, ops: [r.id] };
    }
  }
  return null;
}

/**
 * The pattern that explains why `ops` (one partition) is not linearizable, or null when
 * none of the known patterns applies. Sound: never returns a pattern for a linearizable
 * partition.
 */
export function findViolationPattern(
  model: Model<unknown>,
  ops: readonly PreparedOp[],
  initial: unknown,
  blocked: PreparedOp | null = null,
): Explanation | null {
  const init = model.init(initial);
  switch (model.kind) {
    case 'register':
      return explainRegister(model, ops, init, blocked);
    case 'mutex':
      return explainMutex(ops, init, blocked);
    case 'queue':
      return explainQueue(ops, init, blocked);
    case 'set':
      return explainSet(ops, initial, blocked);
    case 'counter':
      return explainCounter(ops, init, blocked);
    case 'lock':
    case 'bank':
      return null; // the generic sentence names the state and the op that cannot follow
  }
}

/** The sentence for a violation: a known pattern, else the generic one. */
export function explainViolation(
  model: Model<unknown>,
  ops: readonly PreparedOp[],
  initial: unknown,
  blocked: PreparedOp | null,
  stateAfterPrefix: unknown,
  prefixLength: number,
  concurrentCount: number,
): Explanation {
  const found = findViolationPattern(model, ops, initial, blocked);
  if (found !== null) return found;
  const where = model.partitioned && blocked !== null && blocked.key !== null ? ` ${v(blocked.key)}` : '';
  const state = model.describeState(stateAfterPrefix);
  const subject = blocked === null ? 'no remaining op' : `neither ${model.describeOp(blocked)} (process ${String(blocked.process)})`;
  const others = blocked === null ? '' : concurrentCount === 0 ? '' : ` nor any of the ${concurrentCount} op${concurrentCount === 1 ? '' : 's'} concurrent with it`;
  return {
    kind: 'no-valid-order',
    sentence: `no order of the ops is legal: after the longest linearizable prefix (${prefixLength} op${prefixLength === 1 ? '' : 's'}) the ${model.name}${where} state is ${state}, and ${subject}${others} can take effect next`,
    ops: blocked === null ? [] : [blocked.id],
  };
}
