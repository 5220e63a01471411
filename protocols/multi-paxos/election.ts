// Phase 1 as the candidate sees it: promises for our ballot are collected (with the votes
// they report) until a quorum has promised; a refusal naming a higher ballot ends the
// campaign: the ballot is abandoned and the candidate waits a fresh random election timeout
// (the backoff that keeps duelling proposers from preempting each other forever).
import type { Context, NodeId } from '../../sim/types.js';
import type { MultiPaxosMessage, PromiseReply } from './messages.js';
import { becomeCandidate, becomeFollower, becomeLeader } from './roles.js';
import type { MultiPaxosState } from './state.js';

type Ctx = Context<MultiPaxosMessage>;

export function handlePromise(s: MultiPaxosState, ctx: Ctx, from: NodeId, msg: PromiseReply): void {
  if (s.role !== 'candidate' || msg.ballot !== s.ballot) return;
  if (!msg.ok) {
    if (msg.promised > s.ballot) becomeFollower(s, ctx, null, msg.promised);
    return;
  }
  s.promises.set(from, msg.accepted);
  const snapshot = msg.snapshot;
  if (snapshot !== undefined && (s.snapshotOffered === null || snapshot.upTo > s.snapshotOffered.upTo)) s.snapshotOffered = snapshot;
  if (s.promises.size >= s.quorum) becomeLeader(s, ctx);
}

/** The election timer expired: a follower campaigns, a candidate whose phase 1 stalled tries a higher ballot. */
export function onElectionTimeout(s: MultiPaxosState, ctx: Ctx): void {
  if (s.role !== 'leader') becomeCandidate(s, ctx);
}
