// Durable storage with an explicit sync. Writes are buffered until sync(); a crash either
// keeps them (a clean crash: the OS flushed its cache) or, with lost-unsynced-writes
// enabled, discards them.
import type { Disk, SyncId } from './types.js';

const TOMBSTONE: unique symbol = Symbol('deleted');
type Pending = unknown | typeof TOMBSTONE;

export class SimDisk implements Disk {
  private readonly durable = new Map<string, unknown>();
  private readonly pending = new Map<string, Pending>();
  private onSync: () => void = () => {};
  /** Counters for the run summary. */
  writes = 0;
  syncs = 0;

  /** The runtime releases messages held behind unsynced writes when a sync happens. */
  setSyncListener(listener: () => void): void {
    this.onSync = listener;
  }

  get dirty(): boolean {
    return this.pending.size > 0;
  }

  get<T = unknown>(key: string): T | undefined {
    if (this.pending.has(key)) {
      const value = this.pending.get(key);
      return (value === TOMBSTONE ? undefined : value) as T | undefined;
    }
    return this.durable.get(key) as T | undefined;
  }

  put(key: string, value: unknown): void {
    if (value === undefined) throw new Error(`disk.put("${key}", undefined): use delete`);
    this.pending.set(key, value);
    this.writes++;
  }

  delete(key: string): void {
    this.pending.set(key, TOMBSTONE);
    this.writes++;
  }

  /** The durable value of `key`, ignoring buffered writes (what a crash would leave). */
  durableGet<T = unknown>(key: string): T | undefined {
    return this.durable.get(key) as T | undefined;
  }

  keys(prefix = ''): string[] {
    const out = new Set<string>();
    for (const key of this.durable.keys()) if (key.startsWith(prefix)) out.add(key);
    for (const [key, value] of this.pending) {
      if (!key.startsWith(prefix)) continue;
      if (value === TOMBSTONE) out.delete(key);
      else out.add(key);
    }
    return [...out].sort();
  }

  sync(): SyncId {
    this.syncs++;
    this.applyPending();
    this.onSync();
    return this.syncs;
  }

  /** Called by the runtime when the node crashes. */
  crash(loseUnsyncedWrites: boolean): number {
    const lost = loseUnsyncedWrites ? this.pending.size : 0;
    if (loseUnsyncedWrites) this.pending.clear();
    else this.applyPending();
    return lost;
  }

  private applyPending(): void {
    // forEach, not for-of: no [key, value] pair is allocated per write (this runs per sync).
    const durable = this.durable;
    this.pending.forEach((value, key) => {
      if (value === TOMBSTONE) durable.delete(key);
      else durable.set(key, value);
    });
    this.pending.clear();
  }
}
