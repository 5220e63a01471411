// The message broker: queues and topics, at-least-once delivery. A publish names a queue
// or a topic; the routes fan it out to one queue per subscriber. A message is delivered
// to its queue's consumer and stays in flight until acked; unacked after the visibility
// timeout it is delivered again, and after maxDeliveries it moves to the dead-letter
// queue, from which it is redriven (put back, fresh count) after deadLetterRedriveUs.
// With brokerDurable, queued messages are written to disk in batches (group commit): each
// sweep writes the messages queued since the last one and still unacked, deletes the
// acked ones it had written, and syncs once; a `published` confirm leaves only after that
// sync. A message is delivered at once, before it is on disk (as RabbitMQ delivers
// persistent messages), and one acked before the sweep never reaches the disk. A crash
// loses the unconfirmed messages of the last sweep interval: their publishers send them
// again (the outbox relay until confirmed, the orchestrator on its call timeout). Dead
// letters are always on disk. The disk keeps what a message is, not how often it was
// delivered: a restarted broker counts afresh. The deliveries are counted in memory and
// logged with each sweep (`deliveries`), not one event per delivery: a crash loses the
// counts since the last sweep.
import type { Context, NodeId, ServerNode, TimerId } from '../../sim/types.js';
import type { SagaConfig, Topology } from './config.js';
import { PendingConfirms } from './confirms.js';
import { logSaga } from './events.js';
import type { Body, SagaMessage } from './messages.js';

type Ctx = Context<SagaMessage>;

/** A message as the disk keeps it (`m:` queued, `d:` dead letter with the local time of its redrive). */
interface Stored {
  readonly queue: string;
  readonly id: string;
  readonly body: Body;
  readonly redriveAtUs?: number;
}

interface Queued extends Stored {
  /** False until its first delivery is counted as a new message (a redriven or reloaded one was counted already). */
  counted: boolean;
  deliveries: number;
  /** Local time at which an unacked delivery is due again, or (dead letter) redriven. */
  dueUs: number;
  /** Its `m:` record is on disk (or in the sync in flight): an ack must delete it. */
  written: boolean;
}

export class BrokerNode implements ServerNode<SagaMessage> {
  private messages = new Map<string, Queued>();
  private deadLetters = new Map<string, Queued>();
  /** Messages queued since the last sweep, to be written by the next (durable broker only). */
  private unwritten: Queued[] = [];
  /**
   * Acked ids whose disk copy is not deleted yet: deleted by the next sweep. Losing
   * these deletes in a crash only redelivers acked messages (at-least-once).
   */
  private acked: string[] = [];
  /** Deliveries since the last sweep logged them: first ones (new messages) and again. */
  private firstDeliveries = 0;
  private redeliveries = 0;
  private confirms = new PendingConfirms();

  constructor(
    private readonly config: SagaConfig,
    private readonly nodes: Topology,
    private readonly routes: Readonly<Record<string, readonly string[]>>,
  ) {}

  start(ctx: Ctx): void {
    this.messages = new Map();
    this.deadLetters = new Map();
    this.unwritten = [];
    this.acked = [];
    this.firstDeliveries = 0;
    this.redeliveries = 0;
    this.confirms = new PendingConfirms();
    for (const key of ctx.disk.keys('m:')) {
      const m = ctx.disk.get<Stored>(key)!;
      this.messages.set(m.id, { queue: m.queue, id: m.id, body: m.body, counted: true, deliveries: 0, dueUs: ctx.now(), written: true });
    }
    for (const key of ctx.disk.keys('d:')) {
      const m = ctx.disk.get<Stored>(key)!;
      this.deadLetters.set(m.id, { queue: m.queue, id: m.id, body: m.body, counted: true, deliveries: 0, dueUs: m.redriveAtUs!, written: true });
    }
    ctx.setTimer(this.config.visibilityTimeoutUs / 4, 'sweep');
  }

  receive(ctx: Ctx, from: NodeId, msg: SagaMessage): void {
    if (msg.type === 'publish') {
      if (msg.ack !== null) this.ack(msg.ack);
      const queues = this.routes[msg.queue];
      if (queues === undefined) throw new Error(`saga broker: no route for ${msg.queue}`);
      for (const queue of queues) this.enqueue(ctx, queue, `${queue}/${msg.id}`, msg.body, false);
      if (msg.confirm) this.confirms.add(from, msg.id);
    } else if (msg.type === 'ack') {
      this.ack(msg.id);
    }
  }

  /** The consumer is done with a delivery: forget it (its disk copy, if written, goes with the next sweep). */
  private ack(id: string): void {
    const m = this.messages.get(id);
    if (m === undefined) return;
    this.messages.delete(id);
    if (m.written) this.acked.push(id);
  }

  private enqueue(ctx: Ctx, queue: string, id: string, body: Body, counted: boolean): void {
    if (this.messages.has(id)) return; // a duplicated publish is one message
    const m: Queued = { queue, id, body, counted, deliveries: 0, dueUs: 0, written: false };
    this.messages.set(id, m);
    if (this.config.brokerDurable) this.unwritten.push(m);
    this.deliver(ctx, m);
  }

  timer(ctx: Ctx, _name: string, _id: TimerId): void {
    const nowUs = ctx.now();
    for (const m of this.messages.values()) {
      if (m.dueUs > nowUs) continue;
      if (m.deliveries < this.config.maxDeliveries) this.deliver(ctx, m);
      else this.deadLetter(ctx, m);
    }
    if (this.config.deadLetterRedriveUs > 0) {
      for (const m of this.deadLetters.values()) if (m.dueUs <= nowUs) this.redrive(ctx, m);
    }
    this.writeBatch(ctx);
    this.confirms.flush(ctx); // sent after the sync: the kernel holds them until it completes
    if (this.firstDeliveries + this.redeliveries > 0) {
      logSaga(ctx, 'deliveries', { messages: this.firstDeliveries, redeliveries: this.redeliveries });
      this.firstDeliveries = 0;
      this.redeliveries = 0;
    }
    ctx.setTimer(this.config.visibilityTimeoutUs / 4, 'sweep');
  }

  private deliver(ctx: Ctx, m: Queued): void {
    const consumer = this.nodes[m.queue as keyof Topology];
    if (typeof consumer !== 'string') throw new Error(`saga broker: no consumer for queue ${m.queue}`);
    m.deliveries += 1;
    m.dueUs = ctx.now() + this.config.visibilityTimeoutUs;
    if (m.counted) this.redeliveries++;
    else this.firstDeliveries++;
    m.counted = true;
    ctx.send(consumer, { type: 'deliver', queue: m.queue, id: m.id, attempt: m.deliveries, body: m.body });
  }

  private deadLetter(ctx: Ctx, m: Queued): void {
    this.messages.delete(m.id);
    m.dueUs = ctx.now() + this.config.deadLetterRedriveUs;
    this.deadLetters.set(m.id, m);
    if (m.written) ctx.disk.delete(`m:${m.id}`);
    ctx.disk.put(`d:${m.id}`, { queue: m.queue, id: m.id, body: m.body, redriveAtUs: m.dueUs } satisfies Stored);
    logSaga(ctx, 'dead-lettered', { id: m.id, saga: m.body.saga });
  }

  private redrive(ctx: Ctx, m: Queued): void {
    this.deadLetters.delete(m.id);
    ctx.disk.delete(`d:${m.id}`);
    logSaga(ctx, 'redriven', { id: m.id, saga: m.body.saga });
    this.enqueue(ctx, m.queue, m.id, m.body, true);
  }

  /** The sweep's group commit: write what was queued since (and is still unacked), delete what was acked, one sync. */
  private writeBatch(ctx: Ctx): void {
    for (const m of this.unwritten) {
      if (this.messages.get(m.id) !== m) continue; // acked (or dead-lettered) before it was written
      ctx.disk.put(`m:${m.id}`, { queue: m.queue, id: m.id, body: m.body } satisfies Stored);
      m.written = true;
    }
    this.unwritten = [];
    for (const id of this.acked) ctx.disk.delete(`m:${id}`);
    this.acked = [];
    if (ctx.disk.dirty) ctx.disk.sync();
  }

  inspect() {
    return { role: 'broker', queued: this.messages.size, deadLetters: this.deadLetters.size };
  }
}
