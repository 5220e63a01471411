// Publisher confirms, batched (as a broker confirms many publishes at once). A confirm
// waits at the broker for its next sweep, which writes the messages queued since and
// syncs them (broker.ts); then every waiting confirm leaves, one `published` message per
// publisher. So a confirm leaves within a sweep interval (visibilityTimeoutUs / 4, below
// the relay's republish interval by default), and never before the message is durable:
// it is sent after the sweep's sync, and the kernel holds a send behind a sync in flight.
// Volatile: a broker crash loses the waiting confirms, and the relay publishes those
// messages again (at-least-once).
import type { Context, NodeId } from '../../sim/types.js';
import type { SagaMessage } from './messages.js';

export class PendingConfirms {
  private readonly byPublisher = new Map<NodeId, string[]>();

  add(publisher: NodeId, id: string): void {
    const ids = this.byPublisher.get(publisher);
    if (ids === undefined) this.byPublisher.set(publisher, [id]);
    else ids.push(id);
  }

  /** The sweep: every waiting confirm leaves, one message per publisher. */
  flush(ctx: Context<SagaMessage>): void {
    for (const [publisher, ids] of this.byPublisher) ctx.send(publisher, { type: 'published', ids });
    this.byPublisher.clear();
  }
}
