// The PBS curve (Bailis et al., "Probabilistically Bounded Staleness"): N = 3 swept over
// every (R, W), with read repair and anti-entropy off so staleness is the quorums' alone.
// For each setting: read and write latency p50/p99, and the probability that a read that
// starts t after the latest acknowledged write is fresh, from the kv measures
// (checkers/measures). The latency distribution is the scenario's; change it with
// PBS_LATENCY='{dist: exponential, mean: 2ms}' (YAML), the seed with PBS_SEED.
// `npm run bench pbs` or `node dist/bench/main.js pbs`.
import type { BenchResult } from './main.js';
import { kvMeasures } from '../checkers/measures/index.js';
import { PROTOCOLS } from '../protocols/registry.js';
import { runScenario } from '../sim/run.js';
import { loadScenarioFile } from '../sim/scenario/index.js';

const SCENARIO = 'scenarios/quorum/stale-reads-weak-quorum.yaml';
const T_COLUMNS_US = [0, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000];

function ms(us: number): string {
  return (us / 1000).toFixed(1);
}

export async function benchPbs(): Promise<BenchResult[]> {
  const latency = process.env['PBS_LATENCY'] ?? '{dist: lognormal, median: 1ms, p99: 20ms}';
  const seed = Number(process.env['PBS_SEED'] ?? '1');
  const header = ['R', 'W', 'read p50/p99 ms', 'write p50/p99 ms', ...T_COLUMNS_US.map((t, i) => `P(fresh) t ${ms(t)}..${i + 1 < T_COLUMNS_US.length ? ms(T_COLUMNS_US[i + 1]!) : 'inf'}ms`)];
  console.log(`PBS sweep, N = 3, latency ${latency}, seed ${seed}, 20 virtual s per setting`);
  console.log(header.join(' | '));
  const results: BenchResult[] = [];
  for (let r = 1; r <= 3; r++) {
    for (let w = 1; w <= 3; w++) {
      const scenario = loadScenarioFile(SCENARIO, {
        protocols: PROTOCOLS,
        overrides: [
          `config.readQuorum=${r}`, `config.writeQuorum=${w}`, 'config.readRepair=off', 'config.antiEntropyEvery=0s',
          `network.latency=${latency}`, 'duration=20s', 'workload.rate=500/s', 'workload.keys=1', `seed=${seed}`,
        ],
      });
      const run = runScenario(scenario, PROTOCOLS.get('quorum')!);
      const m = kvMeasures(run.history, T_COLUMNS_US);
      const get = m.latency['get']!;
      const put = m.latency['put']!;
      const fresh = m.tVisibility.map((b) => (b.consistent === null ? '-' : b.consistent.toFixed(4)));
      console.log([r, w, `${ms(get.p50Us)}/${ms(get.p99Us)}`, `${ms(put.p50Us)}/${ms(put.p99Us)}`, ...fresh].join(' | '));
      results.push({
        name: `pbs R=${r} W=${w}`,
        value: 1 - (m.staleReadFraction ?? 0),
        unit: 'P(fresh read)',
        detail: `read p99 ${ms(get.p99Us)}ms, write p99 ${ms(put.p99Us)}ms, ${m.reads} reads`,
      });
    }
  }
  return results;
}
