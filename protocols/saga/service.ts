// A service of the shop (order, inventory or payment) with its durable local store and a
// processed-message table keyed by idempotency key (saga + action): a redelivered command
// is answered from the table, never applied twice. It acks a delivery once the effect
// and the table entry are on disk (sends wait behind the sync).
import type { Context, NodeId, ServerNode, TimerId } from '../../sim/types.js';
import { ORCHESTRATOR, type SagaConfig, type ServiceName, type Topology } from './config.js';
import { logSaga } from './events.js';
import type { Command, Reply, SagaMessage } from './messages.js';
import type { SagaFlags } from './variants.js';

type Ctx = Context<SagaMessage>;

export class ServiceNode implements ServerNode<SagaMessage> {
  constructor(
    private readonly service: ServiceName,
    private readonly config: SagaConfig,
    private readonly flags: SagaFlags,
    private readonly nodes: Topology,
  ) {}

  start(ctx: Ctx): void {
    if (ctx.disk.get('level') === undefined) {
      ctx.disk.put('level', this.service === 'inventory' ? this.config.stock : this.config.balance);
      ctx.disk.sync();
    }
  }

  receive(ctx: Ctx, _from: NodeId, msg: SagaMessage): void {
    if (msg.type !== 'deliver' || msg.body.kind !== 'command') return;
    const command = msg.body;
    const key = `done:${command.saga}:${command.action}`;
    const seen = ctx.disk.get<Reply>(key);
    const idempotent = !(this.service === 'payment' && this.flags.nonIdempotentCharge);
    if (seen !== undefined && idempotent) {
      logSaga(ctx, 'duplicate', { saga: command.saga, service: this.service });
      this.answer(ctx, msg.id, seen);
      return;
    }
    const reply = this.apply(ctx, command);
    ctx.disk.put(key, reply);
    ctx.disk.sync();
    this.answer(ctx, msg.id, reply);
  }

  private answer(ctx: Ctx, id: string, reply: Reply): void {
    ctx.send(this.nodes.broker, { type: 'ack', queue: this.service, id });
    ctx.send(this.nodes.broker, { type: 'publish', queue: ORCHESTRATOR, id: `r:${this.service}:${reply.saga}:${reply.action}`, body: reply });
  }

  /** Apply a command to the local store; the reply says whether the step holds. */
  private apply(ctx: Ctx, c: Command): Reply {
    const reply = (ok: boolean, reason: string): Reply => ({ kind: 'reply', saga: c.saga, service: this.service, action: c.action, ok, reason });
    // A command overtaken by its own compensation must not apply after it (a tombstone).
    if (!this.flags.compensationOvertaken && c.action === 'do' && ctx.disk.get(`done:${c.saga}:undo`) !== undefined) return reply(false, 'already compensated');
    if (this.service === 'order') {
      const state = c.action === 'do' ? 'PENDING' : c.action === 'finish' ? 'COMPLETED' : 'CANCELLED';
      ctx.disk.put(`order:${c.saga}`, state);
      logSaga(ctx, 'order', { saga: c.saga, state });
      return reply(true, '');
    }
    const units = this.service === 'inventory' ? c.qty : c.amount;
    const held = ctx.disk.get<number>(`held:${c.saga}`) ?? 0;
    const level = ctx.disk.get<number>('level')!;
    if (c.action === 'do') {
      if (this.service === 'payment' && c.amount > this.config.declineAbove) return reply(false, 'declined');
      if (level < units) return reply(false, this.service === 'inventory' ? 'out of stock' : 'insufficient funds');
      this.move(ctx, c.saga, held + units, level - units, units);
      return reply(true, '');
    }
    if (held > 0) this.move(ctx, c.saga, 0, level + held, -held);
    return reply(true, '');
  }

  private move(ctx: Ctx, saga: string, held: number, level: number, delta: number): void {
    ctx.disk.put(`held:${saga}`, held);
    ctx.disk.put('level', level);
    logSaga(ctx, this.service === 'inventory' ? 'stock' : 'money', { saga, delta });
  }

  timer(_ctx: Ctx, _name: string, _id: TimerId): void {}

  inspect() {
    return { role: this.service };
  }
}
