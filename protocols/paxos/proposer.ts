// The proposer, per instance: a client's request starts it; promises and refusals move it
// through the phases (roles.ts); its timers retry. Once the learner on this server learns
// the decision, every waiting client gets it.
import type { Context, NodeId } from '../../sim/types.js';
import type { PaxosMessage, PromiseReply, ProposeRequest, Rejected } from './messages.js';
import { becomeAccepting, becomeBackingOff, becomePreparing } from './roles.js';
import type { PaxosState } from './state.js';

type Ctx = Context<PaxosMessage>;

export function handleProposeRequest(s: PaxosState, ctx: Ctx, from: NodeId, msg: ProposeRequest): void {
  const inst = s.instance(msg.key);
  const decided = inst.learner.decided;
  if (decided !== null) {
    ctx.send(from, { type: 'propose-reply', key: msg.key, decided });
    return;
  }
  const p = inst.proposer;
  p.waiting.add(from);
  if (p.phase !== 'idle') return; // already proposing: this client waits for the same decision
  p.own = msg.value;
  ctx.log('propose', { slot: msg.key, digest: String(msg.value) });
  becomePreparing(s, ctx, inst);
}

export function handlePromise(s: PaxosState, ctx: Ctx, from: NodeId, msg: PromiseReply): void {
  const inst = s.instance(msg.key);
  const p = inst.proposer;
  if (p.phase !== 'preparing' || msg.ballot !== p.ballot) return;
  if (!msg.ok) {
    if (msg.promised > p.ballot) becomeBackingOff(s, ctx, inst, msg.promised);
    return;
  }
  p.promises.set(from, { ballot: msg.acceptedBallot, value: msg.acceptedValue });
  if (p.promises.size >= s.quorum) becomeAccepting(s, ctx, inst);
}

export function handleRejected(s: PaxosState, ctx: Ctx, _from: NodeId, msg: Rejected): void {
  const inst = s.instance(msg.key);
  const p = inst.proposer;
  if (p.phase === 'accepting' && msg.ballot === p.ballot && msg.promised > p.ballot) {
    becomeBackingOff(s, ctx, inst, msg.promised);
  }
}

/** A proposer timer: the round timed out (back off), or the backoff ran out (a new ballot). */
export function onProposerTimer(s: PaxosState, ctx: Ctx, key: string, backoff: boolean): void {
  const inst = s.instances.get(key);
  if (inst === undefined) return;
  const p = inst.proposer;
  p.timerId = null;
  if (backoff && p.phase === 'backing-off') becomePreparing(s, ctx, inst);
  else if (!backoff && (p.phase === 'preparing' || p.phase === 'accepting')) becomeBackingOff(s, ctx, inst, null);
}
