// A Multi-Paxos server's state, in one place. Every server is at once an acceptor (its
// promise and votes: mirrored on disk), a learner (the chosen slots it knows, applied in
// order to its kv replica) and a would-be proposer: one of them at a time is the
// distinguished proposer, the leader, which runs phase 1 once for all open slots and then
// phase 2 per command. Behaviour lives in the files named after what it does.
import type { Micros, NodeId, TimerId } from '../../sim/types.js';
import type { KvCommand } from '../kv/commands.js';
import { KvStateMachine } from '../kv/state-machine.js';
import { NO_BALLOT } from '../paxos/ballot.js';
import { leaseDurationUs } from '../raft/config.js';
import { quorumSize } from '../raft/quorum.js';
import type { MultiPaxosConfig } from './config.js';
import type { AcceptedSlot, SlotValue, Snapshot } from './messages.js';
import { SlotMap } from './slot-map.js';
import type { MultiPaxosFlags } from './variants.js';

/** `leader` proposes; `candidate` runs phase 1 for a ballot; `follower` only accepts and learns. */
export const ROLES = ['leader', 'candidate', 'follower'] as const;
export type Role = (typeof ROLES)[number];

/** A slot the leader proposed in its ballot and has not yet seen chosen. */
export interface OpenSlot {
  readonly value: SlotValue;
  /** Which servers (by place in `servers`) accepted it in the leader's ballot, the leader included; and how many. */
  readonly voted: boolean[];
  votes: number;
  /** Local time the accepts were last sent, for re-sending. */
  sentAtUs: Micros;
}

/** A get at the leader (reads: readindex): answered once `round` is acked and `readSlot` applied. */
export interface PendingRead {
  readonly from: NodeId;
  readonly command: KvCommand;
  readonly readSlot: number;
  readonly round: number;
}

/** A client command in an open slot, waiting to be applied so its outcome can be sent. */
export interface PendingProposal {
  readonly command: KvCommand;
  from: NodeId;
}

export class MultiPaxosState {
  readonly peers: readonly NodeId[];
  readonly quorum: number;
  /** This server's place in the server list: the proposer part of its ballots. */
  readonly index: number;

  role: Role = 'follower';
  leaderId: NodeId | null = null;

  // Acceptor (mirrored on disk).
  promised = NO_BALLOT;
  readonly accepted = new SlotMap<AcceptedSlot>();
  /** The highest slot this acceptor has voted in (0 when none). */
  highestVotedSlot = 0;

  // Learner: chosen values by slot; 1..chosenUpTo are all known and applied.
  readonly chosen = new SlotMap<SlotValue>();
  chosenUpTo = 0;
  kv = KvStateMachine.create({ sessions: true });
  /** The latest snapshot: slots up to its `upTo` are compacted away (none: null). */
  snapshot: Snapshot | null = null;

  // Proposer: the ballot campaigned for or led (NO_BALLOT when neither).
  ballot = NO_BALLOT;
  /** The highest ballot heard of from others (refusals name it): the next campaign goes above it. */
  ballotSeen = NO_BALLOT;
  /** Candidate: promises received for `ballot`, by acceptor, with the votes they reported. */
  readonly promises = new Map<NodeId, readonly AcceptedSlot[]>();
  /** Candidate: the most advanced snapshot a promise carried (installed at the takeover). */
  snapshotOffered: Snapshot | null = null;

  // Leader.
  nextSlot = 1;
  /** The last slot recovered at the takeover: any value chosen in an earlier ballot is at or below it. */
  takeoverUpTo = 0;
  readonly open = new Map<number, OpenSlot>();
  readonly proposals = new Map<number, PendingProposal>();
  /** client session -> slot of its pending command (dedups retries in flight). */
  readonly proposalsByClient = new Map<string, number>();
  /** Heartbeat rounds (reads.ts): the latest started, the latest a quorum acked. */
  round = 0;
  quorumRound = 0;
  /** The latest round each server reached, by place in `servers` (this leader's own is `round`). */
  readonly roundsReached: number[];
  /** When the latest round was sent (local clock), and the latest to every follower (reads.ts). */
  lastRoundStartUs: Micros = Number.NEGATIVE_INFINITY;
  lastFullRoundUs: Micros = Number.NEGATIVE_INFINITY;
  /** Scratch for ordering the followers by `roundsReached` (reads.ts), kept to allocate nothing per round. */
  readonly followerOrder: number[];
  /** Catch-up (replication.ts), by place in `servers`: the last slot of the latest batch sent, and when. */
  readonly catchUpSentUpTo: number[];
  readonly catchUpSentAtUs: Micros[];
  /** When accepts last went to every follower (local clock): they stand in for a heartbeat too. */
  lastAcceptsSentUs: Micros = Number.NEGATIVE_INFINITY;
  /** Gets waiting for their round and for the slots before them to be applied, in round order. */
  reads: PendingRead[] = [];
  /** Lease reads: local send time of each round not yet quorum-acked; the latest acked one's. */
  readonly roundSentAtUs = new Map<number, Micros>();
  quorumAckedAtUs: Micros = Number.NEGATIVE_INFINITY;
  /** How long after a quorum-acked round was sent the leader may answer gets alone (local clock). */
  readonly leaseDurationUs: Micros;
  /** Lease reads: when this acceptor last heard its leader (local clock); it promises nobody else for T after. */
  leaderContactUs: Micros = Number.NEGATIVE_INFINITY;

  // Timers (the shapes protocols/raft/timers.ts works on).
  electionTimerId: TimerId | null = null;
  electionDeadlineUs: Micros = 0;
  heartbeatTimerId: TimerId | null = null;
  /** Election timeouts are always randomized here (Raft's fixed-timeout bug is Raft's). */
  readonly fixedElectionTimeout = false;

  constructor(
    readonly id: NodeId,
    readonly servers: readonly NodeId[],
    readonly config: MultiPaxosConfig,
    readonly flags: MultiPaxosFlags,
  ) {
    this.index = servers.indexOf(id);
    if (this.index < 0) throw new Error(`multi-paxos: ${id} is not among the servers ${servers.join(', ')}`);
    this.peers = servers.filter((s) => s !== id);
    this.roundsReached = servers.map(() => 0);
    this.catchUpSentUpTo = servers.map(() => 0);
    this.followerOrder = this.peers.map(() => 0);
    this.catchUpSentAtUs = servers.map(() => Number.NEGATIVE_INFINITY);
    this.quorum = quorumSize(servers.length);
    this.leaseDurationUs = leaseDurationUs(config, flags.leaseWithoutDriftBound);
  }

  get leaseReads(): boolean {
    return this.config.reads === 'lease';
  }
}
