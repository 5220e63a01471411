// Seeded histories of real-world shapes for the checker benchmark (bench/checkers.ts),
// generated from simulated executions: every op takes effect at a random point of its
// interval and results are computed in that order, so an unmutated history is
// linearizable; a mutated one has one read result changed. Same seed, same history.
//
// - etcdLog: Jepsen's etcd test as its console log shows it: a cas register (values 0-4),
//   5 processes, ops timing out (:info) in partition windows, failed cas (:fail), nemesis
//   lines; a crashed process comes back under a new number.
// - kvAppend: Porcupine-style kv, clients on 10 keys appending unique strings "x c n y",
//   gets returning the whole value, a few puts; closed-loop clients with a latency tail.
// - smallCasRegister: Knossos-style small cas-register histories (EDN), some crashed ops.
// - crashedWithFailedCas: crashed writes mixed with failed cas, to check under
//   failedCas: 'compare-mismatch' (a failed cas observes the value; Knossos memstress-like).
// - sequentialRegister: a strictly sequential register history (no two ops overlap).

import seedrandom from 'seedrandom';
import type { HistoryOp, OpType } from '../checkers/history.js';

type Rng = () => number;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface PlannedOp {
  process: number;
  f: string;
  key?: string;
  input: unknown;
  inv: number;
  ret: number;
  at: number; // linearization point
  crashed: boolean;
  applied: boolean;
  output?: unknown;
  failed?: boolean;
}

export interface PlanShape {
  readonly clients: number;
  readonly ops: number;
  /** Probability that an op crashes (in a partition window: `crashInWindow`). */
  readonly crash: number;
  readonly crashInWindow?: number;
  /** Latency: 1 + up to `latency`, and with probability `tailRate` (default 0.1) up to
   *  `tail` more. */
  readonly latency?: number;
  readonly tail?: number;
  readonly tailRate?: number;
  /** Where an op takes effect: anywhere in its interval (default), or, as in a replicated
   *  store that applies a committed op and then replies, within `applyToReply` of its end. */
  readonly applyToReply?: number;
}

function atOf(rng: Rng, inv: number, dur: number, shape: PlanShape): number {
  const window = shape.applyToReply === undefined ? dur : Math.min(dur, shape.applyToReply);
  return inv + dur - rng() * window;
}

/** Closed-loop clients: each issues its next op after the previous one completes. */
export function plan(rng: Rng, shape: PlanShape, mkOp: (rng: Rng) => { f: string; input: unknown; key?: string }): PlannedOp[] {
  const { clients } = shape;
  const ops: PlannedOp[] = [];
  const clock = new Array<number>(clients).fill(0).map(() => rng() * 5);
  const procOf = Array.from({ length: clients }, (_, i) => i);
  while (ops.length < shape.ops) {
    let c = 0; // the client whose next op starts first
    for (let i = 1; i < clients; i++) if ((clock[i] as number) < (clock[c] as number)) c = i;
    const inv = clock[c] as number;
    const dur = 1 + rng() * (shape.latency ?? 9) + (rng() < (shape.tailRate ?? 0.1) ? rng() * (shape.tail ?? 30) : 0);
    const ret = inv + dur;
    const inWindow = shape.crashInWindow !== undefined && Math.floor(inv / 200) % 3 === 2;
    const crashed = rng() < (inWindow ? (shape.crashInWindow as number) : shape.crash);
    const o = mkOp(rng);
    ops.push({ process: procOf[c] as number, ...o, inv, ret, at: atOf(rng, inv, dur, shape), crashed, applied: !crashed || rng() < 0.5 });
    if (crashed) procOf[c] = (procOf[c] as number) + clients; // a new process, Jepsen style
    clock[c] = ret + rng() * 3;
  }
  return ops;
}

export function toHistory(ops: PlannedOp[]): HistoryOp[] {
  const evs: { t: number; op: Mutable<HistoryOp> }[] = [];
  for (const o of ops) {
    const base = { process: o.process, f: o.f, ...(o.key !== undefined ? { key: o.key } : {}) };
    evs.push({ t: o.inv, op: { index: 0, type: 'invoke', value: o.f === 'read' || o.f === 'get' ? null : o.input, ...base } });
    const type: OpType = o.crashed ? 'info' : o.failed ? 'fail' : 'ok';
    evs.push({ t: o.ret, op: { index: 0, type, value: type === 'ok' ? o.output : type === 'info' ? 'timed-out' : o.input, ...base } });
  }
  evs.sort((a, b) => a.t - b.t);
  // Built field by field, as a reader builds them: a spread here gave every entry a hidden
  // class of its own, and the checker then paid for that on every field it read. Pushed,
  // not mapped: an optimized Array.prototype.map returns holey arrays, and a checker that
  // met both kinds of array recompiled its loops for the second.
  const history: HistoryOp[] = [];
  for (const e of evs) {
    const op: Mutable<HistoryOp> = { index: history.length, type: e.op.type, value: e.op.value, process: e.op.process, f: e.op.f, time: Math.round(e.t * 1e6) };
    if (e.op.key !== undefined) op.key = e.op.key;
    history.push(op);
  }
  return history;
}

/** A cas register's results in linearization order; `mutate` changes one read's result. */
function runCasRegister(rng: Rng, ops: PlannedOp[], mutate: boolean): void {
  let value: unknown = null;
  for (const o of ops.slice().sort((a, b) => a.at - b.at)) {
    if (o.f === 'read') o.output = value;
    else if (o.f === 'write') {
      if (o.applied) value = o.input;
      o.output = o.input;
    } else {
      const [exp, nv] = o.input as [number, number];
      if (value === exp) {
        if (o.applied) value = nv;
      } else o.failed = true;
      o.output = o.input;
    }
  }
  if (!mutate) return;
  const reads = ops.filter((o) => o.f === 'read' && !o.crashed);
  const victim = reads[Math.floor(rng() * reads.length)];
  if (victim !== undefined) victim.output = ((typeof victim.output === 'number' ? victim.output : 0) + 1 + Math.floor(rng() * 4)) % 5;
}

const casOp = (r: Rng): { f: string; input: unknown } => {
  const x = r();
  if (x < 0.4) return { f: 'read', input: null };
  if (x < 0.7) return { f: 'write', input: Math.floor(r() * 5) };
  return { f: 'cas', input: [Math.floor(r() * 5), Math.floor(r() * 5)] };
};

/** A cas-register history of `ops` ops by 5 processes. */
export function casRegisterHistory(seed: string, mutate: boolean, ops: number, crash: number, crashInWindow?: number): HistoryOp[] {
  const rng: Rng = seedrandom.alea(seed);
  const planned = plan(rng, { clients: 5, ops, crash, ...(crashInWindow !== undefined ? { crashInWindow } : {}) }, casOp);
  runCasRegister(rng, planned, mutate);
  return toHistory(planned);
}

/** Jepsen's console log of an etcd cas-register test: 5 processes, crashes in partition
 *  windows, nemesis start/stop lines. */
export function etcdLog(seed: string, mutate: boolean): string {
  const h = casRegisterHistory(seed, mutate, 300, 0.01, 0.3);
  const lines: string[] = ['INFO  jepsen.core - Running test etcd'];
  const edn = (v: unknown): string => (v === null ? 'nil' : Array.isArray(v) ? `[${v.map(edn).join(' ')}]` : typeof v === 'string' ? `:${v}` : String(v));
  let window = -1;
  for (const op of h) {
    const w = Math.floor((op.time as number) / 1e6 / 200);
    if (w !== window && w % 3 === 2) lines.push(`INFO  jepsen.util - :nemesis\t:info\t:start\tnil`);
    if (w !== window && w % 3 === 0 && window >= 0) lines.push(`INFO  jepsen.util - :nemesis\t:info\t:stop\tnil`);
    window = w;
    lines.push(`INFO  jepsen.util - ${String(op.process)}\t:${op.type}\t:${op.f}\t${edn(op.value)}`);
  }
  return lines.join('\n') + '\n';
}

/** Porcupine-style kv: `clients` closed-loop clients, 10 keys, appends of unique strings. */
export function kvAppendHistory(seed: string, clients: number, opsTotal: number, mutate: boolean): HistoryOp[] {
  const rng: Rng = seedrandom.alea(seed);
  const counts = new Array<number>(clients * 1000).fill(0);
  const ops = plan(rng, { clients, ops: opsTotal, crash: 0, latency: 4, tail: 30, tailRate: 0.02, applyToReply: 1 }, (r) => {
    const key = String(Math.floor(r() * 10));
    const x = r();
    if (x < 0.45) return { f: 'get', key, input: null };
    return { f: x < 0.95 ? 'append' : 'put', key, input: '' };
  });
  const m = new Map<string, string>();
  for (const o of ops) if (o.f !== 'get') o.input = `x ${o.process} ${counts[o.process] = (counts[o.process] as number) + 1} y`;
  for (const o of ops.slice().sort((a, b) => a.at - b.at)) {
    const k = o.key as string;
    if (o.f === 'get') o.output = m.get(k) ?? '';
    else m.set(k, (o.f === 'append' ? (m.get(k) ?? '') : '') + (o.input as string));
    if (o.f !== 'get') o.output = o.input;
  }
  if (mutate) {
    // a get late in the history misses one append it must have seen
    const gets = ops.filter((o) => o.f === 'get' && (o.output as string).length > 20);
    const victim = gets[Math.floor(gets.length * (0.6 + 0.3 * rng()))] as PlannedOp;
    const parts = (victim.output as string).split('y').filter((p) => p !== '');
    parts.splice(Math.floor(parts.length / 2), 1);
    victim.output = parts.map((p) => p + 'y').join('');
  }
  return toHistory(ops);
}

/** Knossos-style small cas-register histories: 5 processes, 10 to 60 ops. */
export function smallCasRegister(seed: string, mutate: boolean): HistoryOp[] {
  const rng: Rng = seedrandom.alea(seed + '/size');
  return casRegisterHistory(seed, mutate, 10 + Math.floor(rng() * 51), 0.05);
}

/** Crashed writes mixed with failed cas (check with failedCas 'compare-mismatch'). */
export function crashedWithFailedCas(seed: string, mutate: boolean): HistoryOp[] {
  const rng: Rng = seedrandom.alea(seed);
  const planned = plan(rng, { clients: 10, ops: 200, crash: 0.2 }, (r) => {
    const x = r();
    if (x < 0.3) return { f: 'read', input: null };
    if (x < 0.55) return { f: 'write', input: Math.floor(r() * 5) };
    return { f: 'cas', input: [Math.floor(r() * 5), Math.floor(r() * 5)] };
  });
  runCasRegister(rng, planned, mutate);
  return toHistory(planned);
}

/** A strictly sequential register history: write i, then read i, ... (`ops` ops). */
export function sequentialRegister(ops: number, mutateAt = -1): HistoryOp[] {
  const out: HistoryOp[] = [];
  for (let i = 0; i < ops; i++) {
    const process = i % 5;
    const write = i % 2 === 0;
    const value = write ? i : i - 1;
    const seen = i === mutateAt ? value + 1 : value;
    out.push({ index: out.length, process, type: 'invoke', f: write ? 'write' : 'read', value: write ? value : null });
    out.push({ index: out.length, process, type: 'ok', f: write ? 'write' : 'read', value: write ? value : seen });
  }
  return out;
}

/** kv as the Raft clients use it: 3 keys, get/put/cas/append with unique values (put n,
 *  cas [v n], append "n,"), 5 clients, 15% of the ops crashed. */
export function raftLikeKvHistory(seed: string, opsTotal = 1500): HistoryOp[] {
  const rng: Rng = seedrandom.alea(seed);
  let n = 0;
  const ops = plan(rng, { clients: 5, ops: opsTotal, crash: 0.15 }, (r) => {
    const key = `k${Math.floor(r() * 3)}`;
    const x = r();
    n++;
    if (x < 0.4) return { f: 'get', key, input: null };
    if (x < 0.65) return { f: 'put', key, input: n };
    if (x < 0.8) return { f: 'cas', key, input: [null, n] };
    return { f: 'append', key, input: `${n},` };
  });
  const m = new Map<string, unknown>();
  const last = new Map<string, unknown>(); // a value the key held a while ago, for stale cas
  for (const o of ops.slice().sort((a, b) => a.at - b.at)) {
    const k = o.key as string;
    const cur = m.get(k) ?? null;
    if (o.f === 'get') o.output = cur;
    else if (o.f === 'cas') {
      const expected = rng() < 0.7 ? cur : (last.get(k) ?? null);
      o.input = [expected, (o.input as unknown[])[1]];
      if (JSON.stringify(expected) === JSON.stringify(cur)) {
        if (o.applied) m.set(k, (o.input as unknown[])[1]);
      } else o.failed = true;
    } else if (o.applied) m.set(k, o.f === 'put' ? o.input : (cur === null ? '' : String(cur)) + (o.input as string));
    if (o.f !== 'get') o.output = o.input;
    if (rng() < 0.1) last.set(k, cur);
  }
  return toHistory(ops);
}
