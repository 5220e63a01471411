// The acceptor's side of both phases, and of heartbeats. An acceptor promises any ballot at
// least as high as its promise (equal too, so a duplicated prepare gets the same answer),
// votes in any ballot at least as high, and refuses the rest, naming its promise so the
// proposer learns it was preempted. A leader or candidate that hears of a higher ballot
// than its own steps down. Hearing from the leader of the promised ballot resets the
// election timer and teaches the learner which slots are chosen.
import type { Context, NodeId } from '../../sim/types.js';
import { resetElectionTimer } from '../raft/timers.js';
import { acceptVote, raisePromise } from './durable.js';
import { learnFromLeader } from './learner.js';
import type { Accept, Heartbeat, MultiPaxosMessage, Prepare } from './messages.js';
import { becomeFollower, votesFrom } from './roles.js';
import type { MultiPaxosState } from './state.js';

type Ctx = Context<MultiPaxosMessage>;

export function handlePrepare(s: MultiPaxosState, ctx: Ctx, from: NodeId, msg: Prepare): void {
  if (inLeaseGuard(s, ctx, from)) return; // a leader we heard from recently may still answer reads alone
  if (msg.ballot < s.promised) {
    ctx.send(from, { type: 'promise', ballot: msg.ballot, ok: false, promised: s.promised, accepted: [] });
    return;
  }
  yieldTo(s, ctx, msg.ballot, null);
  raisePromise(s, ctx, msg.ballot);
  resetElectionTimer(s, ctx); // give the candidate time to finish phase 1
  const reply = { type: 'promise', ballot: msg.ballot, ok: true, promised: s.promised, accepted: votesFrom(s, msg.fromSlot) } as const;
  ctx.send(from, s.snapshot !== null && msg.fromSlot <= s.snapshot.upTo ? { ...reply, snapshot: s.snapshot } : reply);
}

export function handleAccept(s: MultiPaxosState, ctx: Ctx, from: NodeId, msg: Accept): void {
  if (msg.ballot < s.promised) {
    ctx.send(from, refusal(s, 'accepted', msg.ballot, msg.slot));
    return;
  }
  followLeader(s, ctx, from, msg.ballot);
  acceptVote(s, ctx, msg.ballot, msg.slot, msg.value);
  learnFromLeader(s, ctx, msg.ballot, msg.chosenUpTo);
  ctx.send(from, {
    type: 'accepted',
    ballot: msg.ballot,
    slot: msg.slot,
    ok: true,
    promised: s.promised,
    learnedUpTo: s.chosenUpTo,
    announcedUpTo: msg.chosenUpTo,
  });
}

export function handleHeartbeat(s: MultiPaxosState, ctx: Ctx, from: NodeId, msg: Heartbeat): void {
  if (msg.ballot < s.promised) {
    ctx.send(from, refusal(s, 'heartbeat-reply', msg.ballot, msg.round));
    return;
  }
  followLeader(s, ctx, from, msg.ballot);
  learnFromLeader(s, ctx, msg.ballot, msg.chosenUpTo);
  ctx.send(from, {
    type: 'heartbeat-reply',
    ballot: msg.ballot,
    ok: true,
    promised: s.promised,
    learnedUpTo: s.chosenUpTo,
    announcedUpTo: msg.chosenUpTo,
    round: msg.round,
  });
}

/** A message from the leader of `ballot` (>= our promise): follow it. */
function followLeader(s: MultiPaxosState, ctx: Ctx, leader: NodeId, ballot: number): void {
  yieldTo(s, ctx, ballot, leader);
  if (s.role === 'follower') {
    s.leaderId = leader;
    s.leaderContactUs = ctx.now();
    resetElectionTimer(s, ctx);
  }
}

/**
 * Lease reads: promise no other proposer while the leader we heard from less than a
 * minimum election timeout ago (or we ourselves, leading) may still be answering reads
 * from its lease. The proposer hears nothing and retries after its own timeout.
 */
function inLeaseGuard(s: MultiPaxosState, ctx: Ctx, from: NodeId): boolean {
  if (!s.leaseReads) return false;
  if (s.role === 'leader') return true;
  return from !== s.leaderId && ctx.now() - s.leaderContactUs < s.config.electionTimeout.minUs;
}

/** A candidate or leader of a lower ballot steps down before a higher one. */
function yieldTo(s: MultiPaxosState, ctx: Ctx, ballot: number, leader: NodeId | null): void {
  if (s.role !== 'follower' && ballot > s.ballot) becomeFollower(s, ctx, leader, ballot);
}

/** A refusal naming our promise; `n` is the accept's slot or the heartbeat's round. */
function refusal(s: MultiPaxosState, type: 'accepted' | 'heartbeat-reply', ballot: number, n: number): MultiPaxosMessage {
  const common = { ballot, ok: false, promised: s.promised, learnedUpTo: s.chosenUpTo, announcedUpTo: 0 } as const;
  return type === 'accepted' ? { type, slot: n, ...common } : { type, round: n, ...common };
}
