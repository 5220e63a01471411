// The PBS curve as a benchmark: `faultline pbs` on the default scenario with a lognormal
// (median 1ms, p99 20ms) latency, 20 virtual seconds at 500 ops/s on one key per setting;
// change the latency with PBS_LATENCY (scenario syntax). `npm run bench pbs`.
import type { BenchResult } from './main.js';
import { PBS_DEFAULT_SCENARIO, pbsSweep, pbsTable } from '../cli/pbs-core.js';

export async function benchPbs(): Promise<BenchResult[]> {
  const latency = process.env['PBS_LATENCY'] ?? '{dist: lognormal, median: 1ms, p99: 20ms}';
  const cpu0 = process.cpuUsage();
  const rows = pbsSweep(PBS_DEFAULT_SCENARIO, {
    latency,
    seed: 1,
    set: ['duration=20s', 'workload.rate=500/s', 'workload.keys=1'],
  });
  const cpuMs = process.cpuUsage(cpu0).user / 1000;
  console.log(`PBS sweep, N = 3, latency ${latency}, seed 1, 20 virtual s per setting (${cpuMs.toFixed(0)}ms CPU for all 9)`);
  for (const line of pbsTable(rows)) console.log(line);
  return rows.map((row) => ({
    name: `R=${row.r} W=${row.w}`,
    value: 1 - (row.staleReadFraction ?? 0),
    unit: 'P(fresh read)',
    detail: `read p99 ${((row.read?.p99 ?? 0) / 1000).toFixed(1)}ms, write p99 ${((row.write?.p99 ?? 0) / 1000).toFixed(1)}ms, ${row.reads} reads`,
  }));
}
