// Learning and applying. A slot's value is known chosen when the leader counted a quorum of
// votes in its ballot, when a follower voted in the leader's ballot for a slot the leader
// says is chosen (in one ballot the leader proposes one value per slot, so the vote is the
// chosen value), or when the leader sends the chosen value itself. Chosen slots are
// applied to the kv replica strictly in slot order; the leader answers the client.
import type { Context, NodeId } from '../../sim/types.js';
import { outcomeReply, redirectReply } from '../kv/messages.js';
import { noteChosenPrefix, recordChosen } from './durable.js';
import { serveReads } from './reads.js';
import { compactedUpTo, maybeSnapshot } from './snapshots.js';
import { digestOf, NOOP_DIGEST, type Chosen, type MultiPaxosMessage, type SlotValue } from './messages.js';
import type { MultiPaxosState } from './state.js';

type Ctx = Context<MultiPaxosMessage>;

/**
 * `value` is chosen in `slot`. A slot next in order is applied at once, and its 'apply'
 * event states the value (agreement and validity read it): one event per slot and server.
 * A slot learned ahead of the applied prefix logs 'learn' (it may never be applied here,
 * and the invariants must still see it), and so does a second, different value for a slot,
 * so that the agreement invariant can name it.
 */
export function learnChosen(s: MultiPaxosState, ctx: Ctx, slot: number, value: SlotValue): void {
  if (slot <= compactedUpTo(s)) return; // applied and compacted long ago
  const known = s.chosen.get(slot);
  if (known !== undefined) {
    if (known !== value && digestOf(known) !== digestOf(value)) ctx.log('learn', { slot, digest: digestOf(value) });
    return;
  }
  recordChosen(s, ctx, slot, value);
  if (slot !== s.chosenUpTo + 1) ctx.log('learn', { slot, digest: digestOf(value) });
  applyChosen(s, ctx, true);
}

/** Apply every chosen slot after the prefix, in order (quietly when replaying the disk at boot). */
export function applyChosen(s: MultiPaxosState, ctx: Ctx, log: boolean): void {
  const before = s.chosenUpTo;
  while (s.chosen.has(s.chosenUpTo + 1)) {
    const slot = s.chosenUpTo + 1;
    const value = s.chosen.get(slot)!;
    s.chosenUpTo = slot;
    if (value === null) {
      if (log) ctx.log('apply', { index: slot, digest: NOOP_DIGEST });
      continue;
    }
    const outcome = s.kv.apply(value);
    if (log) ctx.log('apply', { index: slot, digest: digestOf(value) });
    const proposal = s.role === 'leader' ? s.proposals.get(slot) : undefined;
    if (proposal === undefined) continue;
    s.proposals.delete(slot);
    if (s.proposalsByClient.get(proposal.command.client) === slot) s.proposalsByClient.delete(proposal.command.client);
    const same = proposal.command.client === value.client && proposal.command.seq === value.seq;
    ctx.send(proposal.from, same ? outcomeReply(value, outcome) : redirectReply(proposal.command, s.id));
  }
  if (log && s.chosenUpTo > before) {
    noteChosenPrefix(s, ctx);
    maybeSnapshot(s, ctx);
  }
  if (s.role === 'leader' && s.reads.length > 0) serveReads(s, ctx);
}

/** The leader of `ballot` says slots up to `upTo` are chosen: learn those we voted for in it. */
export function learnFromLeader(s: MultiPaxosState, ctx: Ctx, ballot: number, upTo: number): void {
  while (s.chosenUpTo < upTo) {
    const slot = s.chosenUpTo + 1;
    const vote = s.accepted.get(slot);
    if (vote !== undefined && vote.ballot === ballot) learnChosen(s, ctx, slot, vote.value);
    else return; // the leader will send it (catch-up)
  }
}

export function handleChosen(s: MultiPaxosState, ctx: Ctx, _from: NodeId, msg: Chosen): void {
  for (let i = 0; i < msg.values.length; i++) learnChosen(s, ctx, msg.fromSlot + i, msg.values[i]!);
}
