// History generators for the property tests.
// - randomHistoryArb(model): small, arbitrary concurrent histories (valid pairing, random
//   outcomes and crashes, read results drawn from plausible values): about half of them
//   linearizable. For the differential test against the brute-force oracle.
// - sequentialHistory(model, rng): a real sequential execution (an implementation of each
//   model's semantics written here, apart from checkers/models) laid out on a timeline
//   with random overlap, crashes (applied or not) and failed cas: always linearizable.

import fc from 'fast-check';
import type { HistoryOp, OpType } from '../../../checkers/history.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export const MODEL_UNDER_TEST = ['register', 'cas-register', 'kv', 'mutex', 'counter', 'set', 'queue'] as const;
export type ModelName = (typeof MODEL_UNDER_TEST)[number];
export type SpecName = ModelName | 'kv-append' | 'register-unique' | 'kv-unique' | 'cas-crash-failed';
/** Generators for the random histories: one per model, plus Jepsen-style list appends,
 *  two with mostly unique values and many crashes, as Raft clients write them (so that the
 *  register rewrites, register-reduce.ts, drop, bound and merge ops often), and crashed ops
 *  mixed with failed cas kept as observations. */
export const RANDOM_SPECS: readonly { spec: SpecName; model: ModelName }[] = [
  ...MODEL_UNDER_TEST.map((m) => ({ spec: m, model: m })),
  { spec: 'kv-append', model: 'kv' },
  { spec: 'register-unique', model: 'cas-register' },
  { spec: 'kv-unique', model: 'kv' },
  { spec: 'cas-crash-failed', model: 'cas-register' },
];

export interface GeneratedHistory {
  readonly history: HistoryOp[];
  readonly initial: unknown;
  readonly failedCas: 'did-not-happen' | 'compare-mismatch';
}

// ---- a seeded PRNG (mulberry32) --------------------------------------------------------

export type Rng = () => number;
export function rngFrom(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
const int = (rng: Rng, n: number): number => Math.floor(rng() * n);

// ---- random small histories ----------------------------------------------------------------

interface Action {
  p: number;
  a: number;
  b: number;
  c: number;
  outcome: 'ok' | 'fail' | 'info';
}

interface OpenOp {
  f: string;
  input: unknown;
  key?: string;
}

interface GenContext {
  initial: unknown;
  invoked: OpenOp[];
}

interface RandomSpec {
  initials: readonly unknown[];
  usesCas: boolean;
  /** Turn this share of the ok completions into info ones (on top of the 1 in 7). */
  moreCrashes?: number;
  /** Always keep failed cas as observations (else half of the histories do). */
  failedCasObserved?: boolean;
  invoke(act: Action, ctx: GenContext): OpenOp;
  output(op: OpenOp, act: Action, ctx: GenContext): unknown;
}

function choose<T>(xs: readonly T[], n: number): T {
  return xs[n % xs.length] as T;
}

const REGISTER_READS = ['read', 'get'];
const REGISTER_WRITES = ['write', 'put'];

function registerSpec(withCas: boolean): RandomSpec {
  return {
    initials: [undefined, 0],
    usesCas: withCas,
    invoke(act) {
      const kind = act.a % (withCas ? 3 : 2);
      if (kind === 0) return { f: choose(REGISTER_READS, act.b), input: null };
      if (kind === 1) return { f: choose(REGISTER_WRITES, act.b), input: act.c % 3 };
      return { f: 'cas', input: [act.b % 3, act.c % 3] };
    },
    output(op, act, ctx) {
      if (op.f !== 'read' && op.f !== 'get') return op.input;
      const seen: unknown[] = [ctx.initial ?? null];
      for (const o of ctx.invoked) {
        if (o.f === 'write' || o.f === 'put') seen.push(o.input);
        if (o.f === 'cas') seen.push((o.input as unknown[])[1]);
      }
      return act.c % 7 === 0 ? (act.c >> 3) % 4 : choose(seen, act.c);
    },
  };
}

const kvSpec: RandomSpec = {
  initials: [undefined, ''],
  usesCas: true,
  invoke(act) {
    const key = choose(['x', 'y'], act.b);
    switch (act.a % 4) {
      case 0:
        return { f: 'get', input: null, key };
      case 1:
        return { f: 'put', input: act.c % 3, key };
      case 2:
        return { f: 'cas', input: [act.c % 3, (act.c >> 2) % 3], key };
      default:
        return { f: 'append', input: choose(['a', 'b'], act.c), key };
    }
  },
  output(op, act, ctx) {
    if (op.f !== 'get') return op.input;
    const seen: unknown[] = [ctx.initial ?? null];
    let acc = '';
    for (const o of ctx.invoked) {
      if (o.key !== op.key) continue;
      if (o.f === 'put') seen.push(o.input);
      if (o.f === 'cas') seen.push((o.input as unknown[])[1]);
      if (o.f === 'append') {
        acc += String(o.input);
        seen.push(acc);
      }
    }
    return choose(seen, act.c);
  },
};

/** Jepsen-style list appends: tokens "1," "2," ... on two keys; reads see plausible lists. */
const kvAppendSpec: RandomSpec = {
  initials: [undefined, ''],
  usesCas: false,
  invoke(act) {
    const key = choose(['x', 'y'], act.b);
    if (act.a % 2 === 0) return { f: 'get', input: null, key };
    return { f: 'append', input: `${act.c % 4},`, key };
  },
  output(op, act, ctx) {
    if (op.f !== 'get') return op.input;
    const tokens: string[] = [];
    for (const o of ctx.invoked) if (o.key === op.key && o.f === 'append') tokens.push(String(o.input));
    // a prefix of the invocation order, sometimes with two tokens swapped or one repeated
    const n = act.c % (tokens.length + 1);
    const out = tokens.slice(0, n);
    if (out.length >= 2 && act.c % 5 === 0) [out[0], out[1]] = [out[1] as string, out[0] as string];
    if (out.length >= 1 && act.c % 7 === 0) out.push(out[0] as string);
    const text = out.join('');
    return text === '' && act.c % 2 === 0 ? null : text;
  },
};

/** Mostly unique values (the op's position + 1; one in five reuses an earlier value or
 *  the initial one), reads of any value written so far (or, rarely, of one never written). */
const registerUniqueSpec: RandomSpec = {
  initials: [undefined, 0],
  usesCas: true,
  moreCrashes: 0.2,
  invoke(act, ctx) {
    const written = [ctx.initial ?? null, ...uniqueWrites(ctx, undefined)];
    const v = act.b % 5 === 0 ? choose(written, act.c) : ctx.invoked.length + 1;
    switch (act.a % 3) {
      case 0:
        return { f: 'read', input: null };
      case 1:
        return { f: 'write', input: v };
      default:
        return { f: 'cas', input: [act.c % 6 === 0 ? 99 : choose(written, act.c >> 3), v] };
    }
  },
  output(op, act, ctx) {
    if (op.f !== 'read') return op.input;
    if (act.c % 11 === 0) return 77;
    return choose([ctx.initial ?? null, ...uniqueWrites(ctx, undefined)], act.c);
  },
};

/** The values written (put, write, cas new value) so far, on one key or all. */
function uniqueWrites(ctx: GenContext, key: string | undefined): unknown[] {
  const out: unknown[] = [];
  for (const o of ctx.invoked) {
    if (key !== undefined && o.key !== key) continue;
    if (o.f === 'write' || o.f === 'put') out.push(o.input);
    if (o.f === 'cas') out.push((o.input as unknown[])[1]);
  }
  return out;
}

/**
 * kv as the Raft clients use it: put and cas of unique numbers, appends of unique tokens
 * "n,"; one op in four uses a small number from a pool chosen so that texts collide
 * (put 1 then append "2," reads "12,", which is also the token "12,"). Reads return, and
 * cas ops expect, a value set so far on the key followed by some of the tokens appended
 * since, in order, now and then one swapped or one left out, or (one in 9) a value never
 * written.
 */
const kvUniqueSpec: RandomSpec = {
  initials: [undefined, ''],
  usesCas: true,
  moreCrashes: 0.12,
  invoke(act, ctx) {
    const key = choose(['x', 'x', 'x', 'y'], act.b);
    const n = ctx.invoked.length + 1;
    const small = act.b % 4 === 0;
    switch (act.a % 4) {
      case 0:
        return { f: 'get', input: null, key };
      case 1:
        return { f: 'put', input: small ? choose([1, 2, 12], act.c) : 30 + n, key };
      case 2:
        // expecting a value the key may hold (often one built by appends)
        return { f: 'cas', input: [plausibleKvValue(key, act.c >> 2, ctx), small ? choose([1, 2], act.c) : 30 + n], key };
      default:
        return { f: 'append', input: small ? choose(['2,', '12,', '1,'], act.c) : `${40 + n},`, key };
    }
  },
  output(op, act, ctx) {
    return op.f === 'get' ? plausibleKvValue(op.key as string, act.c, ctx) : op.input;
  },
};

/** For kvUniqueSpec: a value set so far on the key followed by some of the tokens
 *  appended since, or now and then a value the key cannot hold. */
function plausibleKvValue(key: string, c: number, ctx: GenContext): unknown {
  // the setters and appends on this key, in invocation order
  const setters: unknown[] = [ctx.initial ?? null];
  const after: string[][] = [[]];
  for (const o of ctx.invoked) {
    if (o.key !== key) continue;
    if (o.f === 'put' || o.f === 'cas') {
      setters.push(o.f === 'put' ? o.input : (o.input as unknown[])[1]);
      after.push([]);
    } else if (o.f === 'append') {
      for (const a of after) a.push(String(o.input));
    }
  }
  if (c % 9 === 0) return 77;
  const i = c % setters.length;
  const base = setters[i];
  const tokens = (after[i] as string[]).slice(0, (c >> 3) % ((after[i] as string[]).length + 1));
  if (tokens.length >= 2 && c % 4 === 0) [tokens[0], tokens[1]] = [tokens[1] as string, tokens[0] as string];
  if (tokens.length >= 2 && c % 5 === 0) tokens.splice(0, 1);
  if (tokens.length === 0) return base;
  return (base === null || base === undefined ? '' : String(base)) + tokens.join('');
}

const mutexSpec: RandomSpec = {
  initials: [undefined],
  usesCas: false,
  invoke(act) {
    return { f: act.a % 2 === 0 ? 'acquire' : 'release', input: act.b % 5 === 0 ? 'o' : null };
  },
  output: (op) => op.input,
};

const counterSpec: RandomSpec = {
  initials: [undefined, 5],
  usesCas: false,
  invoke(act) {
    if (act.a % 2 === 0) return { f: 'read', input: null };
    return { f: 'add', input: act.b % 5 === 0 ? -1 : 1 + (act.b % 3) };
  },
  output(op, act, ctx) {
    if (op.f !== 'read') return op.input;
    const start = typeof ctx.initial === 'number' ? ctx.initial : 0;
    let total = 0;
    for (const o of ctx.invoked) if (o.f === 'add') total += Math.abs(o.input as number);
    return start + (act.c % (total + 2)) - (act.c % 9 === 0 ? 1 : 0);
  },
};

const setSpec: RandomSpec = {
  initials: [undefined],
  usesCas: false,
  invoke(act) {
    if (act.a % 2 === 0) return { f: 'read', input: null };
    return { f: 'add', input: act.b % 4 };
  },
  output(op, act, ctx) {
    if (op.f !== 'read') return op.input;
    const added = Array.from(new Set(ctx.invoked.filter((o) => o.f === 'add').map((o) => o.input as number))).sort();
    const out = added.filter((_, i) => ((act.c >> i) & 1) === 1);
    if (act.c % 11 === 0) out.push(7);
    return out;
  },
};

const queueSpec: RandomSpec = {
  initials: [undefined],
  usesCas: false,
  invoke(act) {
    if (act.a % 2 === 0) return { f: 'dequeue', input: null };
    return { f: 'enqueue', input: act.b % 4 };
  },
  output(op, act, ctx) {
    if (op.f !== 'dequeue') return op.input;
    const enq: unknown[] = [null];
    for (const o of ctx.invoked) if (o.f === 'enqueue') enq.push(o.input);
    return act.c % 5 === 0 ? (act.c >> 4) % 4 : choose(enq, act.c);
  },
};

const SPECS: Readonly<Record<SpecName, RandomSpec>> = {
  'kv-append': kvAppendSpec,
  'register-unique': registerUniqueSpec,
  'kv-unique': kvUniqueSpec,
  register: registerSpec(false),
  'cas-register': registerSpec(true),
  // crashed ops mixed with failed cas that observe the value (the candidate order matters)
  'cas-crash-failed': { ...registerSpec(true), moreCrashes: 0.25, failedCasObserved: true },
  kv: kvSpec,
  mutex: mutexSpec,
  counter: counterSpec,
  set: setSpec,
  queue: queueSpec,
};

const actionArb: fc.Arbitrary<Action> = fc.record({
  p: fc.nat({ max: 3 }),
  a: fc.nat({ max: 1 << 16 }),
  b: fc.nat({ max: 1 << 16 }),
  c: fc.nat({ max: 1 << 16 }),
  outcome: fc.constantFrom<'ok' | 'fail' | 'info'>('ok', 'ok', 'ok', 'ok', 'ok', 'fail', 'info'),
});

/** Histories of up to `maxOps` operations by up to 4 processes. */
export function randomHistoryArb(model: SpecName, maxOps = 8): fc.Arbitrary<GeneratedHistory> {
  const spec = SPECS[model];
  return fc
    .record({
      actions: fc.array(actionArb, { minLength: 1, maxLength: maxOps * 2 + 2 }),
      initialIdx: fc.nat({ max: spec.initials.length - 1 }),
      compareMismatch: fc.boolean(),
    })
    .map(({ actions, initialIdx, compareMismatch }) => {
      const initial = spec.initials[initialIdx];
      const ctx: GenContext = { initial, invoked: [] };
      const open = new Map<number, OpenOp>();
      const history: HistoryOp[] = [];
      for (const act of actions) {
        const pending = open.get(act.p);
        if (pending !== undefined) {
          open.delete(act.p);
          const crash = spec.moreCrashes !== undefined && act.outcome === 'ok' && (act.a >> 4) % 100 < spec.moreCrashes * 100;
          const type: OpType = crash ? 'info' : act.outcome;
          const value = type === 'ok' ? spec.output(pending, act, ctx) : type === 'info' && act.c % 2 === 0 ? 'timed-out' : pending.input;
          const op: Mutable<HistoryOp> = { index: history.length, process: act.p, type, f: pending.f, value };
          if (pending.key !== undefined) op.key = pending.key;
          history.push(op);
        } else if (ctx.invoked.length < maxOps) {
          const inv = spec.invoke(act, ctx);
          ctx.invoked.push(inv);
          open.set(act.p, inv);
          const op: Mutable<HistoryOp> = { index: history.length, process: act.p, type: 'invoke', f: inv.f, value: inv.input };
          if (inv.key !== undefined) op.key = inv.key;
          history.push(op);
        }
      }
      const observed = spec.failedCasObserved === true || (spec.usesCas && compareMismatch);
      return { history, initial, failedCas: observed ? 'compare-mismatch' : 'did-not-happen' } as GeneratedHistory;
    });
}

// ---- sequential executions on a timeline -----------------------------------------------------

interface SeqOp {
  f: string;
  input: unknown;
  output: unknown;
  key?: string;
  failed?: boolean;
}

/** Each executor picks a plausible next op and runs it on its own state. */
type Executor = (rng: Rng) => { next(apply: boolean): SeqOp; initial: unknown };

function eq(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const EXECUTORS: Readonly<Record<ModelName, Executor>> = {
  register: (rng) => {
    let v: unknown = null;
    return {
      initial: undefined,
      next(apply) {
        if (rng() < 0.5) return { f: pick(rng, ['read', 'get']), input: null, output: v };
        const w = int(rng, 5);
        if (apply) v = w;
        return { f: pick(rng, ['write', 'put']), input: w, output: w };
      },
    };
  },
  'cas-register': (rng) => {
    let v: unknown = 0;
    return {
      initial: 0,
      next(apply) {
        const r = rng();
        if (r < 0.4) return { f: 'read', input: null, output: v };
        if (r < 0.7) {
          const w = int(rng, 5);
          if (apply) v = w;
          return { f: 'write', input: w, output: w };
        }
        const expected = rng() < 0.6 ? v : int(rng, 5);
        const nv = int(rng, 5);
        const input = [expected, nv];
        if (!eq(expected, v)) return { f: 'cas', input, output: input, failed: true };
        if (apply) v = nv;
        return { f: 'cas', input, output: input };
      },
    };
  },
  kv: (rng) => {
    const m = new Map<string, unknown>();
    const initial = rng() < 0.5 ? undefined : '';
    const get = (k: string): unknown => (m.has(k) ? m.get(k) : (initial ?? null));
    return {
      initial,
      next(apply) {
        const key = pick(rng, ['a', 'b', 'c']);
        const r = rng();
        if (r < 0.35) return { f: 'get', input: null, output: get(key), key };
        if (r < 0.6) {
          const w = int(rng, 4);
          if (apply) m.set(key, w);
          return { f: 'put', input: w, output: w, key };
        }
        if (r < 0.8) {
          const cur = get(key);
          const expected = rng() < 0.6 ? cur : int(rng, 4);
          const nv = int(rng, 4);
          if (!eq(expected, cur)) return { f: 'cas', input: [expected, nv], output: [expected, nv], key, failed: true };
          if (apply) m.set(key, nv);
          return { f: 'cas', input: [expected, nv], output: [expected, nv], key };
        }
        const s = pick(rng, ['x', 'y', 'zz']);
        const cur = get(key);
        if (apply) m.set(key, (cur === null ? '' : String(cur)) + s);
        return { f: 'append', input: s, output: s, key };
      },
    };
  },
  mutex: (rng) => {
    let holder: string | null = null;
    return {
      initial: undefined,
      next(apply) {
        if (holder === null) {
          const who = pick(rng, ['o1', 'o2', 'o3']);
          if (apply) holder = who;
          return { f: 'acquire', input: who, output: who };
        }
        const who = holder;
        if (apply) holder = null;
        return { f: 'release', input: who, output: who };
      },
    };
  },
  counter: (rng) => {
    let total = 0;
    return {
      initial: undefined,
      next(apply) {
        if (rng() < 0.4) return { f: 'read', input: null, output: total };
        const d = int(rng, 5) - 1;
        if (apply) total += d;
        return { f: 'add', input: d, output: d };
      },
    };
  },
  set: (rng) => {
    const s = new Set<number>();
    return {
      initial: undefined,
      next(apply) {
        if (rng() < 0.4) {
          const els = Array.from(s);
          // any order: shuffle
          for (let i = els.length - 1; i > 0; i--) {
            const j = int(rng, i + 1);
            [els[i], els[j]] = [els[j] as number, els[i] as number];
          }
          return { f: 'read', input: null, output: els };
        }
        const x = int(rng, 12);
        if (apply) s.add(x);
        return { f: 'add', input: x, output: x };
      },
    };
  },
  queue: (rng) => {
    const q: number[] = [];
    let nextVal = 0;
    return {
      initial: undefined,
      next(apply) {
        if (rng() < 0.55) {
          const head = q.length > 0 ? (q[0] as number) : null;
          if (apply && q.length > 0) q.shift();
          return { f: 'dequeue', input: null, output: head };
        }
        const x = nextVal++;
        if (apply) q.push(x);
        return { f: 'enqueue', input: x, output: x };
      },
    };
  },
};

export interface SequentialOptions {
  readonly ops: number;
  /** Probability that an op crashes (info or never completed). */
  readonly crash?: number;
  /** Max extra width of an interval on each side of its linearization point (time units;
   *  linearization points are 10 apart). */
  readonly spread?: number;
}

/** A linearizable history from a sequential execution with random real-time overlap. */
export function sequentialHistory(model: ModelName, rng: Rng, opts: SequentialOptions): GeneratedHistory {
  const exec = EXECUTORS[model](rng);
  const crash = opts.crash ?? 0.05;
  const spread = opts.spread ?? 30;
  interface Timed {
    op: SeqOp;
    inv: number;
    done: number; // completion time; Infinity when never completed
    type: OpType;
    process: number;
  }
  const timed: Timed[] = [];
  const freeAt: number[] = []; // per process: time its last op completed (Infinity = busy)
  for (let i = 0; i < opts.ops; i++) {
    const at = 10 * i + 5;
    const crashed = rng() < crash;
    const applied = !crashed || rng() < 0.5;
    const op = exec.next(applied);
    const inv = at - 1 - int(rng, spread);
    let done = at + 1 + int(rng, spread);
    let type: OpType = op.failed ? 'fail' : 'ok';
    if (crashed) {
      type = 'info';
      if (rng() < 0.3) done = Infinity;
    }
    let process = freeAt.findIndex((t) => t < inv);
    const free = freeAt.map((t, p) => (t < inv ? p : -1)).filter((p) => p >= 0);
    if (free.length > 0) process = pick(rng, free);
    if (process < 0) {
      process = freeAt.length;
      freeAt.push(0);
    }
    freeAt[process] = done;
    timed.push({ op, inv, done, type, process });
  }
  interface Ev {
    t: number;
    seq: number;
    op: Mutable<HistoryOp>;
  }
  const evs: Ev[] = [];
  let seq = 0;
  for (const t of timed) {
    const base = { process: t.process, f: t.op.f, ...(t.op.key !== undefined ? { key: t.op.key } : {}) };
    evs.push({ t: t.inv, seq: seq++, op: { index: 0, type: 'invoke', value: t.op.f === 'read' || t.op.f === 'get' || t.op.f === 'dequeue' ? null : t.op.input, ...base } });
    if (t.done !== Infinity) {
      const value = t.type === 'ok' ? t.op.output : t.type === 'info' ? 'timed-out' : t.op.input;
      evs.push({ t: t.done, seq: seq++, op: { index: 0, type: t.type, value, ...base } });
    }
  }
  evs.sort((x, y) => x.t - y.t || x.seq - y.seq);
  const history = evs.map((e, i) => ({ ...e.op, index: i, time: e.t * 1000 }));
  return { history, initial: exec.initial, failedCas: 'did-not-happen' };
}
