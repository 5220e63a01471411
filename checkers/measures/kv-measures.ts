// Consistency measures over any kv history: beyond "linearizable or not", how stale
// reads were and how often, how long until a write is visible (PBS t-visibility), how
// many acknowledged writes the final reads show lost, new/old inversions, and how many
// siblings reads returned. Pure functions of the history: they apply to a Raft or
// primary-backup run as well as to a quorum store. (Latency per op type is op-stats.ts's.)
import type { HistoryOp } from '../history.js';
import { kvOps } from './kv-ops.js';
import { keyStaleness, lostWritesOfKey, readInversionsOfKey, type ReadStaleness } from './kv-staleness.js';
import { pairOps, type PairedOp } from './op-stats.js';

/** Reads whose start came `fromUs`..`toUs` after the latest acknowledged write completed. */
export interface VisibilityBucket {
  readonly fromUs: number;
  /** Exclusive; null for the last, open bucket. */
  readonly toUs: number | null;
  readonly reads: number;
  /** Fraction of those reads that were fresh (missed no acknowledged write). */
  readonly consistent: number | null;
}

export interface KvMeasures {
  /** Ok reads. */
  readonly reads: number;
  /** Of those, reads whose value no write explains (appended strings): counted as fresh, left out of t-visibility. */
  readonly unclassifiedReads: number;
  readonly staleReads: number;
  readonly staleReadFraction: number | null;
  /** k -> P(an ok read returns one of the last k acknowledged versions), for k = 1, 2, 3. */
  readonly kStaleness: Readonly<Record<string, number | null>>;
  readonly tVisibility: readonly VisibilityBucket[];
  /** Probability -> smallest bucket start after which reads were at least that consistent. */
  readonly visibleAfterUs: Readonly<Record<string, number | null>>;
  readonly lostWrites: number;
  /** Reads that returned an older value than an earlier, completed read had (new/old inversions). */
  readonly readInversions: number;
  readonly siblingReads: number;
  readonly siblingsMax: number;
}

/** Bucket edges for t-visibility, in microseconds. */
export const VISIBILITY_EDGES_US: readonly number[] = [
  0, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000,
];
const K_VALUES = [1, 2, 3] as const;
const VISIBILITY_PROBABILITIES = ['0.9', '0.99', '0.999'] as const;

export function kvMeasures(history: readonly HistoryOp[], edgesUs: readonly number[] = VISIBILITY_EDGES_US): KvMeasures {
  return kvMeasuresOfOps(pairOps(history), edgesUs);
}

/** The same over ops already paired (the run pairs once for every measure). */
export function kvMeasuresOfOps(ops: readonly PairedOp[], edgesUs: readonly number[] = VISIBILITY_EDGES_US): KvMeasures {
  const all: ReadStaleness[] = [];
  let unclassifiedReads = 0;
  let lostWrites = 0;
  let readInversions = 0;
  let siblingReads = 0;
  let siblingsMax = 0;
  for (const key of kvOps(ops)) {
    const staleness = keyStaleness(key);
    for (const r of staleness.classified) all.push(r);
    unclassifiedReads += staleness.unclassified;
    lostWrites += lostWritesOfKey(staleness);
    readInversions += readInversionsOfKey(staleness);
    for (const read of key.reads) {
      if (read.values.length > 1) siblingReads += 1;
      siblingsMax = Math.max(siblingsMax, read.values.length);
    }
  }
  // Unclassified reads count as fresh: a read is never called stale without proof.
  const reads = all.length + unclassifiedReads;
  const staleReads = all.filter((r) => r.missed > 0).length;
  const kStaleness: Record<string, number | null> = {};
  for (const k of K_VALUES) kStaleness[String(k)] = fraction(reads - all.filter((r) => r.missed >= k).length, reads);
  const tVisibility = visibilityCurve(all, edgesUs);
  const visibleAfterUs: Record<string, number | null> = {};
  for (const p of VISIBILITY_PROBABILITIES) visibleAfterUs[p] = visibleAfter(tVisibility, Number(p));
  return {
    reads,
    unclassifiedReads,
    staleReads,
    staleReadFraction: fraction(staleReads, reads),
    kStaleness,
    tVisibility,
    visibleAfterUs,
    lostWrites,
    readInversions,
    siblingReads,
    siblingsMax,
  };
}

function fraction(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** P(fresh) by time since the latest acknowledged write, over fixed buckets. */
export function visibilityCurve(reads: readonly ReadStaleness[], edgesUs: readonly number[]): VisibilityBucket[] {
  const counts = edgesUs.map(() => ({ reads: 0, fresh: 0 }));
  for (const r of reads) {
    if (r.sinceWriteUs === null) continue;
    let i = edgesUs.length - 1;
    while (i > 0 && r.sinceWriteUs < edgesUs[i]!) i -= 1;
    counts[i]!.reads += 1;
    if (r.missed === 0) counts[i]!.fresh += 1;
  }
  return counts.map((c, i) => ({
    fromUs: edgesUs[i]!,
    toUs: i + 1 < edgesUs.length ? edgesUs[i + 1]! : null,
    reads: c.reads,
    consistent: fraction(c.fresh, c.reads),
  }));
}

/** The earliest bucket start from which every later read together was at least `p` fresh. */
export function visibleAfter(curve: readonly VisibilityBucket[], p: number): number | null {
  let answer: number | null = null;
  let reads = 0;
  let fresh = 0;
  for (let i = curve.length - 1; i >= 0; i--) {
    const b = curve[i]!;
    reads += b.reads;
    fresh += b.consistent === null ? 0 : Math.round(b.consistent * b.reads);
    if (reads > 0 && fresh / reads < p) break;
    if (b.reads > 0) answer = b.fromUs;
  }
  return answer;
}
