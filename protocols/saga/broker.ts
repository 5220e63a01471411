// The message broker: one queue per consumer service, at-least-once delivery. A message
// is delivered to its queue's consumer and stays in flight until acked; unacked after the
// visibility timeout it is delivered again, and after maxDeliveries it moves to the
// dead-letter queue. With brokerDurable, queued messages are on disk before they count.
import type { Context, NodeId, ServerNode, TimerId } from '../../sim/types.js';
import type { SagaConfig, Topology } from './config.js';
import { logSaga } from './events.js';
import type { Body, SagaMessage } from './messages.js';

type Ctx = Context<SagaMessage>;

interface Queued {
  readonly queue: string;
  readonly id: string;
  readonly body: Body;
  deliveries: number;
  /** Local time at which an unacked delivery is due again. */
  dueUs: number;
}

export class BrokerNode implements ServerNode<SagaMessage> {
  private messages = new Map<string, Queued>();
  private deadLetters: string[] = [];

  constructor(
    private readonly config: SagaConfig,
    private readonly consumers: Topology,
  ) {}

  start(ctx: Ctx): void {
    this.messages = new Map();
    this.deadLetters = ctx.disk.get<string[]>('dlq') ?? [];
    for (const key of ctx.disk.keys('m:')) {
      const m = ctx.disk.get<Queued>(key)!;
      this.messages.set(m.id, { ...m, dueUs: ctx.now() });
    }
    ctx.setTimer(this.config.visibilityTimeoutUs / 4, 'sweep');
  }

  receive(ctx: Ctx, _from: NodeId, msg: SagaMessage): void {
    if (msg.type === 'publish') {
      if (this.messages.has(msg.id)) return; // a duplicated publish is one message
      const m: Queued = { queue: msg.queue, id: msg.id, body: msg.body, deliveries: 0, dueUs: 0 };
      this.messages.set(m.id, m);
      if (this.config.brokerDurable) {
        ctx.disk.put(`m:${m.id}`, m);
        ctx.disk.sync();
      }
      this.deliver(ctx, m);
    } else if (msg.type === 'ack') {
      if (!this.messages.delete(msg.id)) return;
      if (this.config.brokerDurable) ctx.disk.delete(`m:${msg.id}`);
    }
  }

  timer(ctx: Ctx, _name: string, _id: TimerId): void {
    const nowUs = ctx.now();
    for (const m of this.messages.values()) {
      if (m.dueUs > nowUs) continue;
      if (m.deliveries < this.config.maxDeliveries) this.deliver(ctx, m);
      else this.deadLetter(ctx, m);
    }
    ctx.setTimer(this.config.visibilityTimeoutUs / 4, 'sweep');
  }

  private deliver(ctx: Ctx, m: Queued): void {
    const consumer = this.consumers[m.queue as keyof Topology];
    if (consumer === undefined) throw new Error(`saga broker: no consumer for queue ${m.queue}`);
    m.deliveries += 1;
    m.dueUs = ctx.now() + this.config.visibilityTimeoutUs;
    logSaga(ctx, 'delivered', { id: m.id, attempt: m.deliveries });
    ctx.send(consumer, { type: 'deliver', queue: m.queue, id: m.id, attempt: m.deliveries, body: m.body });
  }

  private deadLetter(ctx: Ctx, m: Queued): void {
    this.messages.delete(m.id);
    this.deadLetters.push(m.id);
    ctx.disk.delete(`m:${m.id}`);
    ctx.disk.put('dlq', this.deadLetters);
    ctx.disk.sync();
    logSaga(ctx, 'dead-lettered', { id: m.id, saga: m.body.saga });
  }

  inspect() {
    return { role: 'broker', queued: this.messages.size, deadLetters: this.deadLetters.length };
  }
}
