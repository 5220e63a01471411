// Durable storage with an explicit sync (the disk model: docs/architecture.md, "The disk
// model"). Writes are buffered until sync(). A sync either completes at once (no sync
// latency: the default) or starts and completes later (`completeSync`), its writes
// readable meanwhile but not durable. A crash keeps buffered and syncing writes (a clean
// crash: the OS flushed its cache) or, with lost-unsynced-writes enabled, discards them.
import type { Disk, SyncId } from './types.js';

const TOMBSTONE: unique symbol = Symbol('deleted');
type Pending = unknown | typeof TOMBSTONE;

/** A sync that has started and not yet completed: its id and the writes it carries. */
interface SyncInFlight {
  readonly id: SyncId;
  readonly writes: Map<string, Pending>;
}

/** Told of each sync: `started` false when it completed at once, true when it is in flight. */
export type SyncListener = (id: SyncId, started: boolean) => void;

export class SimDisk implements Disk {
  private readonly durable = new Map<string, unknown>();
  private readonly pending = new Map<string, Pending>();
  /** Syncs in flight, oldest first (only with a sync latency). They complete in order. */
  private readonly syncing: SyncInFlight[] = [];
  private onSync: SyncListener = () => {};
  private delayed = false;
  /** Counters for the run summary. `syncs` is also the last SyncId handed out. */
  writes = 0;
  syncs = 0;

  /**
   * The runtime releases messages held behind unsynced writes when a sync happens. With
   * `delayed`, sync() only starts a sync; the runtime completes it with completeSync().
   */
  setSyncListener(listener: SyncListener, delayed = false): void {
    this.onSync = listener;
    this.delayed = delayed;
  }

  get dirty(): boolean {
    return this.pending.size > 0;
  }

  /** Syncs started and not yet complete. */
  get syncsInFlight(): number {
    return this.syncing.length;
  }

  get<T = unknown>(key: string): T | undefined {
    if (this.pending.has(key)) return this.visible(this.pending.get(key)) as T | undefined;
    for (let k = this.syncing.length - 1; k >= 0; k--) {
      const writes = this.syncing[k]!.writes;
      if (writes.has(key)) return this.visible(writes.get(key)) as T | undefined;
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

  /** The durable value of `key`, ignoring buffered and syncing writes (what a crash would leave). */
  durableGet<T = unknown>(key: string): T | undefined {
    return this.durable.get(key) as T | undefined;
  }

  keys(prefix = ''): string[] {
    const out = new Set<string>();
    for (const key of this.durable.keys()) if (key.startsWith(prefix)) out.add(key);
    for (const writes of [...this.syncing.map((s) => s.writes), this.pending]) {
      for (const [key, value] of writes) {
        if (!key.startsWith(prefix)) continue;
        if (value === TOMBSTONE) out.delete(key);
        else out.add(key);
      }
    }
    return [...out].sort();
  }

  sync(): SyncId {
    const id = ++this.syncs;
    if (this.delayed) {
      this.syncing.push({ id, writes: new Map(this.pending) });
      this.pending.clear();
      this.onSync(id, true);
    } else {
      applyWrites(this.pending, this.durable);
      this.onSync(id, false);
    }
    return id;
  }

  /** The oldest sync in flight completes: its writes are durable. False if it is not the oldest (or gone). */
  completeSync(id: SyncId): boolean {
    const oldest = this.syncing[0];
    if (oldest === undefined || oldest.id !== id) return false;
    this.syncing.shift();
    applyWrites(oldest.writes, this.durable);
    return true;
  }

  /** Called by the runtime when the node crashes: the number of writes lost. */
  crash(loseUnsyncedWrites: boolean): number {
    let lost = 0;
    for (const inFlight of this.syncing) {
      if (loseUnsyncedWrites) lost += inFlight.writes.size;
      else applyWrites(inFlight.writes, this.durable);
    }
    this.syncing.length = 0;
    if (loseUnsyncedWrites) {
      lost += this.pending.size;
      this.pending.clear();
    } else {
      applyWrites(this.pending, this.durable);
    }
    return lost;
  }

  private visible(value: Pending): unknown {
    return value === TOMBSTONE ? undefined : value;
  }
}

/** Apply buffered writes to the durable map and empty the buffer. */
function applyWrites(writes: Map<string, Pending>, durable: Map<string, unknown>): void {
  // forEach, not for-of: no [key, value] pair is allocated per write (this runs per sync).
  writes.forEach((value, key) => {
    if (value === TOMBSTONE) durable.delete(key);
    else durable.set(key, value);
  });
  writes.clear();
}
