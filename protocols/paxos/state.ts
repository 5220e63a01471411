// A single-decree Paxos server's state: one Synod instance per key, and in each the three
// roles the paper names, all played by every server. The acceptor's part is mirrored on
// disk; the proposer's and learner's tallies are volatile (the decision is kept on disk
// too, so a restarted server can answer at once).
import type { NodeId, TimerId } from '../../sim/types.js';
import { quorumSize } from '../raft/quorum.js';
import { NO_BALLOT } from './ballot.js';
import type { Reported } from './choose.js';
import type { PaxosConfig } from './config.js';
import type { Value } from './messages.js';
import type { PaxosFlags } from './variants.js';

export interface AcceptorState {
  promised: number;
  acceptedBallot: number;
  acceptedValue: Value | null;
}

/**
 * The proposer's phase (roles.ts changes it):
 *   idle -> preparing (a client asked)
 *   preparing -> accepting (a quorum promised) | backing-off (preempted or timed out)
 *   accepting -> backing-off (preempted or timed out)
 *   backing-off -> preparing (the backoff ran out)
 *   any -> decided (the learner learned the decision)
 */
export const PROPOSER_PHASES = ['idle', 'preparing', 'accepting', 'backing-off', 'decided'] as const;
export type ProposerPhase = (typeof PROPOSER_PHASES)[number];

export interface ProposerState {
  phase: ProposerPhase;
  ballot: number;
  /** The value a client asked us to propose (the first one), or null before any did. */
  own: Value | null;
  /** Phase 1: votes reported by acceptors that promised `ballot`. */
  readonly promises: Map<NodeId, Reported<Value | null>>;
  /** Ballots in a row that failed (preempted or timed out): the backoff doubles with each. */
  failures: number;
  timerId: TimerId | null;
  /** Clients waiting for the decision. */
  readonly waiting: Set<NodeId>;
}

export interface LearnerState {
  /** Acceptors heard to accept, per tally key (ballot and value; learner.ts). */
  readonly tallies: Map<string, Set<NodeId>>;
  decided: Value | null;
}

export interface Instance {
  readonly key: string;
  readonly acceptor: AcceptorState;
  readonly proposer: ProposerState;
  readonly learner: LearnerState;
}

export class PaxosState {
  readonly quorum: number;
  readonly index: number;
  readonly instances = new Map<string, Instance>();
  /** The highest ballot heard of in refusals: the next ballot goes above it. */
  ballotSeen = NO_BALLOT;

  constructor(
    readonly id: NodeId,
    readonly servers: readonly NodeId[],
    readonly config: PaxosConfig,
    readonly flags: PaxosFlags,
  ) {
    this.index = servers.indexOf(id);
    if (this.index < 0) throw new Error(`paxos: ${id} is not among the servers ${servers.join(', ')}`);
    this.quorum = quorumSize(servers.length);
  }

  instance(key: string): Instance {
    let inst = this.instances.get(key);
    if (inst === undefined) {
      inst = {
        key,
        acceptor: { promised: NO_BALLOT, acceptedBallot: NO_BALLOT, acceptedValue: null },
        proposer: { phase: 'idle', ballot: NO_BALLOT, own: null, promises: new Map(), failures: 0, timerId: null, waiting: new Set() },
        learner: { tallies: new Map(), decided: null },
      };
      this.instances.set(key, inst);
    }
    return inst;
  }
}

