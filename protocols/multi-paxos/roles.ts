// The one place a server changes role. Each becomeX asserts the transition is legal, resets
// what the new role must not inherit, and logs the change:
//   follower  -> candidate | follower (a new leader)
//   candidate -> leader | follower (preempted by a higher ballot) | candidate (phase 1 timed out)
//   leader    -> follower (preempted)
import type { Context, NodeId } from '../../sim/types.js';
import { redirectReply } from '../kv/messages.js';
import { nextBallot } from '../paxos/ballot.js';
import { resetElectionTimer, startHeartbeatTimer, stopElectionTimer, stopHeartbeatTimer } from '../raft/timers.js';
import { raisePromise } from './durable.js';
import type { AcceptedSlot, MultiPaxosMessage } from './messages.js';
import { recoverSlots } from './recovery.js';
import { startRound } from './reads.js';
import { compactedUpTo } from './snapshots.js';
import type { MultiPaxosState } from './state.js';

type Ctx = Context<MultiPaxosMessage>;

/**
 * Follow `leader` (null when unknown). A candidate or leader gets here when it saw a ballot
 * above its own (`seen`): its ballot is abandoned ('ballot-abandoned': the duel figure).
 */
export function becomeFollower(s: MultiPaxosState, ctx: Ctx, leader: NodeId | null, seen: number): void {
  const was = s.role;
  if (was !== 'follower' && seen <= s.ballot) {
    throw new Error(`multi-paxos ${s.id}: ${was} of ballot ${s.ballot} stepping down for ballot ${seen}`);
  }
  if (was === 'candidate') ctx.log('ballot-abandoned', { ballot: s.ballot, by: seen });
  if (was === 'leader') stepDownAsLeader(s, ctx, leader);
  s.ballotSeen = Math.max(s.ballotSeen, seen);
  s.snapshotOffered = null;
  s.role = 'follower';
  s.leaderId = leader;
  s.promises.clear();
  if (was !== 'follower') ctx.log('became-follower', { ballot: seen, leader });
  resetElectionTimer(s, ctx);
}

/** Start phase 1 for a fresh ballot above any we know, over every slot above our chosen prefix. */
export function becomeCandidate(s: MultiPaxosState, ctx: Ctx): void {
  if (s.role === 'leader') throw new Error(`multi-paxos ${s.id}: a leader can not become a candidate`);
  s.ballot = nextBallot(Math.max(s.promised, s.ballot, s.ballotSeen), s.index, false);
  s.role = 'candidate';
  s.leaderId = null;
  s.promises.clear();
  s.snapshotOffered = null;
  raisePromise(s, ctx, s.ballot);
  ctx.log('became-candidate', { ballot: s.ballot });
  const fromSlot = s.chosenUpTo + 1;
  s.promises.set(s.id, votesFrom(s, fromSlot));
  for (const peer of s.peers) ctx.send(peer, { type: 'prepare', ballot: s.ballot, fromSlot });
  resetElectionTimer(s, ctx);
}

/** Phase 1 succeeded: take over every open slot, then serve clients. */
export function becomeLeader(s: MultiPaxosState, ctx: Ctx): void {
  if (s.role !== 'candidate') throw new Error(`multi-paxos ${s.id}: becomeLeader from ${s.role}, not candidate`);
  if (s.promises.size < s.quorum) {
    throw new Error(`multi-paxos ${s.id}: becomeLeader with ${s.promises.size} promises, quorum is ${s.quorum}`);
  }
  if (s.promised !== s.ballot) throw new Error(`multi-paxos ${s.id}: leading ballot ${s.ballot} but promised ${s.promised}`);
  s.role = 'leader';
  s.leaderId = s.id;
  stopElectionTimer(s, ctx);
  s.open.clear();
  s.nextSlot = s.chosenUpTo + 1;
  ctx.log('became-leader', { ballot: s.ballot });
  // Takeover (the no-slot-recovery bug skips it and starts at its own chosen prefix).
  if (!s.flags.noSlotRecovery) recoverSlots(s, ctx);
  s.takeoverUpTo = s.nextSlot - 1;
  s.promises.clear();
  s.snapshotOffered = null;
  s.round = 0;
  s.quorumRound = 0;
  s.roundsReached.fill(0);
  s.catchUpSentUpTo.fill(0);
  s.roundSentAtUs.clear();
  s.quorumAckedAtUs = Number.NEGATIVE_INFINITY; // a lease is earned anew in each ballot
  startRound(s, ctx, 'all');
  startHeartbeatTimer(s, ctx);
}

/**
 * What a promise reports for slots >= fromSlot: the values this server knows are chosen
 * (up to its chosen prefix, so a new leader that lags behind learns them rather than
 * proposing them again), then its votes in the slots above.
 */
export function votesFrom(s: MultiPaxosState, fromSlot: number): AcceptedSlot[] {
  const votes: AcceptedSlot[] = [];
  for (let slot = Math.max(fromSlot, compactedUpTo(s) + 1); slot <= s.chosenUpTo; slot++) {
    votes.push({ slot, ballot: s.accepted.get(slot)?.ballot ?? 0, value: s.chosen.get(slot)!, chosen: true });
  }
  for (let slot = Math.max(fromSlot, s.chosenUpTo + 1); slot <= s.highestVotedSlot; slot++) {
    const vote = s.accepted.get(slot);
    if (vote !== undefined) votes.push(vote);
  }
  return votes;
}

/** Leaving leadership: pending clients are told to retry elsewhere (sessions dedup the retry). */
function stepDownAsLeader(s: MultiPaxosState, ctx: Ctx, newLeader: NodeId | null): void {
  stopHeartbeatTimer(s, ctx);
  for (const proposal of s.proposals.values()) ctx.send(proposal.from, redirectReply(proposal.command, newLeader));
  for (const read of s.reads) ctx.send(read.from, redirectReply(read.command, newLeader));
  s.reads = [];
  s.proposals.clear();
  s.proposalsByClient.clear();
  s.open.clear();
}
