// The distribution of protocol figures across a sweep's seeds (the percentile the run
// summary uses: sorted[floor(p * n)]), and how the terminal shows it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { figureDistributions, figureLines } from '../../cli/sweep-figures.js';

describe('sweep figures', () => {
  it('p50, p99 and max of each figure over the seeds that reported it', () => {
    const perSeed = Array.from({ length: 100 }, (_, k) => ({ leaderElections: k + 1, ...(k % 2 === 0 ? { commitLatencyP50Us: 1000 * (k + 1) } : {}) }));
    const d = figureDistributions([...perSeed, undefined, {}]);
    expect(d['leaderElections']).toEqual({ seeds: 100, p50: 51, p99: 100, max: 100 });
    expect(d['commitLatencyP50Us']).toEqual({ seeds: 50, p50: 51_000, p99: 99_000, max: 99_000 });
  });

  it('each statistic is one of the values, in order p50 <= p99 <= max', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 300 }), (values) => {
        const d = figureDistributions(values.map((v) => ({ x: v })))['x']!;
        expect(values).toContain(d.p50);
        expect(values).toContain(d.p99);
        expect(d.p50).toBeLessThanOrEqual(d.p99);
        expect(d.p99).toBeLessThanOrEqual(d.max);
        expect(d.max).toBe(Math.max(...values));
      }),
    );
  });

  it('prints durations for names ending in Us, the labels given, and how many seeds a partial figure covers', () => {
    const d = figureDistributions([{ leaderlessUs: 1_500_000, commitsMeasured: 3 }, { leaderlessUs: 500_000 }, { leaderlessUs: 200_000 }]);
    expect(figureLines(d, { leaderlessUs: 'time without a leader' }, 3)).toEqual([
      'protocol figures across seeds (p50 / p99 / max):',
      '  time without a leader  500ms / 1.5s / 1.5s',
      '  commits measured       3 / 3 / 3 (1 of 3 seeds)',
    ]);
    expect(figureLines({}, {}, 2)).toEqual([]);
  });
});
