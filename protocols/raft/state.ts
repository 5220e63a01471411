// A Raft server's state, in one place: persistent (term, vote, log, snapshot: mirrored on
// disk), volatile (role, commit and apply points, the state machine), and leader-only
// (per-peer progress, heartbeat rounds, pending client requests). Behaviour lives in the
// files named after what it does (roles, election, replication, snapshot, reads, apply).
import type { AdminCommand, Micros, NodeId, TimerId } from '../../sim/types.js';
import type { KvCommand } from '../kv/commands.js';
import { KvStateMachine } from '../kv/state-machine.js';
import { leaseDurationUs, type RaftConfig } from './config.js';
import { RaftLog } from './log.js';
import type { Snapshot } from './messages.js';
import { quorumSize } from './quorum.js';
import type { RaftFlags } from './variants.js';

export const ROLES = ['leader', 'candidate', 'precandidate', 'follower'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a leader knows about one follower (etcd's Progress): `match` is the highest index
 * known to be replicated there; `next` the next index to send. In `probe` mode one
 * AppendEntries at a time finds where the logs agree; in `replicate` mode entries stream
 * optimistically; in `snapshot` mode an InstallSnapshot is in flight.
 */
export interface Progress {
  match: number;
  next: number;
  mode: 'probe' | 'replicate' | 'snapshot';
  /** probe: an AppendEntries is out and unanswered; wait before sending another. */
  probeSent: boolean;
  snapshotSentAtUs: Micros;
  /** The highest heartbeat round this follower has echoed in the current term. */
  ackedRound: number;
}

/** A client command in the leader's log, waiting to be applied so its outcome can be sent. */
export interface PendingProposal {
  readonly command: KvCommand;
  /** Where to send the outcome (the latest attempt's sender). */
  from: NodeId;
}

/** A get waiting for its ReadIndex: a quorum round after its arrival, and apply >= readIndex. */
export interface PendingRead {
  readonly from: NodeId;
  readonly command: KvCommand;
  readIndex: number;
  round: number;
}

/** A follower the leader has just started replicating to (probe mode, nothing known). */
export function freshProgress(nextIndex: number): Progress {
  return { match: 0, next: nextIndex, mode: 'probe', probeSent: false, snapshotSentAtUs: 0, ackedRound: 0 };
}

export class RaftState {
  /**
   * The configuration in force (membership.ts): the voting `members`, set by the latest
   * configuration entry in the log (`configIndex`; 0 for the initial configuration), the
   * other members (`peers`) and the `quorum` of members. A server that is not a member
   * (a spare, a removed server) never campaigns.
   */
  members: readonly NodeId[];
  configIndex = 0;
  peers: readonly NodeId[];
  quorum: number;
  /** This server is one of `members` (a leader removing itself is not). */
  isMember: boolean;
  /** A bug variant is on: "can not happen" states are survived, not asserted, so invariants see them. */
  readonly buggy: boolean;
  readonly leaseDurationUs: Micros;

  // Persistent (mirrored on disk).
  role: Role = 'follower';
  term = 0;
  votedFor: NodeId | null = null;
  readonly log = new RaftLog();
  snapshot: Snapshot | null = null;

  // Volatile.
  leaderId: NodeId | null = null;
  commitIndex = 0;
  lastApplied = 0;
  kv: KvStateMachine;
  electionTimerId: TimerId | null = null;
  /** Local time at which the election timer expires; the timer re-arms lazily until then. */
  electionDeadlineUs: Micros = 0;
  /** Local time we last heard from a leader of our term (the vote guard). */
  leaderContactUs: Micros = Number.NEGATIVE_INFINITY;
  /** Votes (or pre-votes) granted to us in the current campaign, ourselves included. */
  readonly votes = new Set<NodeId>();

  // Leader only.
  readonly progress = new Map<NodeId, Progress>();
  /** The progress of each peer (the other members), for quorum counts without map lookups. */
  voters: Progress[] = [];
  heartbeatTimerId: TimerId | null = null;
  leaderSinceUs: Micros = 0;
  /** Heartbeat rounds: `round` is the latest started; a quorum has echoed `quorumRound`. */
  round = 0;
  quorumRound = 0;
  /** Local send time of `quorumRound` (when a quorum last surely followed us). */
  quorumAckedAtUs: Micros = Number.NEGATIVE_INFINITY;
  /** Local send time of each round not yet acked by a quorum, in round order. */
  readonly roundSentAtUs = new Map<number, Micros>();
  /**
   * Local time of the latest round whose heartbeats went to every follower (startRound).
   * The heartbeat timer skips its own round while a read's round is younger than the
   * heartbeat interval: the followers heard from us just now.
   */
  lastRoundStartUs: Micros = Number.NEGATIVE_INFINITY;
  readonly proposals = new Map<number, PendingProposal>();
  /** client session -> log index of its pending command (dedups retries in flight). */
  readonly proposalsByClient = new Map<string, number>();
  /** Reads with a round and read index, in round order. */
  reads: PendingRead[] = [];
  /** Reads that arrived before this leader committed an entry of its term. */
  readsAwaitingTermCommit: PendingRead[] = [];
  /** Reused buffer of one number per member (quorum computations allocate nothing). */
  perServer: number[];
  /** Servers being caught up before they join (leader only): id -> local time they started. */
  readonly learners = new Map<NodeId, Micros>();
  /** Operators' membership requests not yet done, oldest first (every server keeps them). */
  readonly adminQueue: AdminCommand[] = [];

  constructor(
    readonly id: NodeId,
    /** The initial configuration (a spare is not in it). */
    readonly servers: readonly NodeId[],
    readonly config: RaftConfig,
    readonly flags: RaftFlags,
  ) {
    if (servers.length === 0) throw new Error(`raft ${id}: no initial members`);
    this.members = servers;
    this.isMember = servers.includes(id);
    this.peers = servers.filter((s) => s !== id);
    this.perServer = new Array<number>(servers.length).fill(0);
    this.buggy = Object.values(flags).some((on) => on);
    this.quorum = quorumSize(servers.length);
    this.leaseDurationUs = leaseDurationUs(config, flags.leaseWithoutDriftBound);
    this.kv = KvStateMachine.create({ sessions: !flags.noSessions });
  }

  /** Read by the shared timers (protocols/raft/timers.ts). */
  get fixedElectionTimeout(): boolean {
    return this.flags.fixedElectionTimeout;
  }

  /** Leader: after the peers or their progress changed, list the peers' progress again. */
  trackVoters(): void {
    this.voters = this.peers.map((peer) => this.progress.get(peer)!);
  }

  /** Votes are refused for a minimum election timeout after hearing from a leader. */
  get guardsVotes(): boolean {
    return this.config.checkQuorum || this.config.reads === 'lease';
  }
}
