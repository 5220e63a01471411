// Raft's messages (the paper's RPCs, as one-way messages with replies) plus the kv client
// messages. Messages are immutable: entries are shared by reference with logs and disks.
import type { KvCommand } from '../kv/commands.js';
import { commandBytes } from '../kv/commands.js';
import { kvMessageBytes, type KvMessage } from '../kv/messages.js';
import type { KvSnapshot } from '../kv/state-machine.js';
import type { NodeId } from '../../sim/types.js';

/**
 * One log entry. `command` is null for the no-op a new leader appends and for a
 * configuration entry, which carries `members` (the voting servers from this entry on:
 * a configuration takes effect when appended, committed or not). Index is positional.
 */
export interface LogEntry {
  readonly term: number;
  readonly command: KvCommand | null;
  readonly members?: readonly NodeId[];
}

/**
 * RequestVote, also used for pre-votes (dissertation 9.6): a pre-vote asks "would you vote
 * for me in term `term`?" without anybody changing their term or vote.
 */
export interface RequestVote {
  readonly type: 'request-vote';
  readonly term: number;
  readonly lastLogIndex: number;
  readonly lastLogTerm: number;
  readonly preVote: boolean;
}

export interface RequestVoteReply {
  readonly type: 'request-vote-reply';
  /** The voter's term; for a granted pre-vote, the term asked about. */
  readonly term: number;
  readonly granted: boolean;
  readonly preVote: boolean;
}

/**
 * AppendEntries. `round` is the leader's heartbeat round when it sent this; the follower
 * echoes it so the leader knows a quorum still follows it (ReadIndex, lease, checkQuorum).
 */
export interface AppendEntries {
  readonly type: 'append-entries';
  readonly term: number;
  readonly prevLogIndex: number;
  readonly prevLogTerm: number;
  readonly entries: readonly LogEntry[];
  readonly leaderCommit: number;
  readonly round: number;
}

/**
 * The follower's answer. `term` is the follower's term (a newer one deposes the leader);
 * `requestTerm` and `round` are the AppendEntries' own, so the leader counts the answer
 * only for the leadership and the round it answers. On success `matchIndex` =
 * prevLogIndex + entries. On failure `rejectedIndex` is the prevLogIndex refused and
 * (conflictTerm, conflictIndex) the fast backup hint: the follower's term at prevLogIndex
 * (0 when its log is too short) and the first index it holds with that term (its last
 * index + 1 when too short).
 */
export interface AppendEntriesReply {
  readonly type: 'append-entries-reply';
  readonly term: number;
  readonly success: boolean;
  readonly matchIndex: number;
  readonly rejectedIndex: number;
  readonly conflictTerm: number;
  readonly conflictIndex: number;
  readonly requestTerm: number;
  readonly round: number;
}

/** A heartbeat: "I still lead term `term`; commit up to `commit`" (<= what you match). */
export interface Heartbeat {
  readonly type: 'heartbeat';
  readonly term: number;
  readonly commit: number;
  readonly round: number;
}

/** `term`: the follower's; `requestTerm` and `round`: the heartbeat's, echoed. */
export interface HeartbeatReply {
  readonly type: 'heartbeat-reply';
  readonly term: number;
  readonly requestTerm: number;
  readonly round: number;
}

export interface Snapshot {
  /** The last log index and term the snapshot includes. */
  readonly index: number;
  readonly term: number;
  readonly state: KvSnapshot;
  /** The configuration at `index` (absent: the initial one). */
  readonly members?: readonly NodeId[];
}

/** InstallSnapshot, in one piece (the paper's chunks add nothing in a simulation). */
export interface InstallSnapshot {
  readonly type: 'install-snapshot';
  readonly term: number;
  readonly snapshot: Snapshot;
  readonly round: number;
}

export interface InstallSnapshotReply {
  readonly type: 'install-snapshot-reply';
  readonly term: number;
  /** The index the follower now matches (the snapshot's, or its commit index if further). */
  readonly matchIndex: number;
  /** The InstallSnapshot's term and round, echoed. */
  readonly requestTerm: number;
  readonly round: number;
}

export type RaftPeerMessage =
  | RequestVote
  | RequestVoteReply
  | AppendEntries
  | AppendEntriesReply
  | Heartbeat
  | HeartbeatReply
  | InstallSnapshot
  | InstallSnapshotReply;

export type RaftMessage = RaftPeerMessage | KvMessage;

const HEADER_BYTES = 32;
const ENTRY_HEADER_BYTES = 16;

/** Estimated wire size: a fixed header, 16 bytes per entry plus its payload. No stringify. */
export function raftMessageBytes(msg: RaftMessage): number {
  switch (msg.type) {
    case 'append-entries': {
      let bytes = HEADER_BYTES + 16;
      for (const entry of msg.entries) {
        bytes += ENTRY_HEADER_BYTES + (entry.command === null ? 8 * (entry.members?.length ?? 0) : commandBytes(entry.command));
      }
      return bytes;
    }
    case 'install-snapshot':
      return HEADER_BYTES + 16 + msg.snapshot.state.bytes;
    case 'kv-request':
    case 'kv-reply':
      return kvMessageBytes(msg);
    default:
      return HEADER_BYTES;
  }
}
