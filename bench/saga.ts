// Saga benchmarks (issue #14): each style's random-nemesis scenario stretched to 60
// virtual seconds at 50 orders/s (150 closed-loop clients, so few arrivals are skipped
// while sagas wait out faults; stock raised so the shop does not sell out), the nemesis
// drawing a fault every second until 57s, then the drain (at most 30s: sagas still open
// finish or compensate); every check on (the invariants and the summary figures: saga
// checks have no history model). Speed = the 60 virtual seconds of load / CPU time of the
// process for the whole run, drain and checks included (the drain's virtual time is not
// counted: it would flatter the figure), median over seeds after warm-up runs, with the
// wall time beside it (the machine is shared, so CPU time is the fairer clock).
// `npm run bench saga` or `node dist/bench/main.js saga`.
import { performance } from 'node:perf_hooks';
import { loadScenario } from '../cli/scenario-input.js';
import { runScenario } from '../sim/run.js';
import type { BenchResult } from './main.js';
import { benchScenarioFile, MEASURED_SEEDS, median, WARMUP_SEEDS } from './common.js';

export const SAGA_BENCH_SET: readonly string[] = [
  'duration=60s',
  'nemesis.stop=57s',
  'nemesis.interval=1s',
  'workload.rate=50/s',
  'clients=150',
  'config.stock=1000000',
];
const STYLES = [
  { label: 'orchestrated', file: 'scenarios/saga/random-nemesis.yaml' },
  { label: 'choreographed', file: 'scenarios/saga/choreographed-random-nemesis.yaml' },
];
const SPEEDUP_TARGET = 1_000;
/** The virtual time of load the speed is counted over (`duration=60s`). */
const LOAD_MS = 60_000;

function timedRun(file: string, seed: number) {
  const { scenario, protocol } = loadScenario(benchScenarioFile(file), { set: SAGA_BENCH_SET });
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const result = runScenario({ ...scenario, seed }, protocol, { wallClockMs: () => performance.now() });
  const wallMs = performance.now() - wallBefore;
  const cpu = process.cpuUsage(cpuBefore);
  if (result.verdict !== 'pass') throw new Error(`bench/saga ${file} seed ${seed}: ${result.verdict}: ${result.reason}`);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const p = result.stats.protocol;
  const virtualMs = LOAD_MS;
  return { seed, cpuMs, wallMs, cpuSpeedup: virtualMs / cpuMs, wallSpeedup: virtualMs / wallMs, events: result.stats.events, ops: result.stats.ops.invoked, completed: p['sagasCompleted'] ?? 0, compensated: p['sagasCompensated'] ?? 0 };
}

function resultOf(label: string, file: string): BenchResult {
  for (const seed of WARMUP_SEEDS) timedRun(file, seed);
  const runs = MEASURED_SEEDS.map((seed) => timedRun(file, seed));
  const speedup = median(runs.map((r) => r.cpuSpeedup));
  const m = (pick: (r: (typeof runs)[number]) => number) => Math.round(median(runs.map(pick)));
  return {
    name: `${label}-50-orders-per-s-60s-nemesis`,
    value: Math.round(speedup),
    unit: 'x real time (CPU)',
    target: SPEEDUP_TARGET,
    pass: speedup >= SPEEDUP_TARGET,
    detail:
      `median of seeds ${MEASURED_SEEDS.join(',')}: ${m((r) => r.cpuMs)}ms CPU, ${m((r) => r.wallMs)}ms wall (${m((r) => r.wallSpeedup)}x wall) per run (60s of load + drain); ` +
      `${m((r) => r.events)} events, ${m((r) => r.ops)} orders (${m((r) => r.completed)} completed, ${m((r) => r.compensated)} compensated)`,
    data: { cpuMsMedian: m((r) => r.cpuMs), wallMsMedian: m((r) => r.wallMs), wallSpeedupMedian: m((r) => r.wallSpeedup), eventsMedian: m((r) => r.events) },
  };
}

export async function benchSaga(): Promise<BenchResult[]> {
  return STYLES.map((s) => resultOf(s.label, s.file));
}
