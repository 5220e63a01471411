// The quorum store at the size: 5 nodes, N = 3, 1,000 ops/s for 60 virtual
// seconds under the random nemesis (scenarios/quorum/random-faults.yaml, stretched), with
// every measure on: the run, the linearizability check and the kv measures; and the same
// at Raft's bench load (100 ops/s, 4 clients) for comparison. Reports
// virtual time / wall time and virtual time / CPU time (the machine is shared), and for
// each seed where the CPU went: the simulation, the linearizability check, the measures.
// `npm run bench quorum` or `node dist/bench/main.js quorum`.
import type { BenchResult } from './main.js';
import { benchScenarioFile, cpuMsOf } from './common.js';
import { PROTOCOLS } from '../protocols/registry.js';
import { checkHistories } from '../sim/checks.js';
import { computeMeasures } from '../sim/measures.js';
import { runScenario } from '../sim/run.js';
import { loadScenarioFile } from '../sim/scenario/index.js';
import type { AnyProtocol } from '../sim/protocol.js';
import type { Scenario } from '../sim/scenario/types.js';
import { World } from '../sim/world.js';

const RUNS = 3;
/** Run before the measured seeds, so that the first of them does not pay for the JIT warming up. */
const WARMUP_SEED = 1001;

/** The load on top of the stretched scenario (also bench/raft-ab.ts's `quorum-1000` target). */
export const QUORUM_BENCH_LOAD = ['workload.rate=1000/s', 'workload.keys=200', 'clients=200'] as const;

/** The load, and Raft's bench load (100 ops/s, 4 clients) for comparison. */
const LOADS = [
  { opsPerSecond: 1000, overrides: QUORUM_BENCH_LOAD },
  { opsPerSecond: 100, overrides: ['workload.rate=100/s', 'workload.keys=4', 'clients=4'] },
] as const;

export async function benchQuorum(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const load of LOADS) results.push(...runLoad(load.opsPerSecond, load.overrides));
  return results;
}

function runLoad(opsPerSecond: number, overrides: readonly string[]): BenchResult[] {
  const scenario = loadScenarioFile(benchScenarioFile('scenarios/quorum/random-faults.yaml'), {
    protocols: PROTOCOLS,
    overrides: ['duration=60s', 'nemesis.stop=57s', ...overrides],
  });
  const protocol = PROTOCOLS.get('quorum')!;
  runScenario({ ...scenario, seed: WARMUP_SEED }, protocol);
  const results: BenchResult[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const run = runScenario({ ...scenario, seed: i }, protocol, { wallClockMs: () => performance.now() });
    const wallMs = performance.now() - wall0;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const m = run.consistency!;
    const split = splitCpu({ ...scenario, seed: i }, protocol);
    results.push({
      name: `seed ${i}: 60s, ${opsPerSecond} ops/s, all checks`,
      value: Math.round(60_000 / wallMs),
      unit: 'x real time',
      target: 1000,
      pass: 60_000 / wallMs >= 1000,
      detail:
        `wall ${wallMs.toFixed(0)}ms, cpu ${cpuMs.toFixed(0)}ms (${Math.round(60_000 / cpuMs)}x per CPU second; ` +
        `again in parts: sim ${split.simMs.toFixed(0)}, lin ${split.linMs.toFixed(0)}, measures ${split.measuresMs.toFixed(0)}), ` +
        `${run.stats.ops.invoked} ops, ${run.stats.events} events (${Math.round(run.stats.events / (cpuMs / 1000) / 1000)}k per CPU second), ` +
        `verdict ${run.verdict}, stale ${m.staleReads}/${m.reads}, lost ${m.lostWrites}, lin check ${run.linearizability?.elapsedMs?.toFixed(0) ?? '-'}ms wall`,
      data: { wallMs, cpuMs, ...split, events: run.stats.events, ops: run.stats.ops.invoked },
    });
  }
  return results;
}

/** The same run again in its three parts, each timed by CPU: what runScenario does, minus the judging. */
function splitCpu(scenario: Scenario, protocol: AnyProtocol): { simMs: number; linMs: number; measuresMs: number } {
  let outcome = null as ReturnType<World['run']> | null;
  const simMs = cpuMsOf(() => {
    outcome = new World(scenario, protocol, {}).run();
  });
  const ran = outcome!;
  const linMs = cpuMsOf(() => checkHistories(scenario, protocol, ran.history, null));
  const measuresMs = cpuMsOf(() =>
    computeMeasures({
      history: ran.history,
      endUs: ran.endUs,
      messagesSent: ran.network.sent,
      availabilityWindowUs: scenario.checks.availabilityWindowUs,
    }),
  );
  return { simMs, linMs, measuresMs };
}
