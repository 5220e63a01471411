// Stale reads in a register or key-value history with unique written values: a read is
// stale when the value it returned had definitely been overwritten before it began, that
// is, some other write to its key started after the write of that value ended and itself
// ended before the read began. (Reading the initial nil after a write ended is stale too.)
// A conservative figure: overlapping writes never make a read stale.
import { canonicalKey } from '../values.js';
import type { PairedOp } from './op-stats.js';

const READS = new Set(['read', 'get']);
const WRITES = new Set(['write', 'put']);

interface Write {
  readonly invokedNs: number;
  readonly completedNs: number;
}

/** The value an ok op wrote, or undefined when it wrote nothing (a cas writes its new value). */
function written(op: PairedOp): unknown {
  if (WRITES.has(op.f)) return op.invoke.value;
  if (op.f === 'cas' && Array.isArray(op.invoke.value) && op.invoke.value.length === 2) return op.invoke.value[1];
  return undefined;
}

/** A Map key for a key or value: itself when a number or string, else its canonical text. */
function mapKey(v: unknown): unknown {
  return typeof v === 'number' || typeof v === 'string' || v === null ? v : canonicalKey(v);
}

/** Stale reads and ok reads, over every key. */
export function staleReads(ops: readonly PairedOp[]): { stale: number; reads: number } {
  const writesByKey = new Map<unknown, Write[]>();
  /** key -> value -> the ok write of it. */
  const writeOf = new Map<unknown, Map<unknown, Write>>();
  for (const op of ops) {
    if (op.type !== 'ok' || op.completion === null) continue;
    const value = written(op);
    if (value === undefined) continue;
    const write = { invokedNs: op.invokedNs, completedNs: op.completion.time ?? op.invokedNs };
    const key = mapKey(op.invoke.key ?? null);
    let writes = writesByKey.get(key);
    if (writes === undefined) {
      writesByKey.set(key, (writes = []));
      writeOf.set(key, new Map());
    }
    writes.push(write);
    writeOf.get(key)!.set(mapKey(value), write);
  }
  // Per key: writes by completion time, and the latest invocation among the first i.
  const index = new Map<unknown, { completed: number[]; latestInvoked: number[] }>();
  for (const [key, writes] of writesByKey) {
    writes.sort((a, b) => a.completedNs - b.completedNs);
    let latest = -Infinity;
    index.set(key, { completed: writes.map((w) => w.completedNs), latestInvoked: writes.map((w) => (latest = Math.max(latest, w.invokedNs))) });
  }
  let stale = 0;
  let reads = 0;
  for (const op of ops) {
    if (op.type !== 'ok' || !READS.has(op.f) || op.completion === null) continue;
    reads++;
    const key = mapKey(op.invoke.key ?? null);
    const byKey = index.get(key);
    if (byKey === undefined) continue;
    const value = op.completion.value;
    const source = value === null ? null : writeOf.get(key)!.get(mapKey(value));
    if (source === undefined) continue; // a value no ok write produced: not ours to judge
    const n = countBefore(byKey.completed, op.invokedNs);
    if (n > 0 && byKey.latestInvoked[n - 1]! > (source === null ? -Infinity : source.completedNs)) stale++;
  }
  return { stale, reads };
}

/** How many of the sorted values are below `limit`. */
function countBefore(sorted: readonly number[], limit: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
