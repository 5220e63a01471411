// The measures of a run for people and for `--json`: named measures, ok/fail/info and
// latency per op type and per client, availability per client over time. Sections of the
// summary (see sections.ts); the per-op and per-client detail shows with --verbose, and so
// does a client's availability unless some window of it was at zero (a cut-off client).
import type { LatencyPercentiles, OpCountsAndLatency } from '../../checkers/measures/op-stats.js';
import type { RunResult } from '../../sim/run.js';
import type { Figure, Section } from './sections.js';
import { count, humanDurationUs } from './text.js';

/** `--json` fields: `measures`, `byType`, `byClient`, `availability`, `consistency`. */
export function measuresJson(result: RunResult): Record<string, unknown> {
  const b = result.breakdown;
  return {
    measures: result.measures,
    byType: b?.byType ?? null,
    byClient: b?.byClient ?? null,
    availability: b?.availability ?? null,
    consistency: result.consistency,
  };
}

/** Named measures shown without --verbose; the others are shown with it. */
const SHOWN = new Set(['staleReadFraction', 'availabilityWorstWindow', 'latencyP999Us']);

function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function measureValue(name: string, value: number): string {
  if (name.endsWith('Fraction') || name.startsWith('availability')) return percent(value);
  if (name.endsWith('Us')) return humanDurationUs(value);
  return String(Math.round(value * 100) / 100);
}

function latencies(l: LatencyPercentiles): string {
  const d = (us: number | null) => (us === null ? '-' : humanDurationUs(us));
  return `p50 ${d(l.p50)} p99 ${d(l.p99)} p999 ${d(l.p999)}`;
}

function countsFigure(label: string, c: OpCountsAndLatency): Figure {
  return { label, value: `${count(c.ok)}/${count(c.fail)}/${count(c.info)} ${latencies(c.latencyUs)}`, verbose: true };
}

/** A client's windows: lowest and mean fraction ok, and how many windows were at zero. */
function availabilityFigure(client: string, windows: readonly (number | null)[]): Figure | null {
  const seen = windows.filter((w): w is number => w !== null);
  if (seen.length === 0) return null;
  const mean = seen.reduce((a, b) => a + b, 0) / seen.length;
  const zero = seen.filter((w) => w === 0).length;
  const atZero = zero > 0 ? `, ${zero} of ${seen.length} windows at 0` : '';
  return { label: client, value: `min ${percent(Math.min(...seen))} mean ${percent(mean)}${atZero}`, verbose: zero === 0 };
}

/** The t-visibility curve (share of reads fresh by time since the write), when reads were measured. */
function freshnessFigures(result: RunResult): Figure[] {
  const buckets = result.consistency?.tVisibility.filter((bucket) => bucket.reads > 0) ?? [];
  if (buckets.length === 0) return [];
  const curve = buckets.map((bucket) => `${humanDurationUs(bucket.fromUs)}+ ${bucket.consistent === null ? "-" : percent(bucket.consistent)}`).join(', ');
  return [{ label: 'by time since the write', value: curve, verbose: true }];
}

export function measureSections(result: RunResult): Section[] {
  const named: Figure[] = Object.entries(result.measures)
    .filter((entry): entry is [string, number] => entry[1] !== null)
    .map(([name, value]) => ({ label: name, value: measureValue(name, value), verbose: !SHOWN.has(name) }));
  const b = result.breakdown;
  if (b === null) return [{ title: 'measures', figures: named }];
  const window = humanDurationUs(b.availability.windowUs);
  const available = Object.entries(b.availability.byClient)
    .map(([client, windows]) => availabilityFigure(client, windows))
    .filter((f): f is Figure => f !== null);
  return [
    { title: 'measures', figures: named },
    { title: 'fresh reads', figures: freshnessFigures(result) },
    { title: 'by op', figures: Object.entries(b.byType).map(([f, c]) => countsFigure(f, c)) },
    { title: 'by client', figures: Object.entries(b.byClient).map(([client, c]) => countsFigure(client, c)) },
    { title: 'available', figures: available.length > 0 ? [{ label: '', value: `per ${window} window`, verbose: true }, ...available] : [] },
  ];
}
