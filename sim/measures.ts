// Named numbers computed from a run: the registry `expect.measures` bounds refer to, shown
// in the summary and in `--json` (`measures`). A measure is null when the run gives it
// nothing to measure (no reads for a stale-read fraction). Units are in the names:
// `...Fraction` in [0, 1], `...Us` microseconds, `...PerOp` a ratio.
import { kvMeasuresOfOps, type KvMeasures } from '../checkers/measures/kv-measures.js';
import { countsAndLatency, opBreakdown, pairOps, type OpBreakdown, type OpCountsAndLatency, type PairedOp } from '../checkers/measures/op-stats.js';
import type { HistoryOp } from '../checkers/history.js';
import type { MeasureBounds } from './scenario/types.js';
import type { Micros } from './types.js';

/** What measures are computed from. */
export interface MeasureInput {
  readonly history: readonly HistoryOp[];
  readonly endUs: Micros;
  readonly messagesSent: number;
  readonly availabilityWindowUs: Micros;
}

interface Derived {
  readonly ops: readonly PairedOp[];
  /** How every op ended, and the latency percentiles of every ok op. */
  readonly overall: OpCountsAndLatency;
  readonly breakdown: OpBreakdown;
  /** Staleness, visibility, lost writes, inversions, siblings (checkers/measures/kv-measures.ts). */
  readonly consistency: KvMeasures;
}

interface MeasureDef {
  readonly description: string;
  compute(input: MeasureInput, derived: Derived): number | null;
}

function fraction(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** The lowest of a client's window fractions, over every client (windows with ops only). */
function worstWindow(derived: Derived): number | null {
  let worst: number | null = null;
  for (const windows of Object.values(derived.breakdown.availability.byClient)) {
    for (const value of windows) if (value !== null && (worst === null || value < worst)) worst = value;
  }
  return worst;
}

const MEASURES: Readonly<Record<string, MeasureDef>> = {
  okFraction: { description: 'ops that ended ok / ops invoked', compute: (_, d) => fraction(d.overall.ok, d.ops.length) },
  failFraction: { description: 'ops that ended fail / ops invoked', compute: (_, d) => fraction(d.overall.fail, d.ops.length) },
  infoFraction: { description: 'ops that ended info (unknown) / ops invoked', compute: (_, d) => fraction(d.overall.info, d.ops.length) },
  latencyP50Us: { description: 'median latency of ok ops', compute: (_, d) => d.overall.latencyUs.p50 },
  latencyP99Us: { description: '99th percentile latency of ok ops', compute: (_, d) => d.overall.latencyUs.p99 },
  latencyP999Us: { description: '99.9th percentile latency of ok ops', compute: (_, d) => d.overall.latencyUs.p999 },
  staleReadFraction: {
    description: 'ok reads that missed an acknowledged write completed before they began / ok reads',
    compute: (_, d) => d.consistency.staleReadFraction,
  },
  kStaleness2Fraction: {
    description: 'ok reads that returned one of the last 2 acknowledged versions / ok reads (PBS k-staleness)',
    compute: (_, d) => d.consistency.kStaleness['2'] ?? null,
  },
  kStaleness3Fraction: {
    description: 'ok reads that returned one of the last 3 acknowledged versions / ok reads',
    compute: (_, d) => d.consistency.kStaleness['3'] ?? null,
  },
  visibleP99AfterUs: {
    description: 'time after a write from which reads were fresh with probability 0.99 (PBS t-visibility; null: never)',
    compute: (_, d) => d.consistency.visibleAfterUs['0.99'] ?? null,
  },
  visibleP999AfterUs: {
    description: 'time after a write from which reads were fresh with probability 0.999 (null: never)',
    compute: (_, d) => d.consistency.visibleAfterUs['0.999'] ?? null,
  },
  lostWrites: {
    description: "acknowledged writes each key's last read shows rolled back (with a drain: lost for good)",
    compute: (_, d) => d.consistency.lostWrites,
  },
  readInversions: {
    description: 'reads that returned an older value than an earlier, completed read (new/old inversions)',
    compute: (_, d) => d.consistency.readInversions,
  },
  siblingReads: { description: 'reads that returned several values (siblings)', compute: (_, d) => d.consistency.siblingReads },
  siblingsMax: { description: 'the most values one read returned', compute: (_, d) => d.consistency.siblingsMax },
  availabilityWorstWindow: {
    description: "the lowest fraction of ok ops in any client's availability window",
    compute: (_, d) => worstWindow(d),
  },
  messagesPerOp: { description: 'messages sent / ops invoked', compute: (input, d) => fraction(input.messagesSent, d.ops.length) },
};

export const MEASURE_NAMES: readonly string[] = Object.keys(MEASURES);

export function measureDescription(name: string): string {
  return MEASURES[name]?.description ?? '';
}

export interface Measured {
  readonly values: Readonly<Record<string, number | null>>;
  readonly breakdown: OpBreakdown;
  readonly consistency: KvMeasures;
}

export function computeMeasures(input: MeasureInput): Measured {
  const ops = pairOps(input.history);
  const breakdown = opBreakdown(ops, input.availabilityWindowUs, input.endUs);
  const derived = { ops, overall: countsAndLatency(ops), breakdown, consistency: kvMeasuresOfOps(ops) };
  const values: Record<string, number | null> = {};
  for (const [name, def] of Object.entries(MEASURES)) {
    const value = def.compute(input, derived);
    values[name] = value === null ? null : Math.round(value * 1e6) / 1e6;
  }
  return { values, breakdown, consistency: derived.consistency };
}

/** A measure outside its bounds, as one line; null when within (or when it is null). */
export function boundBreach(name: string, value: number | null, bounds: MeasureBounds): string | null {
  if (value === null) return `${name} has no value in this run (nothing to measure), so its bounds cannot hold`;
  if (bounds.min !== null && value < bounds.min) return `${name} = ${value} is below its minimum ${bounds.min}`;
  if (bounds.max !== null && value > bounds.max) return `${name} = ${value} is above its maximum ${bounds.max}`;
  return null;
}
