// Benchmarks for the linearizability checker on real-world shapes (npm run bench calls
// benchCheckers(); alone: npm run build && node dist/bench/main.js checkers). Every set is
// generated from a seed (bench/checker-histories.ts), so each figure can be measured again
// on a fresh clone. Each set is reported as checking time (CPU time of checkHistory in
// this process: first pass, then best of 3) and as whole-process time (wall time of
// `faultline check <files> --json` in a fresh process: start-up, reading, parsing, a cold
// JIT), with the target beside it where there is one.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHistory, historyToEdn, historyToJson, historyToJsonLines } from '../checkers/formats/history-io.js';
import type { HistoryOp } from '../checkers/history.js';
import { checkHistory } from '../checkers/linearizability/check.js';
import type { CheckOptions, LinearizabilityResult } from '../checkers/linearizability/check.js';
import { kvModel } from '../checkers/models/kv.js';
import { crashedWithFailedCas, etcdLog, kvAppendHistory, raftLikeKvHistory, sequentialRegister, smallCasRegister } from './checker-histories.js';

const out = (s: string): void => {
  process.stdout.write(s + '\n');
};

function cpuMs<T>(fn: () => T): { ms: number; value: T } {
  const c0 = process.cpuUsage();
  const value = fn();
  const c = process.cpuUsage(c0);
  return { ms: (c.user + c.system) / 1000, value };
}

interface SetRun {
  readonly passes: number;
  readonly firstMs: number;
  readonly bestMs: number;
  readonly results: LinearizabilityResult[];
}

/** Check every history of a set `passes` times (CPU time per pass). */
function checkSet(histories: readonly HistoryOp[][], opts: CheckOptions, passes = 3): SetRun {
  const times: number[] = [];
  let results: LinearizabilityResult[] = [];
  for (let p = 0; p < passes; p++) {
    const r = cpuMs(() => histories.map((h) => checkHistory(h, opts)));
    times.push(r.ms);
    results = r.value;
  }
  return { passes, firstMs: times[0] as number, bestMs: Math.min(...times), results };
}

function verdicts(results: readonly LinearizabilityResult[]): string {
  const n = { linearizable: 0, 'not-linearizable': 0, unknown: 0 };
  let steps = 0;
  for (const r of results) {
    n[r.verdict]++;
    steps += r.steps;
  }
  return `${n.linearizable} linearizable, ${n['not-linearizable']} not, ${n.unknown} unknown; ${steps.toLocaleString('en-US')} steps`;
}

const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));

/** Prints the process's CPU time (all threads) on stderr as it exits. */
const CPU_AT_EXIT = 'data:text/javascript,process.on("exit",()=>{const c=process.cpuUsage();process.stderr.write("cpu-ms "+(c.user+c.system)/1000+"\\n")})';

/** CPU and wall time of `faultline check <paths> --json` in a fresh process: start-up,
 *  reading, parsing and checking with a cold JIT (compiled runs only). */
function wholeProcess(paths: readonly string[], extra: readonly string[] = []): string {
  if (!CLI.endsWith('.js')) return 'whole process: run compiled (npm run bench)';
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', CPU_AT_EXIT, CLI, 'check', ...paths, '--json', ...extra], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const wallMs = performance.now() - t0;
  const cpuMs = Number(/cpu-ms ([\d.]+)/.exec(r.stderr)?.[1] ?? NaN);
  const lines = r.stdout.split('\n').filter((l) => l.startsWith('{'));
  const checking = lines.reduce((a, l) => a + (JSON.parse(l) as { elapsedMs: number }).elapsedMs, 0);
  return `whole process ${cpuMs.toFixed(0)} ms CPU, ${wallMs.toFixed(0)} ms wall (exit ${r.status}; its checking ${checking.toFixed(1)} ms wall)`;
}

function report(label: string, run: SetRun, whole: string, target: string): void {
  out(`${label}: ${verdicts(run.results)}`);
  const best = run.passes > 1 ? `, ${run.bestMs.toFixed(1)} ms best of ${run.passes}` : '';
  out(`    checking ${run.firstMs.toFixed(1)} ms${run.passes > 1 ? ' first pass' : ''}${best} (CPU); target ${target}`);
  out(`    ${whole}`);
}

function writeSet(dir: string, name: string, texts: readonly string[], ext: string): string[] {
  const sub = join(dir, name);
  mkdirSync(sub);
  return texts.map((t, i) => {
    const p = join(sub, `${String(i).padStart(3, '0')}${ext}`);
    writeFileSync(p, t);
    return p;
  });
}

export async function benchCheckers(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-'));
  try {
    out('checkers: linearizability, single-threaded (CPU time; the machine may be shared)');
    const one = writeSet(dir, 'startup', [historyToEdn(sequentialRegister(2))], '.edn');
    out(`start-up: check of a 2-op file: ${wholeProcess(one)}`);

    // (1) Jepsen etcd console logs: 5 processes, crashes in partition windows
    const etcd = Array.from({ length: 100 }, (_, i) => etcdLog(`etcd-${i}`, i % 10 === 9));
    const etcdFiles = writeSet(dir, 'etcd', etcd, '.log');
    const etcdOps = etcd.map((t) => parseHistory(t).ops);
    const info = etcdOps.reduce((a, h) => a + h.filter((o) => o.type === 'info').length, 0);
    report(`(1) 100 etcd-style Jepsen logs (${info} crashed ops)`, checkSet(etcdOps, { model: 'cas-register' }), wholeProcess(etcdFiles), 'no slower than the checker before (docs/checkers.md)');

    // (2) kv, 2,000 ops, 50 clients, 10 keys, appends of unique strings
    for (const bad of [false, true]) {
      const h = kvAppendHistory('kv50', 50, 2000, bad);
      const files = writeSet(dir, `kv50-${bad ? 'bad' : 'ok'}`, [historyToJson(h)], '.json');
      report(`(2) kv, 2,000 ops, 50 clients, 10 keys, ${bad ? 'not linearizable' : 'linearizable'}`, checkSet([h], { model: 'kv', initial: '' }), wholeProcess(files, ['--initial', '']), bad ? '<= 50 ms' : '<= 0.2 s');
    }

    // (3) 120 small cas-register EDN histories (Knossos-style), warm and cold
    const small = Array.from({ length: 120 }, (_, i) => smallCasRegister(`small-${i}`, i % 2 === 1));
    const smallFiles = writeSet(dir, 'small', small.map((h) => historyToEdn(h)), '.edn');
    report('(3) 120 small cas-register histories', checkSet(small, { model: 'cas-register' }), wholeProcess([join(dir, 'small')]), '<= 25 ms in all, warm or cold');
    void smallFiles;

    // (4) 1,000,000 sequential ops (one register)
    const seq = sequentialRegister(1_000_000);
    const seqFile = writeSet(dir, 'seq', [historyToJsonLines(seq)], '.jsonl');
    report('(4) 1,000,000 sequential ops', checkSet([seq], { model: 'register' }, 1), wholeProcess(seqFile, ['--model', 'register', '--timeout', '60s']), 'seconds, memory bounded by the concurrency');

    // (5) kv, 4,000 ops, 200 clients, 10 keys (20M-step budget in process)
    const kv200 = kvAppendHistory('kv200', 200, 4000, false);
    const kv200File = writeSet(dir, 'kv200', [historyToJson(kv200)], '.json');
    report('(5) kv, 4,000 ops, 200 clients, 10 keys', checkSet([kv200], { model: 'kv', initial: '', maxSteps: 20_000_000 }, 1), wholeProcess(kv200File, ['--initial', '', '--timeout', '30s']), 'none (reported)');

    // (6) crashed writes among failed cas kept as observations: the candidate order
    const fcas = Array.from({ length: 20 }, (_, i) => crashedWithFailedCas(`fcas-${i}`, i % 2 === 1));
    report('(6) 20 cas-register histories, crashed writes and failed cas (compare-mismatch), 2M steps each', checkSet(fcas, { model: 'cas-register', failedCas: 'compare-mismatch', maxSteps: 2_000_000 }, 1), 'whole process: not measured', 'none (reported)');

    // (7) Raft-like kv (unique values, 15% crashed), with and without the register rewrites
    const raft = Array.from({ length: 20 }, (_, i) => raftLikeKvHistory(`raft-${i}`));
    const { optimize: _unused, ...unreduced } = kvModel;
    for (const [label, model] of [['with the register rewrites', kvModel], ['without them', unreduced]] as const) {
      report(`(7) 20 Raft-like kv histories of 1,500 ops, ${label}, 2M steps each`, checkSet(raft, { model, maxSteps: 2_000_000 }, 1), 'whole process: not measured', 'none (reported)');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
