// The PBS sweep: every (R, W) of N = 3 runs; strict quorums (R + W > N) never read stale,
// and the weakest setting (R = W = 1) does under the same latency.
import { describe, expect, it } from 'vitest';
import { PBS_DEFAULT_SCENARIO, pbsSweep, pbsTable } from '../../cli/pbs-core.js';

describe('pbs sweep', () => {
  it('covers the nine settings; R + W > N is always fresh, R = W = 1 is not', () => {
    const rows = pbsSweep(PBS_DEFAULT_SCENARIO, { latency: '{dist: lognormal, median: 1ms, p99: 20ms}', seed: 1, set: ['duration=4s'] });
    expect(rows.map((r) => `${r.r}${r.w}`)).toEqual(['11', '12', '13', '21', '22', '23', '31', '32', '33']);
    for (const row of rows) {
      expect(row.reads).toBeGreaterThan(100);
      if (row.r + row.w > 3) expect(row.staleReadFraction, `R=${row.r} W=${row.w}`).toBe(0);
    }
    expect(rows[0]!.staleReadFraction).toBeGreaterThan(0);
    // Waiting for more replicas costs latency: R = 3 reads are slower than R = 1 reads at the median.
    expect(rows[6]!.read!.p50!).toBeGreaterThan(rows[0]!.read!.p50!);
    expect(pbsTable(rows)).toHaveLength(10);
  });
});
