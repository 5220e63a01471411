// What a lesson's table shows: named figures, each taken from one seed's RunResult and
// then summarised over seeds. A lesson file names them (`measure:staleReadFraction`,
// `availability:cut-off`, `linearizable`, ...), so a lecturer can write a new lesson
// without code; the PACELC class (pacelc.ts) is the one figure that combines two
// scenarios. Every value comes from a run: nothing here knows what a system "should" do.
import { MEASURE_NAMES } from '../../sim/measures.js';
import type { RunResult } from '../../sim/run.js';
import { formatDurationUs } from '../../sim/units.js';
import type { LoadedRow } from '../compare-core.js';
import { partitionWindow, partitionAvailability } from './partition-window.js';

/** One seed's value of a figure: null when the run gave nothing to measure. */
export type SeedValue = number | boolean | string | null;

/** How values are summarised over seeds and shown. */
export type FigureKind = 'fraction' | 'duration' | 'number' | 'flag' | 'text';

export interface Figure {
  readonly kind: FigureKind;
  readonly of: (result: RunResult, row: LoadedRow) => SeedValue;
}

const LATENCY_PERCENTILES = ['p50', 'p99', 'p999'] as const;

/** The kind a named number gets from its unit suffix (the project names units last). */
function kindOfName(name: string): FigureKind {
  if (name.endsWith('Fraction')) return 'fraction';
  if (name.endsWith('Us')) return 'duration';
  return 'number';
}

function linearizable(result: RunResult, history: string): SeedValue {
  const outcome = result.histories.find((h) => h.history === history);
  if (outcome === undefined || outcome.verdict === 'unknown') return null;
  return outcome.verdict === 'linearizable';
}

/** The checks that failed, judged or report-only, by name ("none" when every one held). */
function failedChecks(result: RunResult): string {
  const names = [...new Set([...result.violations, ...result.reported].map((v) => v.check))].sort();
  return names.length === 0 ? 'none' : names.join(' + ');
}

/** The figures a lesson may name, and what each expects after its `:`. */
export const FIGURE_FORMS: readonly string[] = [
  'verdict',
  'violations',
  'linearizable[:<history>]',
  'fails:<check>',
  'measure:<name>',
  'stat:<protocol figure>',
  'latency:<op>:p50|p99|p999',
  'availability:cut-off|reachable',
  'pacelc',
];

/** A figure by its name in a lesson file; a string (what was expected) when it is not one. */
export function parseFigure(text: string): Figure | string {
  const [head, ...rest] = text.split(':');
  const arg = rest.join(':');
  switch (head) {
    case 'verdict':
      return rest.length === 0 ? { kind: 'text', of: (r) => r.verdict } : 'verdict takes no argument';
    case 'violations':
      return rest.length === 0 ? { kind: 'text', of: failedChecks } : 'violations takes no argument';
    case 'linearizable':
      return { kind: 'flag', of: (r) => linearizable(r, arg === '' ? 'main' : arg) };
    case 'fails':
      if (arg === '') return 'fails:<check> names an invariant or linearizability';
      return { kind: 'flag', of: (r) => [...r.violations, ...r.reported].some((v) => v.check === arg) };
    case 'measure':
      if (!MEASURE_NAMES.includes(arg)) return `measure:<name> with one of ${MEASURE_NAMES.join(', ')}`;
      return { kind: kindOfName(arg), of: (r) => r.measures[arg] ?? null };
    case 'stat':
      if (arg === '') return 'stat:<name> names a figure the protocol reports';
      return { kind: kindOfName(arg), of: (r) => r.stats.protocol[arg] ?? null };
    case 'latency':
      return latencyFigure(rest);
    case 'pacelc':
      // Combines two scenarios' runs: measure.ts builds it from the figures above.
      return rest.length === 0 ? { kind: 'text', of: () => null } : 'pacelc takes no argument';
    case 'availability':
      if (arg !== 'cut-off' && arg !== 'reachable') return 'availability:cut-off or availability:reachable';
      return {
        kind: 'fraction',
        of: (r, row) => {
          const window = partitionWindow(row.scenario);
          return window === null ? null : partitionAvailability(r, window, arg === 'cut-off' ? window.cutOff : window.reachable);
        },
      };
    default:
      return `one of ${FIGURE_FORMS.join(', ')}`;
  }
}

function latencyFigure(rest: readonly string[]): Figure | string {
  const [op, p] = rest;
  if (rest.length !== 2 || op === '' || !LATENCY_PERCENTILES.includes(p as (typeof LATENCY_PERCENTILES)[number])) {
    return 'latency:<op>:p50, p99 or p999 (e.g. latency:get:p99)';
  }
  const pct = p as (typeof LATENCY_PERCENTILES)[number];
  return { kind: 'duration', of: (r) => r.breakdown?.byType[op!]?.latencyUs[pct] ?? null };
}

/** A figure over seeds: the summary value and how it reads in the table. */
export interface Summary {
  readonly value: SeedValue;
  readonly display: string;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function formatValue(kind: FigureKind, value: SeedValue): string {
  if (value === null) return '-';
  if (typeof value !== 'number') return String(value);
  if (kind === 'fraction') return `${Number((value * 100).toFixed(value < 0.01 && value > 0 ? 2 : 1))}%`;
  if (kind === 'duration') return formatDurationUs(Math.round(value));
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/**
 * Numbers: the median over the seeds that measured it. Flags: yes or no when every seed
 * agrees, else how many said yes. Text: each distinct value with its count.
 */
export function summarize(kind: FigureKind, values: readonly SeedValue[]): Summary {
  const present = values.filter((v) => v !== null);
  if (present.length === 0) return { value: null, display: '-' };
  if (kind === 'flag') {
    const yes = present.filter((v) => v === true).length;
    const display = yes === present.length ? 'yes' : yes === 0 ? 'no' : `yes in ${yes} of ${present.length}`;
    return { value: yes === present.length ? true : yes === 0 ? false : yes / present.length, display };
  }
  if (kind === 'text') {
    const counts = new Map<string, number>();
    for (const v of present) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
    const display = [...counts].map(([v, n]) => (counts.size === 1 && n === present.length ? v : `${v} ${n}`)).join(', ');
    return { value: counts.size === 1 ? String(present[0]) : display, display };
  }
  const value = Math.round(median(present as number[]) * 1e6) / 1e6;
  return { value, display: formatValue(kind, value) };
}
