// What a Multi-Paxos server keeps on disk, and how a restarted server reads it back. Keys:
//   mpaxos/promised        the highest ballot promised (number)
//   mpaxos/snapshot        the replica after slot `upTo` (snapshots.ts); the records of
//                          slots up to it are deleted
//   mpaxos/slot/<slot>     what this server knows of one slot: its vote as an acceptor
//                          {slot, ballot, value} (or null) and, once it learned the slot is
//                          chosen, the chosen value (its replica's log)
//   mpaxos/votes-chosen    L: every slot up to L is chosen, and where its record names no
//                          chosen value, the value is the record's vote. Learning a slot in
//                          order whose durable vote is the chosen value (the common case: a
//                          follower learning its vote from the leader's chosen prefix) then
//                          costs no write of its own.
// One key per slot (not one for the vote and one for the decision): half the keys, and
// learning a slot overwrites a key the disk already holds. Slots are zero-padded so keys
// sort numerically. Records are never mutated after put.
import type { Disk } from '../../sim/types.js';
import { NO_BALLOT } from '../paxos/ballot.js';
import type { AcceptedSlot, SlotValue, Snapshot } from './messages.js';

export const PROMISED_KEY = 'mpaxos/promised';
export const SLOT_PREFIX = 'mpaxos/slot/';
export const VOTES_CHOSEN_KEY = 'mpaxos/votes-chosen';
export const SNAPSHOT_KEY = 'mpaxos/snapshot';
const SLOT_DIGITS = 12;

/**
 * Slot keys already built, per prefix. Every server writes the keys of every slot, so one
 * string per slot serves them all, and its hash, which the disk's maps need, is computed
 * once (as Raft's log keys). Pure memoization, bounded.
 */
const slotKeys = new Map<string, string[]>();
const SLOT_KEYS_CACHED_MAX = 1 << 20;

function slotKey(prefix: string, slot: number): string {
  let keys = slotKeys.get(prefix);
  if (keys === undefined) slotKeys.set(prefix, (keys = []));
  const cached = keys[slot];
  if (cached !== undefined) return cached;
  const key = prefix + String(slot).padStart(SLOT_DIGITS, '0');
  if (slot < SLOT_KEYS_CACHED_MAX) {
    while (keys.length < slot) keys.push(prefix + String(keys.length).padStart(SLOT_DIGITS, '0'));
    keys[slot] = key;
  }
  return key;
}

export function savePromised(disk: Disk, ballot: number): void {
  disk.put(PROMISED_KEY, ballot);
}

/** One slot's durable record: the acceptor's vote, and the learner's decision. */
export interface SlotRecord {
  readonly vote: AcceptedSlot | null;
  readonly chosen: { readonly value: SlotValue } | null;
}

export function saveSlot(disk: Disk, slot: number, record: SlotRecord): void {
  disk.put(slotKey(SLOT_PREFIX, slot), record);
}

export function saveVotesChosen(disk: Disk, upTo: number): void {
  disk.put(VOTES_CHOSEN_KEY, upTo);
}

/** Keep `snapshot` and delete the records of the slots it covers, from `from` on. */
export function saveSnapshot(disk: Disk, snapshot: Snapshot, from: number): void {
  disk.put(SNAPSHOT_KEY, snapshot);
  for (let slot = from; slot <= snapshot.upTo; slot++) disk.delete(slotKey(SLOT_PREFIX, slot));
}

export interface DurableState {
  readonly snapshot: Snapshot | null;
  readonly promised: number;
  readonly accepted: readonly AcceptedSlot[];
  /** Chosen slots learned, as [slot, value] pairs in slot order (maybe with holes). */
  readonly chosen: readonly (readonly [number, SlotValue])[];
}

export function loadDurableState(disk: Disk): DurableState {
  const promised = disk.get<number>(PROMISED_KEY) ?? NO_BALLOT;
  const snapshot = disk.get<Snapshot>(SNAPSHOT_KEY) ?? null;
  const compactedUpTo = snapshot === null ? 0 : snapshot.upTo;
  const accepted: AcceptedSlot[] = [];
  const chosen: (readonly [number, SlotValue])[] = [];
  const votesChosen = disk.get<number>(VOTES_CHOSEN_KEY) ?? 0;
  for (const key of disk.keys(SLOT_PREFIX)) {
    const slot = Number(key.slice(SLOT_PREFIX.length));
    const record = disk.get<SlotRecord>(key)!;
    if (record.vote !== null) accepted.push(record.vote);
    if (record.chosen !== null) chosen.push([slot, record.chosen.value]);
    else if (slot <= votesChosen && record.vote !== null) chosen.push([slot, record.vote.value]);
  }
  if (chosen.length < votesChosen - compactedUpTo) {
    throw new Error(`multi-paxos storage: slots up to ${votesChosen} are chosen but only ${chosen.length} are on disk`);
  }
  return { snapshot, promised, accepted, chosen };
}
