// The learner, per instance. Every acceptor tells every learner what it accepted; a value is
// decided once a quorum of acceptors accepted it in the same ballot. (Acceptances of one
// value in different ballots do not add up: a value accepted by a minority in ballot 3 and
// another minority in ballot 5 may never have been chosen, and a different value may be.)
import type { Context, NodeId } from '../../sim/types.js';
import type { Accepted, PaxosMessage, Value } from './messages.js';
import { becomeDecided } from './roles.js';
import type { Instance, PaxosState } from './state.js';
import { saveDecided } from './storage.js';

type Ctx = Context<PaxosMessage>;

export function handleAccepted(s: PaxosState, ctx: Ctx, from: NodeId, msg: Accepted): void {
  const inst = s.instance(msg.key);
  const l = inst.learner;
  if (l.decided !== null) return;
  // The tally: one ballot's acceptances of one value (learner-across-ballots pools the ballots).
  const tally = s.flags.learnerAcrossBallots ? `*/${msg.value}` : `${msg.ballot}/${msg.value}`;
  let voters = l.tallies.get(tally);
  if (voters === undefined) l.tallies.set(tally, (voters = new Set()));
  voters.add(from);
  if (voters.size >= s.quorum) decide(s, ctx, inst, msg.value);
}

export function decide(s: PaxosState, ctx: Ctx, inst: Instance, value: Value): void {
  inst.learner.decided = value;
  inst.learner.tallies.clear();
  saveDecided(ctx.disk, inst.key, value);
  ctx.log('learn', { slot: inst.key, digest: String(value) });
  becomeDecided(s, ctx, inst);
}
