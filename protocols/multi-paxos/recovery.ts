// Takeover: what a new leader does with the promises of phase 1. It learns the slots any
// promise reports as chosen. For every other slot above its chosen prefix, up to the
// highest slot anyone reported, it re-proposes the value accepted
// in the highest ballot (that value may already be chosen; re-proposing it in a higher
// ballot changes nothing), and fills the slots nobody reported with no-ops, so that the
// log has no holes and every later command can be applied. New commands go after all of it.
import type { Context } from '../../sim/types.js';
import { highestReported, type Reported } from '../paxos/choose.js';
import type { MultiPaxosMessage, SlotValue } from './messages.js';
import { applyChosen, learnChosen } from './learner.js';
import { installSnapshot } from './snapshots.js';
import { proposeSlot } from './replication.js';
import type { MultiPaxosState } from './state.js';

type Ctx = Context<MultiPaxosMessage>;

/** The widest span of slots one takeover may recover (a bound, not a tuning knob). */
export const RECOVERY_SLOTS_MAX = 10_000_000;

export function recoverSlots(s: MultiPaxosState, ctx: Ctx): void {
  // A promise from a server that compacted slots we lack: take its snapshot first.
  if (s.snapshotOffered !== null && s.snapshotOffered.upTo > s.chosenUpTo) {
    installSnapshot(s, ctx, s.snapshotOffered);
    applyChosen(s, ctx, true);
  }
  const reports = new Map<number, Reported<SlotValue>[]>();
  let top = s.chosenUpTo;
  for (const votes of s.promises.values()) {
    for (const vote of votes) {
      if (vote.chosen === true) learnChosen(s, ctx, vote.slot, vote.value);
      if (vote.slot <= s.chosenUpTo) continue;
      let list = reports.get(vote.slot);
      if (list === undefined) reports.set(vote.slot, (list = []));
      list.push(vote);
      if (vote.slot > top) top = vote.slot;
    }
  }
  top = Math.max(top, s.chosen.highestSlot());
  if (top - s.chosenUpTo > RECOVERY_SLOTS_MAX) {
    throw new Error(`multi-paxos ${s.id}: ${top - s.chosenUpTo} slots to recover, more than ${RECOVERY_SLOTS_MAX}`);
  }
  let reproposed = 0;
  let gaps = 0;
  for (let slot = s.chosenUpTo + 1; slot <= top; slot++) {
    if (s.chosen.has(slot)) continue;
    const best = highestReported(reports.get(slot) ?? []);
    if (best !== null) proposeSlot(s, ctx, slot, best.value);
    else if (!s.flags.noGapFilling) proposeSlot(s, ctx, slot, null);
    if (best === null) gaps++;
    else reproposed++;
  }
  ctx.log('recovered', { from: s.chosenUpTo + 1, to: top, reproposed, gaps });
  s.nextSlot = top + 1;
}
