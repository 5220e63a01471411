// What a Multi-Paxos server keeps on disk, and how a restarted server reads it back. Keys:
//   mpaxos/promised          the highest ballot promised (number)
//   mpaxos/accepted/<slot>   this acceptor's vote in a slot: {ballot, value}
//   mpaxos/chosen/<slot>     a value this server learned was chosen (its replica's log)
// Slots are zero-padded so keys sort numerically. Values are never mutated after put.
import type { Disk } from '../../sim/types.js';
import { NO_BALLOT } from '../paxos/ballot.js';
import type { AcceptedSlot, SlotValue } from './messages.js';

export const PROMISED_KEY = 'mpaxos/promised';
export const ACCEPTED_PREFIX = 'mpaxos/accepted/';
export const CHOSEN_PREFIX = 'mpaxos/chosen/';
const SLOT_DIGITS = 12;

function slotKey(prefix: string, slot: number): string {
  return prefix + String(slot).padStart(SLOT_DIGITS, '0');
}

export function savePromised(disk: Disk, ballot: number): void {
  disk.put(PROMISED_KEY, ballot);
}

export function saveAccepted(disk: Disk, vote: AcceptedSlot): void {
  disk.put(slotKey(ACCEPTED_PREFIX, vote.slot), vote);
}

export function saveChosen(disk: Disk, slot: number, value: SlotValue): void {
  disk.put(slotKey(CHOSEN_PREFIX, slot), { value });
}

export interface DurableState {
  readonly promised: number;
  readonly accepted: readonly AcceptedSlot[];
  /** Chosen slots learned, as [slot, value] pairs in slot order (maybe with holes). */
  readonly chosen: readonly (readonly [number, SlotValue])[];
}

export function loadDurableState(disk: Disk): DurableState {
  const promised = disk.get<number>(PROMISED_KEY) ?? NO_BALLOT;
  const accepted = disk.keys(ACCEPTED_PREFIX).map((key) => disk.get<AcceptedSlot>(key)!);
  const chosen = disk
    .keys(CHOSEN_PREFIX)
    .map((key) => [Number(key.slice(CHOSEN_PREFIX.length)), disk.get<{ value: SlotValue }>(key)!.value] as const);
  return { promised, accepted, chosen };
}
