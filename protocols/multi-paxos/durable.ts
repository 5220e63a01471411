// Every change to an acceptor's or learner's durable state goes through here, so memory and
// disk never disagree. Writes are buffered; node.ts syncs at the end of each handler, and
// the kernel holds the replies sent meanwhile until that sync: a promise or a vote is on
// disk before anyone hears of it. Acceptor state changes only upwards (asserted).
import type { Context } from '../../sim/types.js';
import type { AcceptedSlot, MultiPaxosMessage, SlotValue } from './messages.js';
import type { MultiPaxosState } from './state.js';
import { saveSlot, savePromised, saveVotesChosen } from './storage.js';

type Ctx = Context<MultiPaxosMessage>;

/** Does this acceptor write its promises and votes to disk? Not with the acceptor-amnesia bug. */
function acceptorIsDurable(s: MultiPaxosState): boolean {
  return !s.flags.acceptorAmnesia;
}

/** Raise this acceptor's promise to `ballot`: never to take part in a lower one. Logs 'promise' when it rises. */
export function raisePromise(s: MultiPaxosState, ctx: Ctx, ballot: number): void {
  if (ballot < s.promised) throw new Error(`multi-paxos ${s.id}: promise going back from ${s.promised} to ${ballot}`);
  if (ballot === s.promised) return;
  s.promised = ballot;
  if (acceptorIsDurable(s)) savePromised(ctx.disk, ballot);
  ctx.log('promise', { ballot });
}

/** Vote for `value` in `slot` at `ballot` (accepting a ballot promises it too). */
export function acceptVote(s: MultiPaxosState, ctx: Ctx, ballot: number, slot: number, value: SlotValue): void {
  raisePromise(s, ctx, ballot);
  const vote: AcceptedSlot = { slot, ballot, value };
  s.accepted.set(slot, vote);
  if (slot > s.highestVotedSlot) s.highestVotedSlot = slot;
  if (acceptorIsDurable(s)) saveSlot(ctx.disk, slot, { vote, chosen: chosenRecord(s, slot) });
}

/**
 * Remember that `value` was chosen in `slot` (the learner's log survives restarts). The next
 * slot of the prefix whose durable vote is that value needs no write: `noteChosenPrefix`
 * moves the votes-chosen mark over it (storage.ts).
 */
export function recordChosen(s: MultiPaxosState, ctx: Ctx, slot: number, value: SlotValue): void {
  s.chosen.set(slot, value);
  const vote = acceptorIsDurable(s) ? (s.accepted.get(slot) ?? null) : null;
  if (slot === s.chosenUpTo + 1 && vote !== null && vote.value === value) return;
  saveSlot(ctx.disk, slot, { vote, chosen: { value } });
}

/** The chosen prefix grew to `s.chosenUpTo`: move the votes-chosen mark. */
export function noteChosenPrefix(s: MultiPaxosState, ctx: Ctx): void {
  saveVotesChosen(ctx.disk, s.chosenUpTo);
}

function chosenRecord(s: MultiPaxosState, slot: number): { readonly value: SlotValue } | null {
  return s.chosen.has(slot) ? { value: s.chosen.get(slot)! } : null;
}
