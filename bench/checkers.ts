// Benchmarks for the linearizability checker (npm run bench calls benchCheckers()).
//
// (a) 100 cas-register histories of about 80 ops: 5 processes, values 0-4, about 3% crashed
//     ops (a crashed process comes back under a new number, as in Jepsen); half of them
//     get one read result changed, so the set mixes linearizable and not.
// (a') the same with 20% crashed ops.
// (b) one kv history of about 2,000 ops: 50 clients over 10 keys (get/put/append),
//     linearizable (absent keys read as '', so it is checked with initial '').
// (c) 20 kv histories of 1,500 ops as Raft clients write them (5 clients, 3 keys, unique
//     values, 15% of the ops crashed), checked with and without the register rewrites.
// Histories come from simulated executions: each op takes effect at a random point of its
// interval, results are computed in that order, so unmutated histories are linearizable.
// Everything is seeded (alea), so runs compare.

import { performance } from 'node:perf_hooks';
import seedrandom from 'seedrandom';
import type { HistoryOp, OpType } from '../checkers/history.js';
import { checkHistory } from '../checkers/linearizability/check.js';
import type { LinearizabilityResult } from '../checkers/linearizability/check.js';
import { kvModel } from '../checkers/models/kv.js';

type Rng = () => number;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface PlannedOp {
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

/** Closed-loop clients: each issues its next op after the previous one completes. */
function plan(rng: Rng, clients: number, opsTotal: number, crashRate: number, mkOp: (rng: Rng) => { f: string; input: unknown; key?: string }): PlannedOp[] {
  const ops: PlannedOp[] = [];
  const clock = new Array<number>(clients).fill(0).map(() => rng() * 5);
  const procOf = Array.from({ length: clients }, (_, i) => i);
  while (ops.length < opsTotal) {
    // the client whose next op starts first
    let c = 0;
    for (let i = 1; i < clients; i++) if ((clock[i] as number) < (clock[c] as number)) c = i;
    const inv = clock[c] as number;
    const dur = 1 + rng() * 9 + (rng() < 0.1 ? rng() * 30 : 0);
    const ret = inv + dur;
    const crashed = rng() < crashRate;
    const o = mkOp(rng);
    ops.push({ process: procOf[c] as number, ...o, inv, ret, at: inv + rng() * dur, crashed, applied: !crashed || rng() < 0.5 });
    if (crashed) procOf[c] = (procOf[c] as number) + clients; // a new process, Jepsen style
    clock[c] = ret + rng() * 3;
  }
  return ops;
}

function toHistory(ops: PlannedOp[]): HistoryOp[] {
  const evs: { t: number; op: Mutable<HistoryOp> }[] = [];
  for (const o of ops) {
    const base = { process: o.process, f: o.f, ...(o.key !== undefined ? { key: o.key } : {}) };
    evs.push({ t: o.inv, op: { index: 0, type: 'invoke', value: o.f === 'read' || o.f === 'get' ? null : o.input, ...base } });
    const type: OpType = o.crashed ? 'info' : o.failed ? 'fail' : 'ok';
    evs.push({ t: o.ret, op: { index: 0, type, value: type === 'ok' ? o.output : o.input, ...base } });
  }
  evs.sort((a, b) => a.t - b.t);
  return evs.map((e, i) => ({ ...e.op, index: i, time: Math.round(e.t * 1e6) }));
}

/** (a): a cas register, 5 processes, values 0-4. */
export function casRegisterHistory(seed: string, mutate: boolean, crashRate = 0.03): HistoryOp[] {
  const rng: Rng = seedrandom.alea(seed);
  const ops = plan(rng, 5, 80, crashRate, (r) => {
    const x = r();
    if (x < 0.4) return { f: 'read', input: null };
    if (x < 0.7) return { f: 'write', input: Math.floor(r() * 5) };
    return { f: 'cas', input: [Math.floor(r() * 5), Math.floor(r() * 5)] };
  });
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
  if (mutate) {
    const reads = ops.filter((o) => o.f === 'read' && !o.crashed);
    const victim = reads[Math.floor(rng() * reads.length)];
    if (victim !== undefined) victim.output = ((typeof victim.output === 'number' ? victim.output : 0) + 1 + Math.floor(rng() * 4)) % 5;
  }
  return toHistory(ops);
}

/** (b): kv, 50 clients, 10 keys, get/put/append. */
export function kvHistory(seed: string): HistoryOp[] {
  const rng: Rng = seedrandom.alea(seed);
  const ops = plan(rng, 50, 2000, 0, (r) => {
    const key = `k${Math.floor(r() * 10)}`;
    const x = r();
    if (x < 0.5) return { f: 'get', key, input: null };
    if (x < 0.75) return { f: 'put', key, input: String(Math.floor(r() * 1000)) };
    return { f: 'append', key, input: `x${Math.floor(r() * 100)};` };
  });
  const m = new Map<string, string>();
  for (const o of ops.slice().sort((a, b) => a.at - b.at)) {
    const k = o.key as string;
    if (o.f === 'get') o.output = m.get(k) ?? '';
    else if (o.f === 'put') {
      m.set(k, o.input as string);
      o.output = o.input;
    } else {
      m.set(k, (m.get(k) ?? '') + (o.input as string));
      o.output = o.input;
    }
  }
  return toHistory(ops);
}

/** (c): kv as the Raft clients use it: 3 keys, get/put/cas/append with unique values
 *  (put n, cas [v n], append "n,"), 5 clients, 15% of the ops crashed. */
export function raftLikeKvHistory(seed: string, opsTotal = 1500): HistoryOp[] {
  const rng: Rng = seedrandom.alea(seed);
  let n = 0;
  const ops = plan(rng, 5, opsTotal, 0.15, (r) => {
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
    else if (o.f === 'put') {
      if (o.applied) m.set(k, o.input);
      o.output = o.input;
    } else if (o.f === 'cas') {
      const expected = rng() < 0.7 ? cur : (last.get(k) ?? null);
      o.input = [expected, (o.input as unknown[])[1]];
      if (JSON.stringify(expected) === JSON.stringify(cur)) {
        if (o.applied) m.set(k, (o.input as unknown[])[1]);
      } else o.failed = true;
      o.output = o.input;
    } else {
      if (o.applied) m.set(k, (cur === null ? '' : String(cur)) + (o.input as string));
      o.output = o.input;
    }
    if (rng() < 0.1) last.set(k, cur);
  }
  return toHistory(ops);
}

function stats(xs: number[]): string {
  const s = xs.slice().sort((a, b) => a - b);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.floor(p * s.length))] as number;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return `mean ${mean.toFixed(2)} ms, median ${q(0.5).toFixed(2)}, p90 ${q(0.9).toFixed(2)}, max ${s[s.length - 1]!.toFixed(2)}`;
}

interface RunA {
  totalMs: number;
  perMs: number[];
  results: LinearizabilityResult[];
}

function runA(histories: HistoryOp[][]): RunA {
  const perMs: number[] = [];
  const results: LinearizabilityResult[] = [];
  const t0 = performance.now();
  for (const h of histories) {
    const t = performance.now();
    results.push(checkHistory(h, { model: 'cas-register', clock: () => performance.now(), timeoutMs: 60_000 }));
    perMs.push(performance.now() - t);
  }
  return { totalMs: performance.now() - t0, perMs, results };
}

export async function benchCheckers(): Promise<void> {
  const out = (s: string): void => {
    process.stdout.write(s + '\n');
  };
  out('checkers: linearizability (single-threaded; times include pairing and preparation)');

  // (a)
  const histories = Array.from({ length: 100 }, (_, i) => casRegisterHistory(`cas-${i}`, i % 2 === 1));
  const events = histories.reduce((a, h) => a + h.length, 0);
  const first = runA(histories);
  const again = [runA(histories), runA(histories)];
  const best = [first, ...again].reduce((a, b) => (b.totalMs < a.totalMs ? b : a));
  const verdicts = { linearizable: 0, 'not-linearizable': 0, unknown: 0 };
  let info = 0;
  let steps = 0;
  for (const r of first.results) {
    verdicts[r.verdict]++;
    info += r.counts.info;
    steps += r.steps;
  }
  out(`(a) 100 cas-register histories, ${events / 2} ops (${(events / 200).toFixed(0)} per history), ${info} crashed`);
  out(`    verdicts: ${verdicts.linearizable} linearizable, ${verdicts['not-linearizable']} not linearizable, ${verdicts.unknown} unknown; ${steps} search steps`);
  out(`    total: first run ${first.totalMs.toFixed(1)} ms, best of 3 ${best.totalMs.toFixed(1)} ms (Porcupine reference ~900 ms)`);
  out(`    per history (first run): ${stats(first.perMs)}`);

  // (a') the same with 20% crashed ops (closer to Jepsen's etcd logs): crashed ops stay
  // open to the end of the history, which is what makes a search expensive.
  const crashy = Array.from({ length: 100 }, (_, i) => casRegisterHistory(`cas-${i}`, i % 2 === 1, 0.2));
  const c1 = runA(crashy);
  const cBest = [c1, runA(crashy), runA(crashy)].reduce((a, b) => (b.totalMs < a.totalMs ? b : a));
  const cInfo = c1.results.reduce((a, r) => a + r.counts.info, 0);
  const cNot = c1.results.filter((r) => r.verdict === 'not-linearizable').length;
  out(`(a') the same with 20% crashed ops: ${cInfo} crashed, ${cNot} not linearizable`);
  out(`    total: first run ${c1.totalMs.toFixed(1)} ms, best of 3 ${cBest.totalMs.toFixed(1)} ms; per history: ${stats(c1.perMs)}`);

  // (b)
  const kv = kvHistory('kv-0');
  const runs: number[] = [];
  let rb: LinearizabilityResult | null = null;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    rb = checkHistory(kv, { model: 'kv', initial: '', clock: () => performance.now(), timeoutMs: 60_000 });
    runs.push(performance.now() - t);
  }
  out(`(b) kv history: ${rb!.counts.ops} ops, 50 clients, ${rb!.partitions} keys: ${rb!.verdict}, ${rb!.steps} search steps`);
  out(`    total: first run ${runs[0]!.toFixed(1)} ms, best of 3 ${Math.min(...runs).toFixed(1)} ms (Porcupine reference ~350 ms)`);

  // (c) Raft-like kv histories: many crashed writes of unique values. The register
  // rewrites (checkers/models/register-reduce.ts) drop or bound nearly all of them; without
  // them (the same model, no optimize hook) most histories exhaust a 2M-step budget.
  const raft = Array.from({ length: 20 }, (_, i) => raftLikeKvHistory(`raft-${i}`));
  const { optimize: _unused, ...unreduced } = kvModel;
  for (const [label, model] of [
    ['with the rewrites', kvModel],
    ['without them', unreduced],
  ] as const) {
    const per: number[] = [];
    const verdictsC = { linearizable: 0, 'not-linearizable': 0, unknown: 0 };
    let stepsC = 0;
    for (const h of raft) {
      const t = performance.now();
      const r = checkHistory(h, { model, maxSteps: 2_000_000 });
      per.push(performance.now() - t);
      verdictsC[r.verdict]++;
      stepsC += r.steps;
    }
    const infoC = raft.reduce((a, h) => a + h.filter((o) => o.type === 'info').length, 0);
    out(`(c) 20 Raft-like kv histories of 1,500 ops (3 keys, ${infoC} crashed), ${label}:`);
    out(`    ${verdictsC.linearizable} linearizable, ${verdictsC.unknown} unknown (2M-step budget); ${stepsC} steps; per history: ${stats(per)}`);
  }
}
