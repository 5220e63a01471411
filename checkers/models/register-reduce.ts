// Rewrites of one register's ops (register, cas-register, one kv key) before the search.
// Each keeps the verdict; the proofs are in docs/checkers.md ("Register rewrites").
//
// The value of a register at any point is the value of the last op that set it (a write,
// a cas that matched, or the initial value), followed, for kv, by the texts of the appends
// since then. So an observed value (what a read returned, what a cas expected) can be
// decomposed into a setter's value and appended texts, and a crashed op whose value or
// text takes part in no decomposition of any observed value was seen by nobody:
//
// 1. Drop crashed ops nobody could have seen: a crashed write of v, or crashed cas to v,
//    when no observed value decomposes with v as its setter value; a crashed append of a
//    when no observed value decomposes with a among its appends; a crashed cas whose
//    expected value nothing can build (it can only have been a no-op). Not done when a
//    failed cas is kept (failedCas = 'compare-mismatch'): it observes that the value
//    differed from its expected one, which a dropped write may be needed for.
// 2. Bound crashed ops that were seen: when every decomposition of a value that an
//    acknowledged read returned (or an acknowledged cas expected) uses a crashed op (its
//    value is written by no other op and is not the initial value, or its text is
//    appended by no other op), every linearization contains that op before the read. It
//    becomes a required op whose interval ends just after the first such read's
//    completion.
// 3. Merge unobserved values (keys without appends): every written value that no read
//    returns and no cas expects is renamed to one placeholder. A step only ever compares
//    the state with observed values, so the renaming is a bisimulation, and states that
//    differ only in an unobserved value become one.
//
// Decompositions are relaxed (an append's text may be used more than once and in any
// order), which only adds decompositions: rule 1 drops fewer ops, rule 2 bounds fewer.
// When some append adds the empty string, strings are not decomposed at all: rule 1 then
// treats every observed string that starts with v (or contains a) as a sighting, and rule 2
// bounds only by exact values that no append can build (non-strings). The decompositions'
// work is bounded per partition; past the bound, strings count the same way.

import { ValueMap, valueEqual } from '../values.js';
import type { TimedOp } from './model.js';

/** What appending to a value starts from (as stepRegisterValue does). */
function base(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

/** What setValue and seenValue return for an op that sets (sees) no value: never a
 *  history's value (JSON-like), and no object to allocate per op. */
const NONE: unique symbol = Symbol('none');

/** The value an op sets, or NONE. */
function setValue(op: TimedOp): unknown {
  if (op.outcome === 'fail') return NONE;
  if (op.f === 'write') return op.input;
  if (op.f === 'cas' && Array.isArray(op.input)) return op.input[1];
  return NONE;
}

/** What an op saw: a read's result, a cas's expected value; or NONE. */
function seenValue(op: TimedOp, acknowledgedOnly: boolean): unknown {
  if (op.f === 'read') return op.outcome === 'ok' ? op.output : NONE;
  if (op.f === 'cas' && Array.isArray(op.input) && (!acknowledgedOnly || op.outcome === 'ok')) return op.input[0];
  return NONE;
}

/** Stands for the initial value among the producers of a value: never an op's own. */
const INITIAL: TimedOp = { f: 'write', input: null, output: undefined, outcome: 'ok', process: -1, key: null, call: -1, ret: -1, required: true };

/** The ways one key's ops can build values. */
interface Shape {
  /** a value -> the ops that set it (INITIAL for the initial value) */
  readonly setters: ValueMap<TimedOp[]>;
  /** The base texts, built on first use (baseTextsOf): only decomposing a string needs
   *  them, and most shapes never decompose one (a value a read returned is found whole). */
  base: BaseTexts | null;
  /** What the base texts are built from. */
  readonly ops: readonly TimedOp[];
  readonly init: unknown;
  /** appended text -> the ops that append it */
  readonly tokens: Map<string, TimedOp[]>;
  /** distinct lengths of the appended texts, ascending */
  readonly tokenLens: readonly number[];
  readonly appends: boolean;
  /** Some append adds '': strings are not decomposed. */
  readonly coarse: boolean;
  /** Work left for decompositions (characters times texts' lengths), shared by all the
   *  shapes of one partition: past it, every string counts as seen and buildable. */
  readonly work: { left: number };
}

interface BaseTexts {
  /** base text of a set value -> the ops that set a value with that text */
  readonly byText: Map<string, TimedOp[]>;
  /** distinct lengths of the base texts, ascending */
  readonly lens: readonly number[];
}

/** Decomposition work allowed per partition (a few tens of milliseconds at most). */
const DECOMPOSE_WORK_MAX = 1_000_000;

function push<K>(m: Map<K, TimedOp[]>, k: K, op: TimedOp): void {
  const l = m.get(k);
  if (l === undefined) m.set(k, [op]);
  else l.push(op);
}

/** The distinct lengths of a map's keys, ascending. */
function lengthsOf(m: Map<string, unknown>): number[] {
  const lens: number[] = [];
  for (const k of m.keys()) if (!lens.includes(k.length)) lens.push(k.length);
  return lens.sort((x, y) => x - y);
}

function shapeOf(ops: readonly TimedOp[], init: unknown, work: { left: number }): Shape {
  const setters = new ValueMap<TimedOp[]>();
  const tokens = new Map<string, TimedOp[]>();
  const addSetter = (v: unknown, op: TimedOp): void => {
    const l = setters.get(v);
    if (l === undefined) setters.set(v, [op]);
    else l.push(op);
  };
  addSetter(init, INITIAL);
  let appends = false;
  let coarse = false;
  for (const op of ops) {
    const v = setValue(op);
    if (v !== NONE) addSetter(v, op);
    else if (op.f === 'append' && op.outcome !== 'fail') {
      appends = true;
      const a = String(op.input);
      if (a === '') coarse = true;
      else push(tokens, a, op);
    }
  }
  return { setters, base: null, ops, init, tokens, tokenLens: lengthsOf(tokens), appends, coarse, work };
}

function baseTextsOf(sh: Shape): BaseTexts {
  if (sh.base !== null) return sh.base;
  const byText = new Map<string, TimedOp[]>();
  push(byText, base(sh.init), INITIAL);
  for (const op of sh.ops) {
    const v = setValue(op);
    if (v !== NONE) push(byText, base(v), op);
  }
  return (sh.base = { byText, lens: lengthsOf(byText) });
}

/** True when every op in `by` is `w` (an edge only w can provide). */
function onlyBy(by: readonly TimedOp[], w: TimedOp | null): boolean {
  if (w === null) return false;
  for (const op of by) if (op !== w) return false;
  return true;
}

/** Take the work for decomposing o from the budget; false when it is spent. */
function afford(o: string, sh: Shape): boolean {
  const cost = (o.length + 1) * (sh.tokenLens.length + 1);
  if (sh.work.left < cost) return false;
  sh.work.left -= cost;
  return true;
}

/**
 * Over the decompositions of o as a base text (o[0, p), p < |o|) followed by one or more
 * appended texts, leaving out what only `banned` provides: fwd[p] = o[0, p) can be built
 * (fwd[|o|]: all of o). Null when the work budget is spent.
 */
function forward(o: string, sh: Shape, banned: TimedOp | null): Uint8Array | null {
  if (!afford(o, sh)) return null;
  const L = o.length;
  const fwd = new Uint8Array(L + 1);
  const texts = baseTextsOf(sh);
  for (const len of texts.lens) {
    if (len >= L) break;
    const by = texts.byText.get(o.slice(0, len));
    if (by !== undefined && !onlyBy(by, banned)) fwd[len] = 1;
  }
  for (let p = 0; p < L; p++) {
    if (fwd[p] === 0) continue;
    for (const len of sh.tokenLens) {
      if (p + len > L) break;
      if (fwd[p + len] === 1) continue;
      const by = sh.tokens.get(o.slice(p, p + len));
      if (by !== undefined && !onlyBy(by, banned)) fwd[p + len] = 1;
    }
  }
  return fwd;
}

/** bwd[p] = o[p, |o|) is one or more appended texts (bwd[|o|] = 1). Null when the work
 *  budget is spent. */
function backward(o: string, sh: Shape): Uint8Array | null {
  if (!afford(o, sh)) return null;
  const L = o.length;
  const bwd = new Uint8Array(L + 1);
  bwd[L] = 1;
  for (let p = L - 1; p >= 0; p--) {
    for (const len of sh.tokenLens) {
      if (p + len > L) break;
      if (bwd[p + len] === 1 && sh.tokens.has(o.slice(p, p + len))) {
        bwd[p] = 1;
        break;
      }
    }
  }
  return bwd;
}

/** Can the register hold o without what only `banned` provides? (Conservative: true
 *  when unsure.) */
function buildable(o: unknown, sh: Shape, banned: TimedOp | null): boolean {
  const by = sh.setters.get(o);
  if (by !== undefined && !onlyBy(by, banned)) return true;
  if (typeof o !== 'string' || !sh.appends) return false;
  if (sh.coarse) return true;
  const fwd = forward(o, sh, banned);
  return fwd === null || fwd[o.length] === 1;
}

/** The observed strings, with their decompositions computed on demand. */
class Sightings {
  readonly exact = new ValueMap<true>();
  readonly strings: string[] = [];
  private readonly paths = new Map<string, { fwd: Uint8Array; bwd: Uint8Array } | null>();

  constructor(
    ops: readonly TimedOp[],
    private readonly sh: Shape,
  ) {
    const strings = new Set<string>();
    for (const op of ops) {
      const v = seenValue(op, false);
      if (v === NONE) continue;
      this.exact.set(v, true);
      if (typeof v === 'string') strings.add(v);
    }
    this.strings = Array.from(strings);
  }

  /** Null when the work budget is spent (then o counts as a sighting of anything). */
  private pathsOf(o: string): { fwd: Uint8Array; bwd: Uint8Array } | null {
    let p = this.paths.get(o);
    if (p === undefined) {
      const fwd = forward(o, this.sh, null);
      const bwd = fwd === null ? null : backward(o, this.sh);
      p = fwd === null || bwd === null ? null : { fwd, bwd };
      this.paths.set(o, p);
    }
    return p;
  }

  /** Could some observed value have v as its setter value? */
  setterSeen(v: unknown): boolean {
    if (this.exact.has(v)) return true;
    if (!this.sh.appends) return false;
    const b = base(v);
    for (const o of this.strings) {
      if (!o.startsWith(b)) continue;
      if (this.sh.coarse) return true;
      if (b.length >= o.length) continue;
      const paths = this.pathsOf(o);
      if (paths === null || paths.bwd[b.length] === 1) return true;
    }
    return false;
  }

  /** Could some observed value contain the text a as one of its appends? */
  appendSeen(a: string): boolean {
    for (const o of this.strings) {
      let p = o.indexOf(a);
      if (p < 0) continue;
      if (this.sh.coarse || a === '') return true;
      const paths = this.pathsOf(o);
      if (paths === null) return true;
      const { fwd, bwd } = paths;
      for (; p >= 0; p = o.indexOf(a, p + 1)) if (fwd[p] === 1 && bwd[p + a.length] === 1) return true;
    }
    return false;
  }
}

/** Rule 1, to a fixpoint (a dropped cas takes its expected value out of the sightings). */
function dropUnseen<O extends TimedOp>(ops: readonly O[], init: unknown, work: { left: number }): readonly O[] {
  let cur = ops;
  for (;;) {
    const sh = shapeOf(cur, init, work);
    const seen = new Sightings(cur, sh);
    const keep: O[] = [];
    for (const op of cur) {
      let drop = false;
      if (op.outcome === 'unknown' && !op.required) {
        if (op.f === 'write') drop = !seen.setterSeen(op.input);
        else if (op.f === 'append') drop = !seen.appendSeen(String(op.input));
        else if (op.f === 'cas' && Array.isArray(op.input)) drop = !buildable(op.input[0], sh, op) || !seen.setterSeen(op.input[1]);
      }
      if (!drop) keep.push(op);
    }
    if (keep.length === cur.length) return cur;
    cur = keep;
  }
}

/** Rule 2. */
function boundSeen<O extends TimedOp>(ops: readonly O[], init: unknown, work: { left: number }): readonly O[] {
  const sh = shapeOf(ops, init, work);
  // crashed ops that alone provide a value or a text
  interface Pending {
    readonly i: number;
    readonly op: O;
    /** it is the only setter of the value it sets */
    readonly exact: { v: unknown } | null;
    /** the base text it alone provides, or the text it alone appends */
    readonly text: string | null;
  }
  const pending: Pending[] = [];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i] as O;
    if (op.required || op.outcome !== 'unknown') continue;
    const v = setValue(op);
    if (v !== NONE) {
      const exact = onlyBy(sh.setters.get(v) ?? [], op) ? { v } : null;
      const b = base(v);
      const text = sh.appends && !sh.coarse && onlyBy(baseTextsOf(sh).byText.get(b) ?? [], op) ? b : null;
      if (exact !== null || text !== null) pending.push({ i, op, exact, text });
    } else if (op.f === 'append' && sh.appends && !sh.coarse) {
      const a = String(op.input);
      if (onlyBy(sh.tokens.get(a) ?? [], op)) pending.push({ i, op, exact: null, text: a });
    }
  }
  if (pending.length === 0) return ops;
  // acknowledged observers, first completion first
  const observers: { v: unknown; ret: number }[] = [];
  for (const op of ops) {
    const v = seenValue(op, true);
    if (v !== NONE && op.outcome === 'ok') observers.push({ v, ret: op.ret });
  }
  observers.sort((a, b) => a.ret - b.ret);
  const done = new ValueMap<true>();
  const bounded = new Uint8Array(pending.length);
  let out: O[] | null = null;
  let left = pending.length;
  for (const { v, ret } of observers) {
    if (left === 0) break;
    if (done.has(v)) continue; // a later sighting of the same value bounds nothing more
    done.set(v, true);
    for (let j = 0; j < pending.length; j++) {
      const p = pending[j] as Pending;
      if (bounded[j] === 1 || !(ret > p.op.call)) continue;
      let may = p.exact !== null && valueEqual(p.exact.v, v);
      if (!may && p.text !== null && typeof v === 'string') {
        may = p.op.f === 'append' ? v.includes(p.text) : v.length > p.text.length && v.startsWith(p.text);
      }
      if (!may || buildable(v, sh, p.op)) continue;
      out ??= ops.slice();
      // just after the observer's completion: no call lies between the two, and the
      // observer's own return entry comes first, so the search never blames this op
      out[p.i] = { ...p.op, required: true, ret: ret + 0.5 };
      bounded[j] = 1;
      left--;
    }
  }
  return out ?? ops;
}

/** Rule 3 (only for keys without appends). */
function mergeUnseen<O extends TimedOp>(ops: readonly O[]): readonly O[] {
  const seen = new ValueMap<true>();
  for (const op of ops) {
    if (op.f === 'read') {
      if (op.outcome === 'ok') seen.set(op.output, true);
    } else if (op.f === 'cas' && Array.isArray(op.input)) seen.set(op.input[0], true);
  }
  let placeholder = 'unobserved';
  while (seen.has(placeholder)) placeholder += '*';
  let out: O[] | null = null;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i] as O;
    if (op.f === 'write') {
      if (seen.has(op.input) || op.input === placeholder) continue;
      out ??= ops.slice();
      out[i] = { ...op, input: placeholder };
    } else if (op.f === 'cas' && Array.isArray(op.input)) {
      const [expected, next] = op.input as [unknown, unknown];
      if (seen.has(next) || next === placeholder) continue;
      out ??= ops.slice();
      out[i] = { ...op, input: [expected, placeholder] };
    }
  }
  return out ?? ops;
}

/** The three rewrites above, in order (each keeps the verdict on its own). */
export function reduceRegister<O extends TimedOp>(ops: readonly O[], init: unknown): readonly O[] {
  let failed = false;
  let optional = false;
  for (const op of ops) {
    if (op.outcome === 'fail') failed = true;
    if (!op.required) optional = true;
  }
  let cur = ops;
  if (optional) {
    const work = { left: DECOMPOSE_WORK_MAX };
    if (!failed) cur = dropUnseen(cur, init, work);
    cur = boundSeen(cur, init, work);
  }
  // (on what is left: once rule 1 has dropped a key's crashed appends, it may have none)
  if (!cur.some((op) => op.f === 'append')) cur = mergeUnseen(cur);
  return cur;
}
