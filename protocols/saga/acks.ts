// Acks ride on publishes. A consumer (a service, the orchestrator) handling a delivery
// holds its ack; the first publish that handling sends carries it (`publish.ack`), as a
// consume-and-produce transaction commits the consumed offset with the produced message,
// and when the handling published nothing the ack leaves on its own. Either way it leaves
// after the handler's writes are synced (the kernel holds sends behind unsynced writes),
// and a lost publish loses its ack too: the broker delivers again (at-least-once).
import type { Context, NodeId } from '../../sim/types.js';
import type { SagaMessage } from './messages.js';

export class PendingAck {
  private id: string | null = null;

  /** A delivery is being handled: its ack waits for a publish to ride on. */
  hold(id: string): void {
    this.id = id;
  }

  /** The ack a publish sent now carries (null: none is waiting); it is then no longer pending. */
  take(): string | null {
    const id = this.id;
    this.id = null;
    return id;
  }

  /** The handling is over: an ack no publish took leaves on its own. */
  flush(ctx: Context<SagaMessage>, broker: NodeId): void {
    const id = this.take();
    if (id !== null) ctx.send(broker, { type: 'ack', id });
  }
}
