// The leader's phase 2: propose a value in a slot (vote for it ourselves, ask every peer),
// count the votes of our ballot until a quorum has it (the value is then chosen), re-send
// accepts nobody answered, send heartbeats that carry the chosen prefix, and send chosen
// values to learners that report a shorter prefix than ours.
import type { Context, NodeId } from '../../sim/types.js';
import { startHeartbeatTimer } from '../raft/timers.js';
import { acceptVote } from './durable.js';
import { learnChosen } from './learner.js';
import { ackRound, startRound } from './reads.js';
import { digestOf, type Accepted, type HeartbeatReply, type MultiPaxosMessage, type SlotValue } from './messages.js';
import { becomeFollower } from './roles.js';
import type { MultiPaxosState } from './state.js';

type Ctx = Context<MultiPaxosMessage>;

/** Propose `value` in `slot` in our ballot: vote for it ourselves, then ask every peer. */
export function proposeSlot(s: MultiPaxosState, ctx: Ctx, slot: number, value: SlotValue): void {
  if (s.role !== 'leader') throw new Error(`multi-paxos ${s.id}: proposing slot ${slot} as ${s.role}`);
  if (s.chosen.has(slot)) throw new Error(`multi-paxos ${s.id}: proposing slot ${slot}, already chosen here`);
  const voted = s.servers.map(() => false);
  voted[s.index] = true;
  const open = { value, voted, votes: 1, sentAtUs: ctx.now() };
  s.open.set(slot, open);
  acceptVote(s, ctx, s.ballot, slot, value);
  ctx.log('propose', { index: slot, ballot: s.ballot, digest: digestOf(value) });
  const accept = { type: 'accept', ballot: s.ballot, slot, value, chosenUpTo: s.chosenUpTo } as const;
  for (const peer of s.peers) ctx.send(peer, accept);
  s.lastAcceptsSentUs = open.sentAtUs;
  if (open.votes >= s.quorum) choose(s, ctx, slot);
}

export function handleAccepted(s: MultiPaxosState, ctx: Ctx, from: NodeId, msg: Accepted): void {
  if (!msg.ok) {
    if (s.role === 'leader' && msg.promised > s.ballot) becomeFollower(s, ctx, null, msg.promised);
    return;
  }
  if (s.role !== 'leader' || msg.ballot !== s.ballot) return;
  const peer = serverIndex(s, from);
  const open = s.open.get(msg.slot);
  if (open !== undefined && !open.voted[peer]) {
    open.voted[peer] = true;
    open.votes++;
    if (open.votes >= s.quorum) choose(s, ctx, msg.slot);
  }
  catchUp(s, ctx, peer, msg.learnedUpTo, msg.announcedUpTo);
}

/** A server's place in `servers` (replies only come from servers). */
function serverIndex(s: MultiPaxosState, from: NodeId): number {
  const peer = s.servers.indexOf(from);
  if (peer < 0) throw new Error(`multi-paxos ${s.id}: a reply from ${from}, not a server`);
  return peer;
}

/** A quorum voted for the slot's value in our ballot: it is chosen. */
function choose(s: MultiPaxosState, ctx: Ctx, slot: number): void {
  const open = s.open.get(slot)!;
  s.open.delete(slot);
  const before = s.chosenUpTo;
  learnChosen(s, ctx, slot, open.value);
  if (s.chosenUpTo > before) ctx.log('commit', { index: s.chosenUpTo, ballot: s.ballot });
}

/**
 * The heartbeat timer: a round to every follower when one is due (heartbeatWaitUs);
 * otherwise wait for the rest of the interval. Either way, re-send accepts unanswered for
 * a heartbeat.
 */
export function onHeartbeatTimer(s: MultiPaxosState, ctx: Ctx): void {
  if (s.role !== 'leader') return;
  const nowUs = ctx.now();
  const waitUs = heartbeatWaitUs(s, nowUs);
  if (waitUs === 0) startRound(s, ctx, 'all');
  resendUnanswered(s, ctx, nowUs);
  startHeartbeatTimer(s, ctx, waitUs === 0 ? s.config.heartbeat : waitUs);
}

/**
 * How long until a round to every follower is due (0: now). One is due a heartbeat after
 * the last message that went to every follower: a round to all (a ReadIndex read's round
 * goes to a quorum only: reads.ts), or an accept. An accept says all a heartbeat says (our
 * ballot, the chosen prefix) and its reply reports the follower's learned prefix for
 * catch-up, so while commands flow no heartbeat is sent, as in most Multi-Paxos
 * implementations (Raft's heartbeats are empty AppendEntries: the same idea in reverse).
 * Lease reads count rounds only: a lease is renewed by rounds alone. One is also due a
 * heartbeat after a round that a quorum has not acked yet (a follower a read's round went
 * to may be down): it goes to all, and its acks serve the reads waiting.
 */
function heartbeatWaitUs(s: MultiPaxosState, nowUs: number): number {
  const intervalUs = s.config.heartbeat;
  const lastToAllUs = s.leaseReads ? s.lastFullRoundUs : Math.max(s.lastFullRoundUs, s.lastAcceptsSentUs);
  // (A clock stepped back, before the last send: heartbeat now rather than late.)
  if (nowUs < lastToAllUs || nowUs < s.lastRoundStartUs) return 0;
  let waitUs = intervalUs - (nowUs - lastToAllUs);
  if (s.quorumRound < s.round) waitUs = Math.min(waitUs, intervalUs - (nowUs - s.lastRoundStartUs));
  return Math.max(0, waitUs);
}

/** Re-send the accepts of open slots some peer has not answered for a heartbeat (a bounded batch). */
function resendUnanswered(s: MultiPaxosState, ctx: Ctx, nowUs: number): void {
  let resent = 0;
  for (const [slot, open] of s.open) {
    if (resent >= s.config.resendSlotsMax) break;
    if (nowUs - open.sentAtUs < s.config.heartbeat) continue;
    open.sentAtUs = nowUs;
    resent++;
    ctx.log('resend', { index: slot, ballot: s.ballot });
    const accept = { type: 'accept', ballot: s.ballot, slot, value: open.value, chosenUpTo: s.chosenUpTo } as const;
    for (let peer = 0; peer < s.servers.length; peer++) if (!open.voted[peer]) ctx.send(s.servers[peer]!, accept);
  }
}

export function handleHeartbeatReply(s: MultiPaxosState, ctx: Ctx, from: NodeId, msg: HeartbeatReply): void {
  if (!msg.ok) {
    if (s.role === 'leader' && msg.promised > s.ballot) becomeFollower(s, ctx, null, msg.promised);
    return;
  }
  if (s.role !== 'leader' || msg.ballot !== s.ballot) return;
  const peer = serverIndex(s, from);
  ackRound(s, ctx, peer, msg.round);
  catchUp(s, ctx, peer, msg.learnedUpTo, msg.announcedUpTo);
}

/**
 * A follower answered a heartbeat or an accept that announced `announcedUpTo` as chosen,
 * and has learned up to `learnedUpTo`. If it learned less, it could not learn those
 * slots from its own votes (it missed them, or voted in an older ballot): send the chosen
 * values themselves, a bounded batch per reply (or the snapshot, if they are compacted).
 * Slots chosen after the announcement it will learn from the next accept or heartbeat.
 */
function catchUp(s: MultiPaxosState, ctx: Ctx, peer: number, learnedUpTo: number, announcedUpTo: number): void {
  if (learnedUpTo >= Math.min(announcedUpTo, s.chosenUpTo)) return;
  if (catchUpInFlight(s, peer, learnedUpTo, ctx.now())) return;
  const from = s.servers[peer]!;
  s.catchUpSentAtUs[peer] = ctx.now();
  if (s.snapshot !== null && learnedUpTo < s.snapshot.upTo) {
    s.catchUpSentUpTo[peer] = s.snapshot.upTo;
    ctx.send(from, { type: 'install-snapshot', ballot: s.ballot, snapshot: s.snapshot });
    return;
  }
  const fromSlot = learnedUpTo + 1;
  const toSlot = Math.min(s.chosenUpTo, learnedUpTo + s.config.catchUpSlotsMax);
  const values: SlotValue[] = [];
  for (let slot = fromSlot; slot <= toSlot; slot++) values.push(s.chosen.get(slot)!);
  s.catchUpSentUpTo[peer] = toSlot;
  ctx.send(from, { type: 'chosen', ballot: s.ballot, fromSlot, values });
}

/**
 * Replies to the accepts in flight all report the same lag: the catch-up sent less than a
 * heartbeat ago, beyond what the follower reports, is still on its way (or lost: then the
 * next one goes a heartbeat later). One batch at a time per follower.
 */
function catchUpInFlight(s: MultiPaxosState, peer: number, learnedUpTo: number, nowUs: number): boolean {
  const ageUs = nowUs - s.catchUpSentAtUs[peer]!;
  return learnedUpTo < s.catchUpSentUpTo[peer]! && ageUs >= 0 && ageUs < s.config.heartbeat;
}
