// Heartbeat rounds: how a leader learns that a quorum still follows it. Each broadcast
// starts a round; every message to a follower carries the latest round and the follower
// echoes it with the message's term. Once a quorum (the leader included) has echoed round
// r of the current term, the leader was still leader when r was sent. Rounds count from 0
// in each process (they restart with it); the term names the leadership, since a server
// leads at most once per term (every campaign raises its persisted term). ReadIndex waits
// for a round started after the read arrived; the lease runs from the send time of the
// latest quorum-acked round; checkQuorum steps down when no round has been acked for a
// minimum election timeout.
import type { Context, Micros, NodeId } from '../../sim/types.js';
import type { RaftMessage } from './messages.js';
import { quorumValueAbove } from './quorum.js';
import type { Progress, RaftState } from './state.js';

type Ctx = Context<RaftMessage>;

/** Open a round without sending anything: the next messages to followers carry it. */
export function openRound(s: RaftState, ctx: Ctx): number {
  s.round += 1;
  s.roundSentAtUs.set(s.round, ctx.now());
  updateQuorumRound(s);
  return s.round;
}

/** Start a round: heartbeat every follower (learners too). Returns the round number. */
export function startRound(s: RaftState, ctx: Ctx): number {
  const nowUs = ctx.now();
  s.round += 1;
  s.roundSentAtUs.set(s.round, nowUs);
  s.lastRoundStartUs = nowUs;
  // voters[k] is the progress of peers[k] (RaftState.trackVoters).
  for (let k = 0; k < s.peers.length; k++) sendHeartbeat(s, ctx, s.peers[k]!, s.voters[k]!);
  if (s.learners.size > 0) for (const learner of s.learners.keys()) sendHeartbeat(s, ctx, learner, s.progress.get(learner)!);
  updateQuorumRound(s);
  return s.round;
}

function sendHeartbeat(s: RaftState, ctx: Context<RaftMessage>, peer: NodeId, progress: Progress): void {
  ctx.send(peer, { type: 'heartbeat', term: s.term, commit: Math.min(progress.match, s.commitIndex), round: s.round });
}

/**
 * A follower's reply answers a request this leader sent in its current term: only then
 * may it count (for rounds, match indexes, snapshots, rejections). A reply to a request
 * of an earlier term answers an earlier leadership, perhaps this server's own before a
 * restart, whose round numbers mean nothing now.
 */
export function answersThisTerm(s: RaftState, reply: { readonly term: number; readonly requestTerm: number }): boolean {
  if (s.role !== 'leader' || reply.term !== s.term) return false;
  // The stale-round-ack bug: any reply carrying our term counts, whatever it answers.
  return reply.requestTerm === s.term || s.flags.staleRoundAck;
}

/**
 * A follower (`peer`, whose `progress` the caller holds) echoed `round` of this term.
 * Returns true when the quorum round advanced.
 */
export function ackRound(s: RaftState, peer: NodeId, progress: Progress, round: number): boolean {
  if (round <= progress.ackedRound) return false;
  if (round > s.round) {
    // Only a reply to another process's round is ahead of ours (the stale-round-ack bug,
    // which then counts it as an ack of our latest round).
    if (!s.buggy) throw new Error(`raft ${s.id}: ${peer} acked round ${round}, the latest is ${s.round}`);
    round = s.round;
  }
  progress.ackedRound = round;
  return updateQuorumRound(s);
}

function updateQuorumRound(s: RaftState): boolean {
  const rounds = s.perServer;
  let k = 0;
  if (s.isMember) rounds[k++] = s.round;
  for (const voter of s.voters) rounds[k++] = voter.ackedRound;
  const quorumRound = quorumValueAbove(rounds, s.quorumRound);
  if (quorumRound <= s.quorumRound) return false;
  s.quorumRound = quorumRound;
  s.quorumAckedAtUs = quorumAckedAt(s.roundSentAtUs, quorumRound, s.quorumAckedAtUs);
  return true;
}

/**
 * A quorum acked `quorumRound`: returns the send time the lease (and check-quorum) now run
 * from, the later of `ackedAtUs` and that round's, and forgets the send times of every
 * round up to it. Multi-Paxos's lease reads keep their rounds the same way.
 */
export function quorumAckedAt(roundSentAtUs: Map<number, Micros>, quorumRound: number, ackedAtUs: Micros): Micros {
  const sentAtUs = roundSentAtUs.get(quorumRound);
  for (const round of roundSentAtUs.keys()) {
    if (round > quorumRound) break;
    roundSentAtUs.delete(round);
  }
  return sentAtUs === undefined ? ackedAtUs : Math.max(ackedAtUs, sentAtUs);
}

/** What a lease check reads of a leader (Raft's state, and Multi-Paxos's). */
export interface LeaseHolder {
  readonly role: string;
  readonly quorumAckedAtUs: Micros;
  readonly leaseDurationUs: Micros;
}

/** Lease reads: a quorum acked a round sent less than one lease duration ago (local clock). */
export function leaseValid(s: LeaseHolder, nowUs: Micros): boolean {
  return s.role === 'leader' && nowUs < s.quorumAckedAtUs + s.leaseDurationUs;
}

/** checkQuorum: no quorum heard from for a minimum election timeout (grace after election). */
export function quorumLost(s: RaftState, nowUs: Micros): boolean {
  const heardUs = Math.max(s.quorumAckedAtUs, s.leaderSinceUs);
  return nowUs - heardUs > s.config.electionTimeout.minUs;
}
