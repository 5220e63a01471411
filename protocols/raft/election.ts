// Leader election (paper 5.2, 5.4.1) with optional pre-vote (dissertation 9.6). A follower
// whose election timer expires campaigns: with preVote it first asks whether it could win
// (nobody changes term or vote), and only with a quorum of yeses raises its term and asks
// for real votes. A vote goes to at most one candidate per term, and only to one whose log
// is at least as up-to-date as the voter's.
import type { Context, NodeId } from '../../sim/types.js';
import { setTermAndVote } from './durable.js';
import { isUpToDate } from './log-matching.js';
import type { RaftMessage, RequestVote, RequestVoteReply } from './messages.js';
import { broadcastAppend, maybeCommit } from './replication.js';
import { becomeCandidate, becomeLeader, becomePreCandidate } from './roles.js';
import { openRound } from './rounds.js';
import type { RaftState } from './state.js';
import { resetElectionTimer } from './timers.js';
import { logRaft } from './events.js';

type Ctx = Context<RaftMessage>;

export function onElectionTimeout(s: RaftState, ctx: Ctx): void {
  if (s.role === 'leader') return;
  if (s.config.preVote) startPreVote(s, ctx);
  else startElection(s, ctx);
}

function startPreVote(s: RaftState, ctx: Ctx): void {
  becomePreCandidate(s, ctx);
  requestVotes(s, ctx, s.term + 1, true);
  if (s.votes.size >= s.quorum) startElection(s, ctx);
}

function startElection(s: RaftState, ctx: Ctx): void {
  becomeCandidate(s, ctx);
  requestVotes(s, ctx, s.term, false);
  if (s.votes.size >= s.quorum) winElection(s, ctx);
}

function requestVotes(s: RaftState, ctx: Ctx, term: number, preVote: boolean): void {
  const msg: RequestVote = {
    type: 'request-vote',
    term,
    lastLogIndex: s.log.lastIndex,
    lastLogTerm: s.log.lastTerm,
    preVote,
  };
  for (const peer of s.peers) ctx.send(peer, msg);
}

function winElection(s: RaftState, ctx: Ctx): void {
  becomeLeader(s, ctx);
  openRound(s, ctx);
  broadcastAppend(s, ctx, true);
  maybeCommit(s, ctx);
}

/**
 * A vote or pre-vote request. The node's step has already refused requests inside the vote
 * guard and moved to a newer term for a real vote.
 */
export function handleRequestVote(s: RaftState, ctx: Ctx, from: NodeId, msg: RequestVote): void {
  const upToDate =
    s.flags.noUpToDateCheck || isUpToDate(msg.lastLogTerm, msg.lastLogIndex, s.log.lastTerm, s.log.lastIndex);
  if (msg.preVote) {
    const granted = msg.term > s.term && upToDate;
    ctx.send(from, voteReply(granted ? msg.term : s.term, granted, true));
    return;
  }
  if (msg.term < s.term) {
    ctx.send(from, voteReply(s.term, false, false));
    return;
  }
  const canVote = s.votedFor === from || (s.votedFor === null && s.leaderId === null);
  const granted = canVote && upToDate;
  if (granted) {
    setTermAndVote(s, ctx, s.term, from);
    resetElectionTimer(s, ctx);
    logRaft(ctx, 'vote', { term: s.term, for: from });
  }
  ctx.send(from, voteReply(s.term, granted, false));
}

function voteReply(term: number, granted: boolean, preVote: boolean): RequestVoteReply {
  return { type: 'request-vote-reply', term, granted, preVote };
}

export function handleRequestVoteReply(s: RaftState, ctx: Ctx, from: NodeId, msg: RequestVoteReply): void {
  if (!msg.granted) return;
  if (msg.preVote) {
    if (s.role !== 'precandidate' || msg.term !== s.term + 1) return;
    s.votes.add(from);
    if (s.votes.size >= s.quorum) startElection(s, ctx);
    return;
  }
  if (s.role !== 'candidate' || msg.term !== s.term) return;
  s.votes.add(from);
  if (s.votes.size >= s.quorum) winElection(s, ctx);
}
