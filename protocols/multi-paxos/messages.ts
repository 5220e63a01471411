// Multi-Paxos's messages: phase 1 (prepare/promise) for every slot above the leader's
// chosen prefix at once, phase 2 (accept/accepted) per slot, heartbeats that carry the
// chosen prefix, and catch-up of chosen slots for lagging learners. Plus the kv client
// messages. Messages are immutable; commands are shared by reference.
import { commandBytes, commandDigest, type KvCommand } from '../kv/commands.js';
import { kvMessageBytes, type KvMessage } from '../kv/messages.js';
import type { KvSnapshot } from '../kv/state-machine.js';

/** The replica after applying every slot up to `upTo` (log compaction, snapshots.ts). */
export interface Snapshot {
  readonly upTo: number;
  readonly state: KvSnapshot;
}

/** A slot's value: a client command, or null for the no-op that fills a gap. */
export type SlotValue = KvCommand | null;

/** What invariants compare: a command's digest, or `noop`. */
export const NOOP_DIGEST = 'noop';

export function digestOf(value: SlotValue): string {
  return value === null ? NOOP_DIGEST : commandDigest(value);
}

/**
 * An acceptor's vote in one slot: the ballot it accepted in and the value. In a promise,
 * `chosen` marks a slot the acceptor (as a learner) knows is chosen: a new leader learns it
 * instead of proposing it again.
 */
export interface AcceptedSlot {
  readonly slot: number;
  readonly ballot: number;
  readonly value: SlotValue;
  readonly chosen?: true;
}

/** Phase 1a: "promise me `ballot` for every slot from `fromSlot` on". */
export interface Prepare {
  readonly type: 'prepare';
  readonly ballot: number;
  readonly fromSlot: number;
}

/**
 * Phase 1b. `ok`: the promise, with every slot >= fromSlot the acceptor has accepted in.
 * Not ok: a refusal naming the higher ballot already promised.
 */
export interface PromiseReply {
  readonly type: 'promise';
  readonly ballot: number;
  readonly ok: boolean;
  readonly promised: number;
  readonly accepted: readonly AcceptedSlot[];
  /** When the acceptor compacted slots >= fromSlot: its snapshot covers them (all chosen). */
  readonly snapshot?: Snapshot;
}

/** Phase 2a for one slot; `chosenUpTo` is the leader's chosen prefix (learners apply up to it). */
export interface Accept {
  readonly type: 'accept';
  readonly ballot: number;
  readonly slot: number;
  readonly value: SlotValue;
  readonly chosenUpTo: number;
}

/**
 * Phase 2b: accepted (ok) or refused (a higher ballot was promised). While accepts flow
 * the leader sends no heartbeats (replication.ts), so the reply also reports what a
 * heartbeat reply would: the acceptor's learned prefix and the prefix the accept
 * announced, for catch-up.
 */
export interface Accepted {
  readonly type: 'accepted';
  readonly ballot: number;
  readonly slot: number;
  readonly ok: boolean;
  readonly promised: number;
  readonly learnedUpTo: number;
  readonly announcedUpTo: number;
}

/**
 * "I still lead `ballot`; slots up to `chosenUpTo` are chosen." `round` numbers the
 * leader's heartbeat rounds: a follower echoes it, and once a quorum has, the leader knows
 * it still led when the round started (reads.ts).
 */
export interface Heartbeat {
  readonly type: 'heartbeat';
  readonly ballot: number;
  readonly chosenUpTo: number;
  readonly round: number;
}

export interface HeartbeatReply {
  readonly type: 'heartbeat-reply';
  readonly ballot: number;
  readonly ok: boolean;
  readonly promised: number;
  /** The follower's contiguous learned prefix: the leader sends what it misses. */
  readonly learnedUpTo: number;
  /**
   * The chosen prefix the heartbeat announced (echoed). A follower that learned less could
   * not learn those slots from its own votes; slots chosen after the heartbeat left it will
   * learn from the next accept or heartbeat, so the leader sends no values for them.
   */
  readonly announcedUpTo: number;
  readonly round: number;
}

/** Catch-up: chosen values for a learner that could not learn them from its own votes. */
export interface Chosen {
  readonly type: 'chosen';
  readonly ballot: number;
  readonly fromSlot: number;
  readonly values: readonly SlotValue[];
}

/** Catch-up for a learner behind the leader's snapshot: the slots it misses are compacted. */
export interface InstallSnapshot {
  readonly type: 'install-snapshot';
  readonly ballot: number;
  readonly snapshot: Snapshot;
}

export type MultiPaxosPeerMessage =
  | Prepare
  | PromiseReply
  | Accept
  | Accepted
  | Heartbeat
  | HeartbeatReply
  | Chosen
  | InstallSnapshot;
export type MultiPaxosMessage = MultiPaxosPeerMessage | KvMessage;

const HEADER_BYTES = 32;
const SLOT_HEADER_BYTES = 16;

function valueBytes(value: SlotValue): number {
  return SLOT_HEADER_BYTES + (value === null ? 0 : commandBytes(value));
}

/** Estimated wire size: a fixed header plus each carried slot. No stringify. */
export function multiPaxosMessageBytes(msg: MultiPaxosMessage): number {
  switch (msg.type) {
    case 'promise': {
      let bytes = HEADER_BYTES + (msg.snapshot === undefined ? 0 : msg.snapshot.state.bytes);
      for (const slot of msg.accepted) bytes += valueBytes(slot.value);
      return bytes;
    }
    case 'install-snapshot':
      return HEADER_BYTES + msg.snapshot.state.bytes;
    case 'accept':
      return HEADER_BYTES + valueBytes(msg.value);
    case 'chosen': {
      let bytes = HEADER_BYTES;
      for (const value of msg.values) bytes += valueBytes(value);
      return bytes;
    }
    case 'kv-request':
    case 'kv-reply':
      return kvMessageBytes(msg);
    default:
      return HEADER_BYTES;
  }
}
