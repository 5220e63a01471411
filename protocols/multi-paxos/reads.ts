// Linearizable gets without a slot (reads: readindex), as Raft's ReadIndex. A get that
// arrives at the leader takes as its read slot the last slot the leader has proposed, and
// starts a heartbeat round (sent to a quorum only: startRound). Once a quorum has echoed
// that round in the leader's ballot, no higher ballot had been promised by that quorum
// when the round started, so no other leader had chosen anything the read must see; once
// every slot up to the read slot is applied, the leader answers from its replica.
//
// Lease reads (reads: lease), as Raft's: once a quorum has echoed a round sent at local
// time t, every acceptor of that quorum promises no other proposer until a minimum
// election timeout T has passed on its clock since it heard us (acceptor.ts), so no other
// leader can choose anything before t + T x (1 - rho) / (1 + rho) on our clock (the drift
// bound: raft/config.ts, leaseDurationUs). Until then a get is answered at once, with no
// round, once every slot up to the takeover is applied: a write acknowledged to a client
// was chosen either in an earlier ballot (so at or below the takeover slot) or in ours,
// and then it is applied, since outcomes are sent as slots are applied in order. (As
// Raft's lease reads wait for an entry of the leader's own term to commit.)
import type { Context, NodeId } from '../../sim/types.js';
import type { KvCommand } from '../kv/commands.js';
import { outcomeReply } from '../kv/messages.js';
import { quorumValueAbove } from '../raft/quorum.js';
import { leaseValid, quorumAckedAt } from '../raft/rounds.js';
import type { MultiPaxosMessage } from './messages.js';
import type { MultiPaxosState } from './state.js';

type Ctx = Context<MultiPaxosMessage>;

export function handleRead(s: MultiPaxosState, ctx: Ctx, from: NodeId, command: KvCommand): void {
  if (s.role !== 'leader') throw new Error(`multi-paxos ${s.id}: handleRead as ${s.role}`);
  const readSlot = s.nextSlot - 1;
  const nowUs = ctx.now();
  if (s.leaseReads && s.takeoverUpTo <= s.chosenUpTo && leaseValid(s, nowUs)) {
    ctx.log('lease-read', { ballot: s.ballot, leaseLeftUs: s.quorumAckedAtUs + s.leaseDurationUs - nowUs });
    ctx.send(from, outcomeReply(command, { type: 'ok', value: s.kv.read(command.key) }));
    return;
  }
  s.reads.push({ from, command, readSlot, round: startRound(s, ctx, 'quorum') });
}

/**
 * Start a heartbeat round (we lead; this is what is chosen). `all`: to every follower
 * (the heartbeat timer, a takeover). `quorum`, a read's round: only to the quorum - 1
 * followers that acked the latest rounds, whose echoes are all a quorum needs ("thrifty",
 * as EPaxos calls it): half the messages of a round in a five-server cluster, for a read
 * latency that is the slower of two round trips instead of the second fastest of four.
 * The others hear from us through accepts and the heartbeat timer, which also sends a
 * round to all when one has gone unacked for a heartbeat (a follower it went to may be
 * down; replication.ts).
 */
export function startRound(s: MultiPaxosState, ctx: Ctx, to: 'all' | 'quorum'): number {
  s.round += 1;
  const nowUs = ctx.now();
  s.lastRoundStartUs = nowUs;
  const heartbeat = { type: 'heartbeat', ballot: s.ballot, chosenUpTo: s.chosenUpTo, round: s.round } as const;
  if (to === 'all') {
    s.lastFullRoundUs = nowUs;
    for (const peer of s.peers) ctx.send(peer, heartbeat);
  } else {
    const order = followersByRoundReached(s);
    for (let k = 0; k < s.quorum - 1; k++) ctx.send(s.servers[order[k]!]!, heartbeat);
  }
  if (s.leaseReads) s.roundSentAtUs.set(s.round, nowUs);
  updateQuorumRound(s);
  return s.round;
}

/** The followers' places in `servers`, those that acked the latest round first (ties in server order). */
function followersByRoundReached(s: MultiPaxosState): readonly number[] {
  const order = s.followerOrder;
  let n = 0;
  for (let i = 0; i < s.servers.length; i++) if (i !== s.index) order[n++] = i;
  for (let k = 1; k < order.length; k++) {
    const index = order[k]!;
    let j = k - 1;
    for (; j >= 0 && s.roundsReached[order[j]!]! < s.roundsReached[index]!; j--) order[j + 1] = order[j]!;
    order[j + 1] = index;
  }
  return order;
}

/** A follower (by place in `servers`) echoed `round` in our ballot. */
export function ackRound(s: MultiPaxosState, ctx: Ctx, peer: number, round: number): void {
  if (round <= s.roundsReached[peer]!) return;
  s.roundsReached[peer] = Math.min(round, s.round);
  if (updateQuorumRound(s)) serveReads(s, ctx);
}

/**
 * Raise `quorumRound` to the highest round a quorum has reached (this leader is at
 * `round`); true when it rose. This runs per heartbeat reply, so the rounds live in one
 * array updated in place: building [round, ...acks] from a Map per call cost about
 * 200ns, 2.5% of the bench run.
 */
function updateQuorumRound(s: MultiPaxosState): boolean {
  s.roundsReached[s.index] = s.round;
  const quorumRound = quorumValueAbove(s.roundsReached, s.quorumRound);
  if (quorumRound <= s.quorumRound) return false;
  s.quorumRound = quorumRound;
  if (s.leaseReads) s.quorumAckedAtUs = quorumAckedAt(s.roundSentAtUs, quorumRound, s.quorumAckedAtUs);
  return true;
}

/** Answer the reads whose round a quorum acked and whose read slot is applied, in order. */
export function serveReads(s: MultiPaxosState, ctx: Ctx): void {
  let served = 0;
  for (const read of s.reads) {
    if (read.round > s.quorumRound || read.readSlot > s.chosenUpTo) break;
    ctx.send(read.from, outcomeReply(read.command, { type: 'ok', value: s.kv.read(read.command.key) }));
    served++;
  }
  if (served > 0) s.reads = s.reads.slice(served);
}
