// Termination of a participant in doubt. It voted yes, so it may not decide alone: it
// keeps its locks and asks, every inquiryInterval, the coordinator and (cooperative
// termination) the other participants. A peer that committed or aborted says so; a peer
// that never prepared the transaction refuses it durably and says abort (it can no
// longer vote yes, so the coordinator cannot commit); a peer in doubt too says nothing.
import type { Context, NodeId } from '../../sim/types.js';
import type { TwopcMessage } from './messages.js';
import type { ParticipantNode } from './participant.js';
import { becomeAborted, becomeRefused } from './roles.js';

type Ctx = Context<TwopcMessage>;
export const INQUIRE_TIMER = 'inquire';

/** Start the inquiry timer unless it runs already. */
export function startInquiring(ctx: Ctx, node: ParticipantNode): void {
  if (node.inquiring) return;
  node.inquiring = true;
  ctx.setTimer(node.config.inquiryInterval, INQUIRE_TIMER);
}

/** One round: ask about every transaction still in doubt. */
export function inquire(ctx: Ctx, node: ParticipantNode): void {
  node.inquiring = false;
  const waitedUs = new Map<string, number>();
  for (const [tx, p] of node.st.prepared) {
    const rounds = (node.inquiryRounds.get(tx) ?? 0) + 1;
    node.inquiryRounds.set(tx, rounds);
    waitedUs.set(tx, rounds * node.config.inquiryInterval);
    ctx.send(p.coordinator, { type: 'inquire', tx });
    if (!node.config.cooperative) continue;
    for (const peer of p.participants) if (peer !== ctx.id) ctx.send(peer, { type: 'inquire', tx });
  }
  for (const [tx, waited] of waitedUs) {
    if (node.flags.heuristicDecision && waited >= node.config.heuristicTimeout) becomeAborted(ctx, node.st, tx);
  }
  for (const tx of node.inquiryRounds.keys()) if (!node.st.prepared.has(tx)) node.inquiryRounds.delete(tx);
  if (node.st.prepared.size > 0) startInquiring(ctx, node);
}

/** A peer in doubt asks what this participant knows. */
export function answerInquiry(ctx: Ctx, node: ParticipantNode, from: NodeId, tx: string): void {
  const st = node.st;
  if (st.prepared.has(tx)) return; // in doubt here too
  const finished = st.finished.get(tx);
  if (finished === undefined) {
    node.dropWaiting(tx);
    becomeRefused(ctx, st, tx);
  }
  // Sent after the refusal is durable (the kernel holds it until the sync).
  ctx.send(from, { type: 'decision', tx, commit: finished === 'committed' });
}
