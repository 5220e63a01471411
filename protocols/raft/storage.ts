// What Raft keeps on disk, and how a restarted node reads it back. Keys:
//   raft/term             current term (number)
//   raft/vote             who we voted for in that term (NodeId | null)
//   raft/snapshot         the latest snapshot {index, term, state}
//   raft/log/<index>      one entry per key, index zero-padded so keys sort numerically
// Values are stored by reference and never mutated after put.
import type { Disk, NodeId } from '../../sim/types.js';
import type { LogEntry, Snapshot } from './messages.js';

export const TERM_KEY = 'raft/term';
export const VOTE_KEY = 'raft/vote';
export const SNAPSHOT_KEY = 'raft/snapshot';
export const LOG_PREFIX = 'raft/log/';
const INDEX_DIGITS = 12;

/**
 * Log keys already built, by index. Every server writes (and later deletes) the key of every
 * index, so one string per index serves them all, and its hash, which the disk's maps need,
 * is computed once. Pure memoization: bounded, and nothing depends on what it holds.
 */
const logKeys: string[] = [];
const LOG_KEYS_CACHED_MAX = 1 << 20;

function buildLogKey(index: number): string {
  return LOG_PREFIX + String(index).padStart(INDEX_DIGITS, '0');
}

export function logKey(index: number): string {
  const cached = logKeys[index];
  if (cached !== undefined) return cached;
  if (index >= LOG_KEYS_CACHED_MAX) return buildLogKey(index);
  while (logKeys.length <= index) logKeys.push(buildLogKey(logKeys.length));
  return logKeys[index]!;
}

export function saveTerm(disk: Disk, term: number): void {
  disk.put(TERM_KEY, term);
}

export function saveVote(disk: Disk, vote: NodeId | null): void {
  disk.put(VOTE_KEY, vote);
}

export function saveEntry(disk: Disk, index: number, entry: LogEntry): void {
  disk.put(logKey(index), entry);
}

/** Delete the entries from..to (inclusive). */
export function deleteEntries(disk: Disk, from: number, to: number): void {
  for (let index = from; index <= to; index++) disk.delete(logKey(index));
}

export function saveSnapshot(disk: Disk, snapshot: Snapshot): void {
  disk.put(SNAPSHOT_KEY, snapshot);
}

export interface DurableState {
  readonly term: number;
  readonly vote: NodeId | null;
  readonly snapshot: Snapshot | null;
  /** Entries after the snapshot, in order, the first at snapshot index + 1. */
  readonly entries: readonly LogEntry[];
}

/** Read everything back after a restart. Throws if the stored log has a hole. */
export function loadDurableState(disk: Disk): DurableState {
  const term = disk.get<number>(TERM_KEY) ?? 0;
  const vote = disk.get<NodeId | null>(VOTE_KEY) ?? null;
  const snapshot = disk.get<Snapshot>(SNAPSHOT_KEY) ?? null;
  const after = snapshot === null ? 0 : snapshot.index;
  const entries: LogEntry[] = [];
  for (const key of disk.keys(LOG_PREFIX)) {
    const index = Number(key.slice(LOG_PREFIX.length));
    if (index <= after) continue;
    if (index !== after + entries.length + 1) {
      throw new Error(`raft storage: log entry ${index} follows ${after + entries.length}: a hole in the stored log`);
    }
    entries.push(disk.get<LogEntry>(key)!);
  }
  return { term, vote, snapshot, entries };
}
