// The one place a server changes role. Each becomeX asserts the transition is legal, resets
// what the new role must not inherit, and logs the change:
//   follower     -> precandidate | candidate | follower (newer term)
//   precandidate -> candidate | follower | precandidate (a new pre-vote round)
//   candidate    -> leader | follower | candidate | precandidate (a new election)
//   leader       -> follower
import type { Context, NodeId } from '../../sim/types.js';
import { redirectReply } from '../kv/messages.js';
import { appendEntry, setTermAndVote } from './durable.js';
import type { RaftMessage } from './messages.js';
import type { RaftState } from './state.js';
import { resetElectionTimer, startHeartbeatTimer, stopElectionTimer, stopHeartbeatTimer } from './timers.js';
import { logRaft } from './events.js';

type Ctx = Context<RaftMessage>;

/**
 * Follow `leader` (null when unknown) in `term` >= the current term. The election timer
 * keeps its deadline (a leader, which had none, gets one): Figure 2 restarts it only on
 * AppendEntries from the current leader (acceptLeader) and on granting a vote. Were a
 * newer term enough, a candidate whose requests are all refused, campaigning faster than
 * the others time out, would hold everyone back from campaigning forever.
 */
export function becomeFollower(s: RaftState, ctx: Ctx, term: number, leader: NodeId | null): void {
  if (term < s.term) throw new Error(`raft ${s.id}: becomeFollower(term ${term}) below current term ${s.term}`);
  const was = s.role;
  const termChanged = term > s.term;
  if (termChanged) setTermAndVote(s, ctx, term, null);
  if (was === 'leader') stepDownAsLeader(s, ctx, leader);
  s.role = 'follower';
  s.leaderId = leader;
  s.votes.clear();
  if (was !== 'follower' || termChanged) logRaft(ctx, 'became-follower', { term, leader });
  // The timer-reset-on-refused-vote bug: every step down or newer term restarts the timer.
  if (s.electionTimerId === null || s.flags.timerResetOnRefusedVote) resetElectionTimer(s, ctx);
}

/** Start a pre-vote round: ask for votes for term + 1 without raising our own term. */
export function becomePreCandidate(s: RaftState, ctx: Ctx): void {
  if (s.role === 'leader') throw new Error(`raft ${s.id}: a leader can not become a pre-candidate`);
  s.role = 'precandidate';
  s.leaderId = null;
  s.votes.clear();
  s.votes.add(s.id);
  logRaft(ctx, 'became-precandidate', { term: s.term });
  resetElectionTimer(s, ctx);
}

/** Start an election: raise the term and vote for ourselves (persisted before any RequestVote leaves). */
export function becomeCandidate(s: RaftState, ctx: Ctx): void {
  if (s.role === 'leader') throw new Error(`raft ${s.id}: a leader can not become a candidate`);
  setTermAndVote(s, ctx, s.term + 1, s.id);
  s.role = 'candidate';
  s.leaderId = null;
  s.votes.clear();
  s.votes.add(s.id);
  logRaft(ctx, 'became-candidate', { term: s.term });
  resetElectionTimer(s, ctx);
}

/** Won the election: take over replication and append a no-op of the new term. */
export function becomeLeader(s: RaftState, ctx: Ctx): void {
  if (s.role !== 'candidate') throw new Error(`raft ${s.id}: becomeLeader from ${s.role}, not candidate`);
  if (s.votes.size < s.quorum) {
    throw new Error(`raft ${s.id}: becomeLeader with ${s.votes.size} votes, quorum is ${s.quorum}`);
  }
  s.role = 'leader';
  s.leaderId = s.id;
  stopElectionTimer(s, ctx);
  const nowUs = ctx.now();
  s.leaderSinceUs = nowUs;
  s.progress.clear();
  for (const peer of s.peers) {
    s.progress.set(peer, {
      match: 0,
      next: s.log.lastIndex + 1,
      mode: 'probe',
      probeSent: false,
      snapshotSentAtUs: 0,
      ackedRound: 0,
    });
  }
  s.quorumRound = s.round;
  s.quorumAckedAtUs = Number.NEGATIVE_INFINITY;
  s.roundSentAtUs.clear();
  s.lastRoundStartUs = Number.NEGATIVE_INFINITY;
  logRaft(ctx, 'became-leader', { term: s.term });
  // Committing this no-op commits everything before it (entries of earlier terms are never
  // committed by counting). The figure8-commit bug leaves it out, as the paper's figure does.
  if (!s.flags.figure8Commit) appendEntry(s, ctx, { term: s.term, command: null });
  startHeartbeatTimer(s, ctx);
}

/** Leaving leadership: pending clients are told to retry elsewhere (sessions dedup the retry). */
function stepDownAsLeader(s: RaftState, ctx: Ctx, newLeader: NodeId | null): void {
  stopHeartbeatTimer(s, ctx);
  for (const proposal of s.proposals.values()) ctx.send(proposal.from, redirectReply(proposal.command, newLeader));
  for (const read of s.reads) ctx.send(read.from, redirectReply(read.command, newLeader));
  for (const read of s.readsAwaitingTermCommit) ctx.send(read.from, redirectReply(read.command, newLeader));
  s.proposals.clear();
  s.proposalsByClient.clear();
  s.reads = [];
  s.readsAwaitingTermCommit = [];
  s.progress.clear();
  s.roundSentAtUs.clear();
}
