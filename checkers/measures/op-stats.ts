// Figures over a client history: ok/fail/info counts and ok-latency percentiles per
// operation type and per client, and availability over time per client (the fraction of
// the ops a client invoked in each window that ended ok). Times are the history's
// nanoseconds; figures are in microseconds.
import { isClientOp, type HistoryOp } from '../history.js';
import { OpenOps } from '../open-ops.js';

export interface LatencyPercentiles {
  readonly p50: number | null;
  readonly p99: number | null;
  readonly p999: number | null;
}

export interface OpCountsAndLatency {
  readonly ok: number;
  readonly fail: number;
  readonly info: number;
  /** Latency of ok ops, invocation to completion, in microseconds. */
  readonly latencyUs: LatencyPercentiles;
}

export interface Availability {
  readonly windowUs: number;
  /** Client -> for each window from time 0, ok / invoked (null when it invoked nothing). */
  readonly byClient: Readonly<Record<string, readonly (number | null)[]>>;
}

export interface OpBreakdown {
  readonly byType: Readonly<Record<string, OpCountsAndLatency>>;
  readonly byClient: Readonly<Record<string, OpCountsAndLatency>>;
  readonly availability: Availability;
}

/** One op from invocation to completion (an op never completed counts as info). */
export interface PairedOp {
  readonly f: string;
  readonly client: string;
  readonly type: 'ok' | 'fail' | 'info';
  readonly invokedNs: number;
  readonly latencyUs: number | null;
  /**
   * The invocation's key and argument, and an ok completion's value (undefined otherwise):
   * copied while both entries are still in cache, so kvOps reads the pairs alone and not
   * 89,000 history entries again (part of the change that took computeMeasures from 61 to
   * 51 ms on the quorum bench's histories: docs/benchmarks.md, "Quorum store").
   */
  readonly key: unknown;
  readonly argument: unknown;
  readonly okValue: unknown;
  readonly invoke: HistoryOp;
  readonly completion: HistoryOp | null;
}

export const AVAILABILITY_WINDOW_US_DEFAULT = 500_000;

/** The nearest-rank percentile of sorted values (p in [0, 1]). */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** The rank `percentile` reads for p among n values. */
function rankOf(n: number, p: number): number {
  return Math.min(n - 1, Math.floor(p * n));
}

/**
 * p50, p99 and p999 by nearest rank: the values `percentile` would read from the sorted
 * list, found by selection (three partial quickselects, O(n)) instead of a full sort,
 * which cost more than the rest of the measures together.
 */
export function percentiles(values: readonly number[]): LatencyPercentiles {
  const n = values.length;
  if (n === 0) return { p50: null, p99: null, p999: null };
  const [p50, p99, p999] = valuesAtRanks(values, [rankOf(n, 0.5), rankOf(n, 0.99), rankOf(n, 0.999)]);
  return { p50: p50!, p99: p99!, p999: p999! };
}

/**
 * The values a sort would put at each of `ranks` (ascending, each in [0, n)), by
 * selection on a copy: O(n) for a few ranks, where a sort is O(n log n).
 */
export function valuesAtRanks(values: ArrayLike<number>, ranks: readonly number[]): number[] {
  const work = Float64Array.from(values);
  const out: number[] = [];
  let from = 0;
  for (const rank of ranks) {
    // Each selection leaves everything from its rank on at least as large: the next searches only there.
    select(work, rank, from, work.length - 1);
    out.push(work[rank]!);
    from = rank;
  }
  return out;
}

/**
 * Hoare quickselect: reorder a[lo..hi] so that a[k] is the value a sort would put there,
 * everything before it no larger and everything after no smaller. Values are latencies
 * (no NaN). The pivot is the median of three, so sorted input costs O(n) too.
 */
function select(a: Float64Array, k: number, lo: number, hi: number): void {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    // Now a[lo..j] <= pivot <= a[i..hi], and anything between equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/**
 * Client ops paired by process (one op at a time per process). The client is the op's
 * `client` field, else `p<process>`.
 */
export function pairOps(history: readonly HistoryOp[]): PairedOp[] {
  // Each invocation takes the next slot, so the ops come out in invocation order without
  // a sort (history indices are positions, so that is index order too). An op is paired
  // when its completion comes, a few entries after its invocation, while both are still
  // in the CPU's cache: the history is read once, and the measures read only the pairs.
  const invokes: HistoryOp[] = [];
  const paired: (PairedOp | null)[] = [];
  const open = new OpenOps(); // process -> its open invocation's slot
  let ordered = true;
  for (const op of history) {
    if (!isClientOp(op)) continue;
    if (op.type === 'invoke') {
      // A process's earlier open invocation stays without a completion (info).
      ordered &&= invokes.length === 0 || invokes[invokes.length - 1]!.index < op.index;
      open.set(op.process, invokes.length);
      invokes.push(op);
      paired.push(null);
      continue;
    }
    const slot = open.get(op.process);
    if (slot === undefined) continue;
    open.delete(op.process);
    paired[slot] = pairedOp(invokes[slot]!, op);
  }
  for (let slot = 0; slot < paired.length; slot++) paired[slot] ??= pairedOp(invokes[slot]!, null);
  const ops = paired as PairedOp[];
  return ordered ? ops : ops.sort((a, b) => a.invoke.index - b.invoke.index);
}

function pairedOp(invoke: HistoryOp, completion: HistoryOp | null): PairedOp {
  const type = completion === null || completion.type === 'invoke' ? 'info' : completion.type;
  const invokedNs = invoke.time ?? 0;
  const latencyUs = type === 'ok' && completion!.time !== undefined ? (completion!.time - invokedNs) / 1000 : null;
  return {
    f: invoke.f,
    client: invoke.client ?? `p${String(invoke.process)}`,
    type,
    invokedNs,
    latencyUs,
    key: invoke.key,
    argument: invoke.value,
    okValue: type === 'ok' ? completion!.value : undefined,
    invoke,
    completion,
  };
}

/** Counts and ok latencies of one group of ops, filled as the ops are read. */
class Tally {
  ok = 0;
  fail = 0;
  info = 0;
  readonly latencies: number[] = [];

  add(op: PairedOp): void {
    if (op.type === 'ok') this.ok++;
    else if (op.type === 'fail') this.fail++;
    else this.info++;
    if (op.latencyUs !== null) this.latencies.push(op.latencyUs);
  }

  result(): OpCountsAndLatency {
    return { ok: this.ok, fail: this.fail, info: this.info, latencyUs: percentiles(this.latencies) };
  }
}

/** How a group of ops ended, and the latencies of those that ended ok. */
export function countsAndLatency(ops: readonly PairedOp[]): OpCountsAndLatency {
  const tally = new Tally();
  for (const op of ops) tally.add(op);
  return tally.result();
}

/** One client's ops invoked, and ended ok, in each availability window. Plain arrays, not
 *  typed ones: a client has a few hundred windows at most, and a typed array of that size
 *  is allocated outside the heap (two per client, 150 clients in a saga bench run). */
class WindowCounts {
  readonly invoked: number[];
  readonly ok: number[];

  constructor(windows: number) {
    this.invoked = new Array<number>(windows).fill(0);
    this.ok = new Array<number>(windows).fill(0);
  }

  add(op: PairedOp, windowUs: number): void {
    const w = Math.min(this.invoked.length - 1, Math.floor(op.invokedNs / 1000 / windowUs));
    this.invoked[w]! += 1;
    if (op.type === 'ok') this.ok[w]! += 1;
  }

  /** A plain loop, not Array.from with a mapping function: a saga bench run has 150
   *  clients of 129 windows each, and the mapping call per window was 40% of its measures. */
  fractions(): (number | null)[] {
    const out: (number | null)[] = [];
    for (let w = 0; w < this.invoked.length; w++) {
      const n = this.invoked[w]!;
      out.push(n === 0 ? null : this.ok[w]! / n);
    }
    return out;
  }
}

function windowCount(windowUs: number, endUs: number): number {
  return Math.max(1, Math.ceil(endUs / windowUs));
}

/** Availability per client: windows from time 0 to `endUs` (the last may be partial). */
export function availability(ops: readonly PairedOp[], windowUs: number, endUs: number): Availability {
  const windows = windowCount(windowUs, endUs);
  const counts = new Map<string, WindowCounts>();
  for (const op of ops) {
    let c = counts.get(op.client);
    if (c === undefined) counts.set(op.client, (c = new WindowCounts(windows)));
    c.add(op, windowUs);
  }
  const byClient: Record<string, (number | null)[]> = {};
  for (const [client, c] of counts) byClient[client] = c.fractions();
  return { windowUs, byClient };
}

/** The breakdown of paired ops (pairOps), in one pass over them. */
export function opBreakdown(ops: readonly PairedOp[], windowUs: number, endUs: number): OpBreakdown {
  const windows = windowCount(windowUs, endUs);
  const types = new Map<string, Tally>();
  const clients = new Map<string, { readonly tally: Tally; readonly windows: WindowCounts }>();
  for (const op of ops) {
    let type = types.get(op.f);
    if (type === undefined) types.set(op.f, (type = new Tally()));
    type.add(op);
    let client = clients.get(op.client);
    if (client === undefined) clients.set(op.client, (client = { tally: new Tally(), windows: new WindowCounts(windows) }));
    client.tally.add(op);
    client.windows.add(op, windowUs);
  }
  const byType: Record<string, OpCountsAndLatency> = {};
  for (const [f, tally] of types) byType[f] = tally.result();
  const byClient: Record<string, OpCountsAndLatency> = {};
  const availabilityByClient: Record<string, (number | null)[]> = {};
  for (const [client, c] of clients) {
    byClient[client] = c.tally.result();
    availabilityByClient[client] = c.windows.fractions();
  }
  return { byType, byClient, availability: { windowUs, byClient: availabilityByClient } };
}
