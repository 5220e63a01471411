// The ops a test starts on a hand-driven cluster's clients, and each completion with its
// times. One open op per client is recorded: a test that invokes again before the last op
// completed (the kernel never does) replaces it, and a late completion of the old op is
// ignored.
import type { ClientOp, NodeId, OpResult } from '../../../sim/types.js';

export interface CompletedOp {
  readonly client: NodeId;
  readonly op: ClientOp;
  readonly result: OpResult;
  readonly invokedUs: number;
  readonly completedUs: number;
}

export class ClientOps {
  readonly completed: CompletedOp[] = [];
  private readonly open = new Map<NodeId, { op: ClientOp; invokedUs: number }>();
  private nextOpId = 1;

  start(client: NodeId, f: string, key: string | null, value: unknown, nowUs: number): ClientOp {
    const op: ClientOp = { id: this.nextOpId++, f, key, value };
    this.open.set(client, { op, invokedUs: nowUs });
    return op;
  }

  /** Forget the client's open op; returns its id, if it had one. */
  abandon(client: NodeId): number | undefined {
    const open = this.open.get(client);
    this.open.delete(client);
    return open?.op.id;
  }

  busy(client: NodeId): boolean {
    return this.open.has(client);
  }

  /** A completion the client reported; ignored unless it is for the open op. */
  complete(client: NodeId, opId: number, result: OpResult, nowUs: number): void {
    const open = this.open.get(client);
    if (open === undefined || open.op.id !== opId) return;
    this.open.delete(client);
    this.completed.push({ client, op: open.op, result, invokedUs: open.invokedUs, completedUs: nowUs });
  }
}
