// Heartbeat rounds: how a leader learns that a quorum still follows it. Each broadcast
// starts a round; every message to a follower carries the latest round and the follower
// echoes it. Once a quorum (the leader included) has echoed round r, the leader was still
// leader when r was sent. ReadIndex waits for a round started after the read arrived; the
// lease runs from the send time of the latest quorum-acked round; checkQuorum steps down
// when no round has been acked for a minimum election timeout.
import type { Context, Micros, NodeId } from '../../sim/types.js';
import type { RaftMessage } from './messages.js';
import { quorumValue } from './quorum.js';
import type { RaftState } from './state.js';

type Ctx = Context<RaftMessage>;

/** Open a round without sending anything: the next messages to followers carry it. */
export function openRound(s: RaftState, ctx: Ctx): number {
  s.round += 1;
  s.roundSentAtUs.set(s.round, ctx.now());
  updateQuorumRound(s);
  return s.round;
}

/** Start a round: heartbeat every follower. Returns the round number. */
export function startRound(s: RaftState, ctx: Ctx): number {
  const nowUs = ctx.now();
  s.round += 1;
  s.roundSentAtUs.set(s.round, nowUs);
  s.lastRoundStartUs = nowUs;
  for (const peer of s.peers) {
    const progress = s.progress.get(peer)!;
    ctx.send(peer, {
      type: 'heartbeat',
      term: s.term,
      commit: Math.min(progress.match, s.commitIndex),
      round: s.round,
    });
  }
  updateQuorumRound(s);
  return s.round;
}

/** A follower echoed `round`. Returns true when the quorum round advanced. */
export function ackRound(s: RaftState, peer: NodeId, round: number): boolean {
  const progress = s.progress.get(peer);
  if (progress === undefined || round <= progress.ackedRound) return false;
  progress.ackedRound = Math.min(round, s.round);
  return updateQuorumRound(s);
}

function updateQuorumRound(s: RaftState): boolean {
  const rounds = s.perServer;
  rounds[0] = s.round;
  let k = 1;
  for (const progress of s.progress.values()) rounds[k++] = progress.ackedRound;
  const quorumRound = quorumValue(rounds);
  if (quorumRound <= s.quorumRound) return false;
  s.quorumRound = quorumRound;
  const sentAtUs = s.roundSentAtUs.get(quorumRound);
  if (sentAtUs !== undefined) s.quorumAckedAtUs = Math.max(s.quorumAckedAtUs, sentAtUs);
  for (const round of s.roundSentAtUs.keys()) {
    if (round > quorumRound) break;
    s.roundSentAtUs.delete(round);
  }
  return true;
}

/** Lease reads: a quorum acked a round sent less than one lease duration ago (local clock). */
export function leaseValid(s: RaftState, nowUs: Micros): boolean {
  return s.role === 'leader' && nowUs < s.quorumAckedAtUs + s.leaseDurationUs;
}

/** checkQuorum: no quorum heard from for a minimum election timeout (grace after election). */
export function quorumLost(s: RaftState, nowUs: Micros): boolean {
  const heardUs = Math.max(s.quorumAckedAtUs, s.leaderSinceUs);
  return nowUs - heardUs > s.config.electionTimeout.minUs;
}
