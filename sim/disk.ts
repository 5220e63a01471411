// Durable storage with an explicit sync (the disk model: docs/architecture.md, "The disk
// model"). Writes are buffered until sync(). A sync either completes at once (no sync
// latency: the default) or starts and completes later (`completeSync`), its writes
// readable meanwhile but not durable. A crash keeps buffered and syncing writes (a clean
// crash: the OS flushed its cache) or, with lost-unsynced-writes enabled, discards them.
// Disk faults: a wipe erases everything; a lying fsync loses the last k durable writes
// (kept in a journal, only when a scenario can ask for it); corruption changes one value.
import { pickIndex, type Uniform } from './rng.js';
import type { Disk, SyncId } from './types.js';

/** The most durable writes a disk remembers for `loseSynced` faults (and the most one may lose). */
export const DISK_JOURNAL_MAX = 10_000;

/** A durable write as the journal keeps it: the key and what it held before (ABSENT: nothing). */
interface JournalEntry {
  readonly key: string;
  readonly before: unknown;
}
const ABSENT: unique symbol = Symbol('absent');

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
  private pending = new Map<string, Pending>();
  /** Syncs in flight, oldest first (only with a sync latency). They complete in order. */
  private readonly syncing: SyncInFlight[] = [];
  private onSync: SyncListener = () => {};
  private delayed = false;
  /** The latest durable writes, oldest first (null: not kept; see keepJournal). */
  private journal: JournalEntry[] | null = null;
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
    // One lookup per layer: a write is never undefined (put refuses it), so undefined means absent.
    const buffered = this.pending.get(key);
    if (buffered !== undefined) return this.visible(buffered) as T | undefined;
    for (let k = this.syncing.length - 1; k >= 0; k--) {
      const syncing = this.syncing[k]!.writes.get(key);
      if (syncing !== undefined) return this.visible(syncing) as T | undefined;
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
      // The buffer itself becomes the sync's writes (no copy); a fresh one takes new writes.
      this.syncing.push({ id, writes: this.pending });
      this.pending = new Map();
      this.onSync(id, true);
    } else {
      this.apply(this.pending);
      this.onSync(id, false);
    }
    return id;
  }

  /** The oldest sync in flight completes: its writes are durable. False if it is not the oldest (or gone). */
  completeSync(id: SyncId): boolean {
    const oldest = this.syncing[0];
    if (oldest === undefined || oldest.id !== id) return false;
    this.syncing.shift();
    this.apply(oldest.writes, false); // the map is dropped with the sync: no need to empty it
    return true;
  }

  /** Called by the runtime when the node crashes: the number of writes lost. */
  crash(loseUnsyncedWrites: boolean): number {
    let lost = 0;
    for (const inFlight of this.syncing) {
      if (loseUnsyncedWrites) lost += inFlight.writes.size;
      else this.apply(inFlight.writes);
    }
    this.syncing.length = 0;
    if (loseUnsyncedWrites) {
      lost += this.pending.size;
      this.pending.clear();
    } else {
      this.apply(this.pending);
    }
    return lost;
  }

  /** Remember the latest durable writes, so that a `loseSynced` fault can take them back. */
  keepJournal(): void {
    this.journal ??= [];
  }

  /** A wipe: every key is gone, durable or not (the node is crashed first). Returns the keys erased. */
  wipe(): number {
    const erased = this.keys().length;
    this.durable.clear();
    this.pending.clear();
    this.syncing.length = 0;
    if (this.journal !== null) this.journal.length = 0;
    return erased;
  }

  /** An fsync that lied: the last `count` durable writes are undone, newest first. Returns the keys touched. */
  loseLastWrites(count: number): string[] {
    const journal = this.journal;
    if (journal === null) throw new Error('loseLastWrites without a journal (keepJournal)');
    const lost = journal.splice(Math.max(0, journal.length - count)).reverse();
    for (const { key, before } of lost) {
      if (before === ABSENT) this.durable.delete(key);
      else this.durable.set(key, before);
    }
    return lost.map((entry) => entry.key);
  }

  /**
   * Bit rot: one durable key starting with `prefix` (picked with `random`) gets a changed
   * value (sim/corrupt.ts decides how). Buffered writes are untouched. Returns the key, or
   * null when no durable key has the prefix.
   */
  corrupt(prefix: string, random: Uniform, change: (value: unknown, random: Uniform) => unknown): string | null {
    const keys = [...this.durable.keys()].filter((key) => key.startsWith(prefix)).sort();
    if (keys.length === 0) return null;
    const key = keys[pickIndex(random, keys.length)]!;
    this.durable.set(key, change(this.durable.get(key), random));
    return key;
  }

  private visible(value: Pending): unknown {
    return value === TOMBSTONE ? undefined : value;
  }

  /** Apply buffered writes to the durable map (journaled when asked) and, unless told not to, empty the buffer. */
  private apply(writes: Map<string, Pending>, empty = true): void {
    const durable = this.durable;
    const journal = this.journal;
    // forEach, not for-of: no [key, value] pair is allocated per write (this runs per sync).
    writes.forEach((value, key) => {
      if (journal !== null) journal.push({ key, before: durable.has(key) ? durable.get(key) : ABSENT });
      if (value === TOMBSTONE) durable.delete(key);
      else durable.set(key, value);
    });
    if (journal !== null && journal.length > DISK_JOURNAL_MAX) journal.splice(0, journal.length - DISK_JOURNAL_MAX);
    if (empty) writes.clear(); // clear() allocates a fresh table: skipped for a map about to be dropped
  }
}
