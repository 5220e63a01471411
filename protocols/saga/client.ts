// A client places orders: each is one saga, sent to the entry node (the orchestrator, or
// the choreographed saga's order service). It resends the order (same saga id, so it
// starts once) every RESEND_US until the entry node says it has it on disk (`accepted`),
// then waits for the outcome, asking every ASK_AGAIN_US how the saga ended (`status`):
// the outcome message can be lost. A status question never starts or moves a saga (a
// resent order would restart one the system forgot, and hide that bug). Completed is
// `ok`, compensated is `fail`, no answer by the op's timeout is `info`.
import type { ClientContext, ClientNode, ClientOp, NodeId, TimerId } from '../../sim/types.js';
import { NamedTimers } from '../named-timers.js';
import type { SagaMessage } from './messages.js';

type Ctx = ClientContext<SagaMessage>;

const RESEND_US = 1_000_000;
const ASK_AGAIN_US = 5_000_000;
/** One name for every resend timer (a client has one order at a time): one trace label, not one per saga. */
const RESEND_TIMER = 'resend';

export class SagaClient implements ClientNode<SagaMessage> {
  private current: { readonly saga: string; readonly opId: number; readonly qty: number; readonly amount: number; accepted: boolean } | null = null;
  private readonly timers = new NamedTimers();

  constructor(private readonly entry: NodeId) {}

  start(_ctx: Ctx): void {}

  invoke(ctx: Ctx, op: ClientOp): void {
    const { qty, amount } = op.value as { qty: number; amount: number };
    this.current = { saga: `${ctx.id}.${op.id}`, opId: op.id, qty, amount, accepted: false };
    this.sendOrder(ctx);
  }

  private sendOrder(ctx: Ctx): void {
    const c = this.current!;
    if (c.accepted) ctx.send(this.entry, { type: 'status', saga: c.saga });
    else ctx.send(this.entry, { type: 'order', saga: c.saga, qty: c.qty, amount: c.amount });
    this.timers.arm(ctx, RESEND_TIMER, c.accepted ? ASK_AGAIN_US : RESEND_US);
  }

  receive(ctx: Ctx, from: NodeId, msg: SagaMessage): void {
    if (this.current === null || (msg.type !== 'outcome' && msg.type !== 'accepted') || msg.saga !== this.current.saga) return;
    if (msg.type === 'accepted') {
      if (this.current.accepted) return;
      this.current.accepted = true;
      this.timers.arm(ctx, RESEND_TIMER, ASK_AGAIN_US); // from now on, ask again at the slower pace
      return;
    }
    const opId = this.current.opId;
    this.timers.cancel(ctx, RESEND_TIMER);
    this.current = null;
    if (msg.completed) ctx.complete(opId, { type: 'ok', server: from });
    else ctx.complete(opId, { type: 'fail', error: msg.reason, server: from });
  }

  timer(ctx: Ctx, _name: string, id: TimerId): void {
    if (this.current !== null && this.timers.fired(RESEND_TIMER, id)) this.sendOrder(ctx);
  }

  abandon(ctx: Ctx, opId: number): void {
    if (this.current?.opId !== opId) return;
    this.timers.cancel(ctx, RESEND_TIMER);
    this.current = null;
  }

  inspect() {
    return { role: 'client' };
  }
}
