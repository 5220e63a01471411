// Redlock benchmark: scenarios/redlock/random-faults.yaml stretched to 10 clients
// contending for 60 virtual seconds under the nemesis (pauses, crashes, clock steps until
// 57s, plus the two scheduled pauses of the lock holder), fencing on, every check on (both
// histories, the invariants): what `faultline run` does. Speed = virtual time / CPU time
// of the process (the machine is shared, so CPU time says more than wall time), median
// over seeds 1..10 after three warm-up runs, as bench/raft.ts (with two warm-ups the JIT
// was still compiling: the first measured seeds cost twice the later ones).
import { performance } from 'node:perf_hooks';
import { loadScenario } from '../cli/scenario-input.js';
import { runScenario } from '../sim/run.js';
import type { BenchResult } from './main.js';
import { benchScenarioFile, MEASURED_SEEDS, median, WARMUP_SEEDS } from './common.js';

export const REDLOCK_BENCH_SET: readonly string[] = ['clients=10', 'duration=60s', 'nemesis.stop=57s'];
const SCENARIO = 'scenarios/redlock/random-faults.yaml';
const SPEEDUP_TARGET = 1_000;

type Mode = 'sim-invariants' | 'full';

function timedRuns(mode: Mode) {
  const { scenario, protocol } = loadScenario(benchScenarioFile(SCENARIO), { set: REDLOCK_BENCH_SET });
  const checks = { ...scenario.checks, linearizability: mode === 'full' };
  return [...WARMUP_SEEDS, ...MEASURED_SEEDS].map((seed) => {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const options = mode === 'full' ? { wallClockMs: () => performance.now() } : { measures: false };
    const result = runScenario({ ...scenario, seed, checks }, protocol, options);
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    if (result.verdict !== 'pass' && result.verdict !== 'unknown') throw new Error(`bench/redlock seed ${seed}: ${result.verdict}: ${result.reason}`);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    return { seed, cpuMs, wallMs, speedup: result.stats.virtualTimeUs / 1000 / cpuMs, events: result.stats.events, ops: result.stats.ops.invoked };
  });
}

function resultOf(mode: Mode): BenchResult {
  const measured = timedRuns(mode).filter((r) => MEASURED_SEEDS.includes(r.seed));
  const speedup = median(measured.map((r) => r.speedup));
  const cpuMs = median(measured.map((r) => r.cpuMs));
  const cpus = measured.map((r) => Math.round(r.cpuMs)).join('/');
  const wallMs = median(measured.map((r) => r.wallMs));
  return {
    name: `run-${mode}-10-clients-60s`,
    value: Math.round(speedup),
    unit: 'x real time (CPU)',
    target: SPEEDUP_TARGET,
    pass: speedup >= SPEEDUP_TARGET,
    detail:
      `median of seeds ${MEASURED_SEEDS.join(',')}: ${Math.round(cpuMs)}ms CPU per 60s run (each: ${cpus}), ` +
      `wall ${Math.round(wallMs)}ms (${Math.round(60_000 / wallMs)}x real time by the wall clock, shared machine), ` +
      `${median(measured.map((r) => r.events))} events, ${median(measured.map((r) => r.ops))} ops`,
    data: { cpuMsMedian: Math.round(cpuMs), wallMsMedian: Math.round(wallMs), eventsMedian: median(measured.map((r) => r.events)) },
  };
}

/** The simulation with the invariants (what a sweep's run costs before the history checks), then the full run. */
export async function benchRedlock(): Promise<BenchResult[]> {
  return [resultOf('sim-invariants'), resultOf('full')];
}
