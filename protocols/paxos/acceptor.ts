// The acceptor, per instance. It promises any ballot at least as high as its promise (equal
// too, so a duplicated prepare gets the same answer; unique ballots make that safe) and
// reports its vote; it accepts any ballot at least as high, which promises that ballot as
// well, and tells every learner. Lower ballots are refused, naming the promise. Its state
// is written to disk before any reply that depends on it leaves (node.ts syncs; the
// kernel holds the reply until then).
import type { Context, NodeId } from '../../sim/types.js';
import type { Accept, PaxosMessage, Prepare } from './messages.js';
import type { Instance, PaxosState } from './state.js';
import { saveAcceptor } from './storage.js';

type Ctx = Context<PaxosMessage>;

export function handlePrepare(s: PaxosState, ctx: Ctx, from: NodeId, msg: Prepare): void {
  const inst = s.instance(msg.key);
  const a = inst.acceptor;
  if (msg.ballot < a.promised) {
    ctx.send(from, { type: 'promise', key: msg.key, ballot: msg.ballot, ok: false, promised: a.promised, acceptedBallot: 0, acceptedValue: null });
    return;
  }
  if (msg.ballot > a.promised) {
    a.promised = msg.ballot;
    persist(s, ctx, inst);
    ctx.log('promise', { slot: msg.key, ballot: msg.ballot });
  }
  ctx.send(from, {
    type: 'promise', key: msg.key, ballot: msg.ballot, ok: true, promised: a.promised,
    acceptedBallot: a.acceptedBallot, acceptedValue: a.acceptedValue,
  });
}

export function handleAccept(s: PaxosState, ctx: Ctx, from: NodeId, msg: Accept): void {
  const inst = s.instance(msg.key);
  const a = inst.acceptor;
  if (msg.ballot < a.promised) {
    ctx.send(from, { type: 'rejected', key: msg.key, ballot: msg.ballot, promised: a.promised });
    return;
  }
  // Accepting n promises n: no lower ballot may be accepted after this (accept-not-promise forgets).
  if (!s.flags.acceptNotPromise) a.promised = msg.ballot;
  a.acceptedBallot = msg.ballot;
  a.acceptedValue = msg.value;
  persist(s, ctx, inst);
  ctx.log('accept', { slot: msg.key, ballot: msg.ballot });
  const accepted = { type: 'accepted', key: msg.key, ballot: msg.ballot, value: msg.value } as const;
  for (const learner of ctx.servers) ctx.send(learner, accepted);
}

/** Write the acceptor's state to disk (acceptor-amnesia keeps it in memory only). */
function persist(s: PaxosState, ctx: Ctx, inst: Instance): void {
  if (!s.flags.acceptorAmnesia) saveAcceptor(ctx.disk, inst.key, inst.acceptor);
}
