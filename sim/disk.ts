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

/**
 * Writes not yet durable, in the order made (a key may repeat: the later write wins): the
 * buffer, or a sync in flight. Arrays rather than a Map: a node writes a few keys per sync,
 * so a read scans them faster than a Map is built and hashed, and an emptied batch is
 * reused (a Map per sync was most of what the disk allocated). A batch that grows past
 * BATCH_SCAN_MAX writes (handlers that ran while a sync was in flight, all waiting for the
 * next) gets an index, so a read never scans more than that.
 */
class WriteBatch {
  id: SyncId = 0;
  count = 0;
  readonly keys: string[] = [];
  readonly values: Pending[] = [];
  /** Key -> the position of its latest write, once the batch holds more than BATCH_SCAN_MAX writes. */
  private index: Map<string, number> | null = null;

  add(key: string, value: Pending): void {
    const k = this.count++;
    this.keys[k] = key;
    this.values[k] = value;
    if (this.index !== null) this.index.set(key, k);
    else if (this.count > BATCH_SCAN_MAX) this.index = new Map(this.keys.slice(0, this.count).map((written, at) => [written, at]));
  }

  /** The latest write of `key` in the batch (TOMBSTONE: deleted), or undefined when it has none. */
  latest(key: string): Pending | undefined {
    if (this.index !== null) {
      const at = this.index.get(key);
      return at === undefined ? undefined : this.values[at];
    }
    const keys = this.keys;
    for (let k = this.count - 1; k >= 0; k--) if (keys[k] === key) return this.values[k];
    return undefined;
  }

  /** How many keys it writes (a key written twice is one write lost in a crash). */
  distinctKeys(): number {
    return new Set(this.keys.slice(0, this.count)).size;
  }

  /** The batch is applied or lost: forget its writes (the slots too, so no value is kept alive). */
  empty(): void {
    for (let k = 0; k < this.count; k++) {
      this.keys[k] = '';
      this.values[k] = undefined;
    }
    this.count = 0;
    this.index = null;
  }
}

/** A batch of writes is scanned by a read up to this size, and indexed beyond it. */
const BATCH_SCAN_MAX = 16;

/** Told of each sync: `started` false when it completed at once, true when it is in flight. */
export type SyncListener = (id: SyncId, started: boolean) => void;

/** Emptied batches kept for reuse, at most (a node rarely has more than a few syncs in flight). */
const SPARE_BATCHES_MAX = 8;

export class SimDisk implements Disk {
  private readonly durable = new Map<string, unknown>();
  /** The buffer: writes no sync has taken. */
  private pending = new WriteBatch();
  /** Syncs in flight, oldest first (only with a sync latency). They complete in order. */
  private readonly syncing: WriteBatch[] = [];
  private readonly spare: WriteBatch[] = [];
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
    return this.pending.count > 0;
  }

  /** Syncs started and not yet complete. */
  get syncsInFlight(): number {
    return this.syncing.length;
  }

  get<T = unknown>(key: string): T | undefined {
    // Newest layer first: the buffer, the syncs in flight from the latest, the durable map.
    const buffered = this.pending.latest(key);
    if (buffered !== undefined) return this.visible(buffered) as T | undefined;
    for (let k = this.syncing.length - 1; k >= 0; k--) {
      const syncing = this.syncing[k]!.latest(key);
      if (syncing !== undefined) return this.visible(syncing) as T | undefined;
    }
    return this.durable.get(key) as T | undefined;
  }

  put(key: string, value: unknown): void {
    if (value === undefined) throw new Error(`disk.put("${key}", undefined): use delete`);
    this.pending.add(key, value);
    this.writes++;
  }

  delete(key: string): void {
    this.pending.add(key, TOMBSTONE);
    this.writes++;
  }

  /** The durable value of `key`, ignoring buffered and syncing writes (what a crash would leave). */
  durableGet<T = unknown>(key: string): T | undefined {
    return this.durable.get(key) as T | undefined;
  }

  keys(prefix = ''): string[] {
    const out = new Set<string>();
    for (const key of this.durable.keys()) if (key.startsWith(prefix)) out.add(key);
    for (const batch of [...this.syncing, this.pending]) {
      for (let k = 0; k < batch.count; k++) {
        const key = batch.keys[k]!;
        if (!key.startsWith(prefix)) continue;
        if (batch.values[k] === TOMBSTONE) out.delete(key);
        else out.add(key);
      }
    }
    return [...out].sort();
  }

  sync(): SyncId {
    const id = ++this.syncs;
    if (this.delayed) {
      // The buffer itself becomes the sync's writes (no copy); a fresh one takes new writes.
      const batch = this.pending;
      batch.id = id;
      this.syncing.push(batch);
      this.pending = this.spare.pop() ?? new WriteBatch();
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
    this.apply(oldest);
    if (this.spare.length < SPARE_BATCHES_MAX) this.spare.push(oldest);
    return true;
  }

  /** Called by the runtime when the node crashes: the number of writes lost. */
  crash(loseUnsyncedWrites: boolean): number {
    let lost = 0;
    for (const batch of [...this.syncing, this.pending]) {
      if (loseUnsyncedWrites) {
        lost += batch.distinctKeys();
        batch.empty();
      } else {
        this.apply(batch);
      }
    }
    this.syncing.length = 0;
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
    this.pending.empty();
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

  /** Make a batch's writes durable, in the order made (journaled when asked), and empty it. */
  private apply(batch: WriteBatch): void {
    if (this.journal !== null) this.journalWrites(batch);
    const durable = this.durable;
    for (let k = 0; k < batch.count; k++) {
      const value = batch.values[k];
      if (value === TOMBSTONE) durable.delete(batch.keys[k]!);
      else durable.set(batch.keys[k]!, value);
    }
    batch.empty();
  }

  /** Journal a batch's writes before they apply: one entry per key, in the order first written, as one write each. */
  private journalWrites(batch: WriteBatch): void {
    const journal = this.journal!;
    const durable = this.durable;
    const keys = new Set(batch.keys.slice(0, batch.count));
    for (const key of keys) journal.push({ key, before: durable.has(key) ? durable.get(key) : ABSENT });
    if (journal.length > DISK_JOURNAL_MAX) journal.splice(0, journal.length - DISK_JOURNAL_MAX);
  }
}
