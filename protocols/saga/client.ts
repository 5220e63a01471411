// A client places orders: each is one saga at the orchestrator. It does not retry (a
// retried order would be a second order); completed is `ok`, compensated is `fail`, and
// no answer by the op's timeout is `info`.
import type { ClientContext, ClientNode, ClientOp, NodeId, TimerId } from '../../sim/types.js';
import type { Topology } from './config.js';
import type { SagaMessage } from './messages.js';

type Ctx = ClientContext<SagaMessage>;

export class SagaClient implements ClientNode<SagaMessage> {
  private current: { readonly saga: string; readonly opId: number } | null = null;

  constructor(private readonly nodes: Topology) {}

  start(_ctx: Ctx): void {}

  invoke(ctx: Ctx, op: ClientOp): void {
    const { qty, amount } = op.value as { qty: number; amount: number };
    this.current = { saga: `${ctx.id}.${op.id}`, opId: op.id };
    ctx.send(this.nodes.orchestrator, { type: 'order', saga: this.current.saga, qty, amount });
  }

  receive(ctx: Ctx, from: NodeId, msg: SagaMessage): void {
    if (msg.type !== 'outcome' || this.current === null || msg.saga !== this.current.saga) return;
    const opId = this.current.opId;
    this.current = null;
    if (msg.completed) ctx.complete(opId, { type: 'ok', server: from });
    else ctx.complete(opId, { type: 'fail', error: msg.reason, server: from });
  }

  timer(_ctx: Ctx, _name: string, _id: TimerId): void {}

  abandon(_ctx: Ctx, opId: number): void {
    if (this.current?.opId === opId) this.current = null;
  }

  inspect() {
    return { role: 'client' };
  }
}
