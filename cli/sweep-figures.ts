// Liveness data from a sweep: each seed's protocol figures (leader elections, time without
// a leader, commit latency, ... whatever the protocol's stats report) and their
// distribution across the seeds, so a sweep says how available the protocol was, not
// only whether it was safe. Computed from the per-seed results, so `merge` gets it too.
import { percentile } from '../checkers/measures/index.js';
import { humanDurationUs } from './output/text.js';

/** One figure across the seeds that reported it (percentiles as the run summary's: sorted[floor(p * n)]). */
export interface FigureDistribution {
  /** How many seeds reported it (a figure may be absent when there was nothing to measure). */
  readonly seeds: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export function figureDistributions(
  perSeed: readonly (Readonly<Record<string, number>> | undefined)[],
): Record<string, FigureDistribution> {
  const values = new Map<string, number[]>();
  for (const figures of perSeed) {
    for (const [name, value] of Object.entries(figures ?? {})) {
      if (!Number.isFinite(value)) continue;
      const list = values.get(name) ?? [];
      list.push(value);
      values.set(name, list);
    }
  }
  const out: Record<string, FigureDistribution> = {};
  for (const [name, list] of values) {
    const sorted = list.sort((a, b) => a - b);
    out[name] = { seeds: sorted.length, p50: percentile(sorted, 0.5)!, p99: percentile(sorted, 0.99)!, max: sorted[sorted.length - 1]! };
  }
  return out;
}

/** Terminal lines: one per figure, with the protocol's label; names ending in `Us` are durations. */
export function figureLines(
  distributions: Readonly<Record<string, FigureDistribution>>,
  labels: Readonly<Record<string, string>>,
  seeds: number,
): string[] {
  const names = Object.keys(distributions);
  if (names.length === 0) return [];
  const show = (name: string, value: number) => (/Us$/.test(name) ? humanDurationUs(value) : String(Math.round(value * 100) / 100));
  const label = (name: string) => labels[name] ?? name.replace(/Us$/, '').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  const width = Math.max(...names.map((n) => label(n).length));
  const lines = ['protocol figures across seeds (p50 / p99 / max):'];
  for (const name of names) {
    const d = distributions[name]!;
    const some = d.seeds < seeds ? ` (${d.seeds} of ${seeds} seeds)` : '';
    lines.push(`  ${label(name).padEnd(width)}  ${show(name, d.p50)} / ${show(name, d.p99)} / ${show(name, d.max)}${some}`);
  }
  return lines;
}
