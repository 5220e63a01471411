// The PBS sweep (Bailis et al., "Probabilistically Bounded Staleness"): one quorum
// scenario run once per (R, W) with N = 3, with read repair and anti-entropy off so
// staleness is the quorums' alone, measured with the kv measures of checkers/measures.
// Shared by `faultline pbs` and `npm run bench pbs`.
import { kvMeasures, type LatencyPercentiles, type VisibilityBucket } from '../checkers/measures/index.js';
import { PROTOCOLS } from '../protocols/registry.js';
import { runScenario } from '../sim/run.js';
import { loadScenarioFile } from '../sim/scenario/index.js';
import { UsageError } from './errors.js';

export const PBS_DEFAULT_SCENARIO = 'scenarios/quorum/stale-reads-weak-quorum.yaml';
/** Columns of the curve: reads starting this long after the latest acknowledged write. */
export const PBS_EDGES_US: readonly number[] = [0, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000];
const REPLICAS = 3;

export interface PbsOptions {
  /** A latency setting in scenario syntax (`2ms`, `{dist: exponential, mean: 2ms}`); null keeps the scenario's. */
  readonly latency: string | null;
  readonly seed: number | null;
  readonly set: readonly string[];
}

export interface PbsRow {
  readonly r: number;
  readonly w: number;
  readonly read: LatencyPercentiles | null;
  readonly write: LatencyPercentiles | null;
  readonly reads: number;
  readonly staleReadFraction: number | null;
  readonly curve: readonly VisibilityBucket[];
}

export function pbsSweep(file: string, options: PbsOptions): PbsRow[] {
  const rows: PbsRow[] = [];
  for (let r = 1; r <= REPLICAS; r++) {
    for (let w = 1; w <= REPLICAS; w++) {
      const overrides = [
        ...options.set,
        `config.replicas=${REPLICAS}`,
        `config.readQuorum=${r}`,
        `config.writeQuorum=${w}`,
        'config.readRepair=off',
        'config.antiEntropyEvery=0s',
        // The curve is the measure: no linearizability search (R + W <= N fails it anyway).
        'checks.linearizability=false',
        ...(options.latency === null ? [] : [`network.latency=${options.latency}`]),
      ];
      const scenario = loadScenarioFile(file, {
        protocols: PROTOCOLS,
        overrides,
        ...(options.seed === null ? {} : { seed: options.seed }),
      });
      if (scenario.protocol !== 'quorum') throw new UsageError(`${file}: pbs needs a quorum scenario, got protocol ${scenario.protocol}`);
      const run = runScenario(scenario, PROTOCOLS.get('quorum')!);
      const m = kvMeasures(run.history, PBS_EDGES_US);
      rows.push({
        r,
        w,
        read: run.breakdown?.byType['get']?.latencyUs ?? null,
        write: run.breakdown?.byType['put']?.latencyUs ?? null,
        reads: m.reads,
        staleReadFraction: m.staleReadFraction,
        curve: m.tVisibility,
      });
    }
  }
  return rows;
}

function ms(us: number | null): string {
  return us === null ? '-' : (us / 1000).toFixed(1);
}

/** The sweep as a text table: one row per (R, W). */
export function pbsTable(rows: readonly PbsRow[]): string[] {
  const columns = PBS_EDGES_US.map((t, i) => (i + 1 < PBS_EDGES_US.length ? `${ms(t)}-${ms(PBS_EDGES_US[i + 1]!)}ms` : `>=${ms(t)}ms`));
  const lines = [
    `R W  read p50/p99 ms   write p50/p99 ms  P(read fresh | started t after the last acknowledged write): ${columns.join(' | ')}`,
  ];
  for (const row of rows) {
    const lat = (l: LatencyPercentiles | null) => (l === null ? '-' : `${ms(l.p50)}/${ms(l.p99)}`).padEnd(17);
    const curve = row.curve.map((b) => (b.consistent === null ? '-' : b.consistent.toFixed(4))).join(' | ');
    lines.push(`${row.r} ${row.w}  ${lat(row.read)} ${lat(row.write)} ${curve}`);
  }
  return lines;
}
