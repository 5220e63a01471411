// How stale each read of a kv history is, as in PBS (Bailis et al., "Probabilistically
// Bounded Staleness"): a read's staleness is the number of acknowledged writes to its key
// that it missed, that is, writes that completed before the read began and that come
// strictly after (in real time) the write the read's value came from. 0 is a fresh read;
// k-staleness is P(staleness < k). Where several writes wrote the same value (or a null
// read could be the initial state or any delete), the read is given the most recent
// candidate, so the measure never calls a read stale that some explanation makes fresh.
// Concurrent writes are never held against a read. Sibling reads take their freshest value.
import { ValueMap } from '../values.js';
import type { KvKeyOps, KvRead, KvWrite } from './kv-ops.js';

export interface ReadStaleness {
  readonly read: KvRead;
  /** The write the read's (freshest) value most favourably came from. */
  readonly source: KvWrite;
  /** Acknowledged writes the read missed (0 = fresh). */
  readonly missed: number;
  /** Time from the completion of the latest acknowledged write before the read to the read's start; null when none. */
  readonly sinceWriteUs: number | null;
}

export interface KeyStaleness {
  readonly classified: ReadStaleness[];
  /** Reads whose value no write (nor the initial state) explains, e.g. appended strings. */
  readonly unclassified: number;
}

const INITIAL: KvWrite = { value: null, invokeUs: -Infinity, completeUs: -Infinity, acknowledged: true };

/** Counts of inserted points, queried by "how many are greater than x", over fixed coordinates. */
class CountAbove {
  private readonly tree: Int32Array;
  private total = 0;
  constructor(private readonly coords: ArrayLike<number>) {
    this.tree = new Int32Array(coords.length + 1);
  }
  insert(x: number): void {
    this.total += 1;
    for (let i = this.rank(x) + 1; i <= this.coords.length; i += i & -i) this.tree[i]! += 1;
  }
  /** Inserted points with coordinate > x. */
  above(x: number): number {
    let atOrBelow = 0;
    for (let i = this.upperBound(x); i > 0; i -= i & -i) atOrBelow += this.tree[i]!;
    return this.total - atOrBelow;
  }
  private rank(x: number): number {
    return this.upperBound(x) - 1;
  }
  /** Number of coordinates <= x. */
  private upperBound(x: number): number {
    let lo = 0;
    let hi = this.coords.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.coords[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** The write a read value most favourably came from, or null when no write explains it. */
function sourceOf(byValue: ValueMap<KvWrite[]>, value: unknown, read: KvRead): KvWrite | null {
  const candidates = byValue.get(value);
  if (candidates === undefined) return null;
  let best: KvWrite | null = null;
  for (const w of candidates) {
    if (w.invokeUs < read.completeUs && (best === null || w.completeUs > best.completeUs)) best = w;
  }
  return best;
}

/** Reads by start time, ties in their order; the list itself when it is in that order
 *  already (kvOps lists them in invocation order: a simulated history's times only grow). */
function byInvocation(reads: readonly KvRead[]): readonly KvRead[] {
  for (let i = 1; i < reads.length; i++) {
    if (reads[i]!.invokeUs < reads[i - 1]!.invokeUs) return [...reads].sort((a, b) => a.invokeUs - b.invokeUs);
  }
  return reads;
}

/** The writes' invocation times, ascending. (A loop: Float64Array.from with a mapping
 *  function calls it per element, and was a fifth of keyStaleness on a Raft bench run.) */
function invokeTimesSorted(writes: readonly KvWrite[]): Float64Array {
  const times = new Float64Array(writes.length);
  for (let i = 0; i < writes.length; i++) times[i] = writes[i]!.invokeUs;
  return times.sort();
}

/** Staleness of every read of one key. O((reads + writes) log writes) plus candidate lookups. */
export function keyStaleness(ops: KvKeyOps): KeyStaleness {
  const byValue = new ValueMap<KvWrite[]>();
  byValue.set(null, [INITIAL]);
  for (const w of ops.writes) {
    const list = byValue.get(w.value);
    if (list === undefined) byValue.set(w.value, [w]);
    else list.push(w);
  }
  const acked = ops.writes.filter((w) => w.acknowledged).sort((a, b) => a.completeUs - b.completeUs);
  const counter = new CountAbove(invokeTimesSorted(acked));
  const reads = byInvocation(ops.reads);
  const classified: ReadStaleness[] = [];
  let unclassified = 0;
  let next = 0;
  for (const read of reads) {
    while (next < acked.length && acked[next]!.completeUs < read.invokeUs) counter.insert(acked[next++]!.invokeUs);
    let missed = Infinity;
    let freshest: KvWrite | null = null;
    for (const value of read.values) {
      const source = sourceOf(byValue, value, read);
      if (source === null) continue;
      const sourceMissed = counter.above(source.completeUs);
      if (sourceMissed < missed) {
        missed = sourceMissed;
        freshest = source;
      }
    }
    if (freshest === null) {
      // No write explains the value (an appended string): not ours to judge.
      unclassified += 1;
      continue;
    }
    const sinceWriteUs = next === 0 ? null : read.invokeUs - acked[next - 1]!.completeUs;
    classified.push({ read, source: freshest, missed, sinceWriteUs });
  }
  return { classified, unclassified };
}

/**
 * Acknowledged writes the key's final read shows were rolled back: the staleness of the
 * last read (by start time). Meaningful when that read starts after the writes quiesced
 * (a drain phase); otherwise it is the last read's staleness.
 */
export function lostWritesOfKey(staleness: KeyStaleness): number {
  let last: ReadStaleness | null = null;
  for (const r of staleness.classified) if (last === null || r.read.invokeUs >= last.read.invokeUs) last = r;
  return last === null ? 0 : last.missed;
}

/**
 * Reads that returned a value older than one an earlier read already returned: the
 * earlier read completed before this one began, and this one's source write completed
 * before the earlier one's source write was even invoked (a new/old inversion). Concurrent
 * writes may be seen in either order, so they never count.
 */
export function readInversionsOfKey(staleness: KeyStaleness): number {
  const byCompletion = [...staleness.classified].sort((a, b) => a.read.completeUs - b.read.completeUs);
  let next = 0;
  let frontierUs = -Infinity;
  let inversions = 0;
  for (const r of staleness.classified) {
    while (next < byCompletion.length && byCompletion[next]!.read.completeUs < r.read.invokeUs) {
      frontierUs = Math.max(frontierUs, byCompletion[next++]!.source.invokeUs);
    }
    if (r.source.completeUs < frontierUs) inversions += 1;
  }
  return inversions;
}
