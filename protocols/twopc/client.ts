// A client: a transfer or an audit becomes one transaction at the coordinator. It does
// not retry (a retried transfer would be a second transfer): no answer by the op's
// timeout is `info`. Commit is `ok` (an audit returns every balance), abort is `fail`.
import type { ClientContext, ClientNode, ClientOp, NodeId, TimerId } from '../../sim/types.js';
import type { Transfer, TwopcMessage } from './messages.js';

type Ctx = ClientContext<TwopcMessage>;

export class TwopcClient implements ClientNode<TwopcMessage> {
  /** The op in flight: its transaction id and op id. */
  private current: { readonly tx: string; readonly opId: number } | null = null;

  constructor(private readonly coordinator: NodeId) {}

  start(_ctx: Ctx): void {}

  invoke(ctx: Ctx, op: ClientOp): void {
    const tx = `${ctx.id}.${op.id}`;
    if (op.f === 'transfer') {
      this.current = { tx, opId: op.id };
      ctx.send(this.coordinator, { type: 'begin', tx, kind: 'transfer', transfer: op.value as Transfer });
    } else if (op.f === 'read') {
      this.current = { tx, opId: op.id };
      ctx.send(this.coordinator, { type: 'begin', tx, kind: 'audit', transfer: null });
    } else {
      ctx.complete(op.id, { type: 'fail', error: `unsupported operation ${op.f}` });
    }
  }

  receive(ctx: Ctx, from: NodeId, msg: TwopcMessage): void {
    if (msg.type !== 'outcome' || this.current === null || msg.tx !== this.current.tx) return;
    const opId = this.current.opId;
    this.current = null;
    if (msg.committed) ctx.complete(opId, { type: 'ok', server: from, ...(msg.balances !== null ? { value: msg.balances } : {}) });
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
