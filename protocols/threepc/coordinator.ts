// The 3PC coordinator: 2PC's (coordinator.ts: PREPARE, tally, presumed abort, recovery,
// resending), with a third phase between the votes and the commit. With a yes from
// everyone it forces the commit decision to its log as in 2PC, then sends PRECOMMIT
// instead of COMMIT. DOCOMMIT (2PC's `decision` commit) follows when every participant has
// acknowledged the PRECOMMIT, or at the next resend tick (a participant that did not
// answer is presumed crashed: it asks when it recovers). A recovering coordinator sends
// DOCOMMIT for the decisions in its log, as in 2PC.
import type { Context, NodeId, TimerId } from '../../sim/types.js';
import { CoordinatorNode, RESEND_TIMER } from '../twopc/coordinator.js';
import type { TwopcMessage } from '../twopc/messages.js';
import type { ThreepcMessage } from './messages.js';

type Ctx = Context<ThreepcMessage>;

export class ThreepcCoordinator extends CoordinatorNode {
  /** Precommitted transfers: the participants yet to acknowledge the PRECOMMIT. */
  private readonly precommitAcks = new Map<string, Set<NodeId>>();

  protected override announceCommit(ctx: Ctx, tx: string, participants: readonly NodeId[]): void {
    this.precommitAcks.set(tx, new Set(participants));
    for (const p of participants) ctx.send(p, { type: 'precommit', tx });
  }

  override receive(ctx: Ctx, from: NodeId, msg: ThreepcMessage): void {
    if (msg.type === 'precommit-ack') return this.handlePrecommitAck(ctx, from, msg.tx);
    if (msg.type === 'precommit' || msg.type === 'state-req' || msg.type === 'state') return;
    super.receive(ctx as Context<TwopcMessage>, from, msg);
  }

  override timer(ctx: Ctx, name: string, id: TimerId): void {
    // The resend tick sends DOCOMMIT to everyone who has not acknowledged it: the PRECOMMIT phase is over.
    if (name === RESEND_TIMER) this.precommitAcks.clear();
    super.timer(ctx as Context<TwopcMessage>, name, id);
  }

  private handlePrecommitAck(ctx: Ctx, from: NodeId, tx: string): void {
    const waiting = this.precommitAcks.get(tx);
    if (waiting === undefined) return;
    waiting.delete(from);
    if (waiting.size > 0) return;
    this.precommitAcks.delete(tx);
    for (const p of this.unacked.get(tx) ?? []) ctx.send(p, { type: 'decision', tx, commit: true });
  }

  override inspect() {
    return { ...super.inspect(), precommitting: this.precommitAcks.size };
  }
}
