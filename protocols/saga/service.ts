// A service of the shop (order, inventory or payment) with its durable local store and a
// processed-message table keyed by idempotency key (saga + action): a redelivered request
// is answered from the table, never applied twice. Its wiring says what a delivery asks
// of it and what it publishes after (wiring.ts). Orchestrated, it publishes the reply
// directly (the orchestrator retries). Choreographed, it writes the event in a
// transactional outbox: in the same local transaction (one sync) as the state change and
// the table entry; a relay publishes it and publishes it again until the broker
// confirms, also after a crash. It acks a delivery only once that transaction is on
// disk (sends wait behind the sync), on the publish the delivery led to (acks.ts).
import type { Context, NodeId, ServerNode, SyncId, TimerId } from '../../sim/types.js';
import { PendingAck } from './acks.js';
import type { SagaConfig, ServiceName, Topology } from './config.js';
import { logSaga } from './events.js';
import { GroupCommit } from './group-commit.js';
import type { Command, SagaMessage } from './messages.js';
import { applyCommand, entryKey, readEntry, writeEntry, type SagaEntry } from './store.js';
import type { SagaFlags } from './variants.js';
import type { Outgoing, Wiring } from './wiring.js';

type Ctx = Context<SagaMessage>;

/** The relay waits relayIntervalUs for a confirm, then twice as long after each republish, up to 2^this times. */
const RELAY_DOUBLINGS_MAX = 3;

export class ServiceNode implements ServerNode<SagaMessage> {
  /**
   * Outbox entries the relay has published and the broker not yet confirmed: when to
   * publish again (local time), how often published, and the entry's disk key (made once:
   * its put, reads and delete hash one string).
   */
  private relayed = new Map<string, { dueUs: number; publishes: number; readonly key: string }>();
  /** Disk keys of outbox entries the broker confirmed, deleted with the next local transaction (an unsynced write would hold back later sends). */
  private confirmed: string[] = [];
  /** The ack of the delivery being handled, for the publish it leads to (acks.ts). */
  private readonly pendingAck = new PendingAck();
  private readonly store = new GroupCommit();

  constructor(
    private readonly service: ServiceName,
    private readonly config: SagaConfig,
    private readonly flags: SagaFlags,
    private readonly nodes: Topology,
    private readonly wiring: Wiring,
  ) {}

  start(ctx: Ctx): void {
    this.store.reset();
    if (ctx.disk.get('level') === undefined) {
      ctx.disk.put('level', this.service === 'inventory' ? this.config.stock : this.config.balance);
      this.store.commit(ctx.disk);
    }
    this.relayed = new Map();
    this.confirmed = [];
    if (!this.wiring.outbox) return;
    for (const key of ctx.disk.keys('outbox:')) this.relay(ctx, ctx.disk.get<Outgoing>(key)!, key);
    ctx.setTimer(this.config.relayIntervalUs, 'relay');
  }

  receive(ctx: Ctx, from: NodeId, msg: SagaMessage): void {
    if (msg.type === 'order') return this.place(ctx, from, { kind: 'command', saga: msg.saga, action: 'do', qty: msg.qty, amount: msg.amount });
    if (msg.type === 'status') return this.answerIfEnded(ctx, from, msg.saga);
    if (msg.type === 'published') return this.onConfirms(msg.ids);
    if (msg.type !== 'deliver') return;
    const command = this.wiring.commandOf(this.service, msg.body);
    this.pendingAck.hold(msg.id);
    if (command !== null) this.handle(ctx, command);
    this.pendingAck.flush(ctx, this.nodes.broker);
  }

  /** The broker has these outbox entries on disk: the relay stops, the entries go with the next transaction. */
  private onConfirms(ids: readonly string[]): void {
    for (const id of ids) {
      const relayed = this.relayed.get(id);
      if (relayed === undefined) continue;
      this.relayed.delete(id);
      this.confirmed.push(relayed.key);
    }
  }

  /** Choreographed: a client's order starts the saga here (a resend is answered, not applied again). */
  private place(ctx: Ctx, client: NodeId, command: Command): void {
    const key = entryKey(command.saga);
    const entry = readEntry(ctx.disk, key);
    if (entry.placed === null) writeEntry(ctx.disk, key, { ...entry, placed: { client, startUs: ctx.now() } });
    this.handle(ctx, command);
    ctx.send(client, { type: 'accepted', saga: command.saga });
    this.answerIfEnded(ctx, client, command.saga);
  }

  /** Choreographed order service: tell the client how its saga ended, if it did. */
  private answerIfEnded(ctx: Ctx, client: NodeId, saga: string): void {
    const final = readEntry(ctx.disk, entryKey(saga)).state;
    if (final !== 'COMPLETED' && final !== 'CANCELLED') return;
    ctx.send(client, { type: 'outcome', saga, completed: final === 'COMPLETED', reason: final === 'COMPLETED' ? '' : 'compensated' });
  }

  /** Apply a request once (the processed-message table), commit, then publish what it announces. */
  private handle(ctx: Ctx, command: Command): void {
    const key = entryKey(command.saga);
    const entry = readEntry(ctx.disk, key);
    const seen = entry.replies[command.action];
    const idempotent = !(this.service === 'payment' && this.flags.nonIdempotentCharge);
    if (seen !== undefined && idempotent) {
      logSaga(ctx, 'duplicate', { saga: command.saga, service: this.service });
      const again = this.wiring.announce(this.service, command, seen);
      if (again !== null) this.publish(ctx, again);
      return;
    }
    const next = applyCommand(ctx, this.service, this.config, this.flags, command, entry);
    writeEntry(ctx.disk, key, next);
    const out = this.wiring.announce(this.service, command, next.replies[command.action]!);
    const outboxKey = out !== null && this.wiring.outbox ? `outbox:${out.id}` : null;
    if (outboxKey !== null && !this.flags.dualWrite) ctx.disk.put(outboxKey, out);
    if (this.confirmed.length > 0) {
      for (const confirmedKey of this.confirmed) ctx.disk.delete(confirmedKey);
      this.confirmed = [];
    }
    this.store.commit(ctx.disk);
    if (out !== null && outboxKey !== null) this.relay(ctx, out, outboxKey);
    else if (out !== null) this.publish(ctx, out);
    if (this.wiring.outbox && this.service === 'order' && command.action !== 'do') this.tellClient(ctx, command.saga, next.placed, command.action === 'finish');
  }

  /** Choreographed: the order is COMPLETED or CANCELLED, so the saga is over: tell its client. */
  private tellClient(ctx: Ctx, saga: string, placed: SagaEntry['placed'], completed: boolean): void {
    if (placed === null) return;
    logSaga(ctx, 'ended', { saga, completed, latencyUs: ctx.now() - placed.startUs });
    ctx.send(placed.client, { type: 'outcome', saga, completed, reason: completed ? '' : 'compensated' });
  }

  synced(ctx: Ctx, syncId: SyncId): void {
    this.store.synced(ctx.disk, syncId);
  }

  private relay(ctx: Ctx, out: Outgoing, key: string): void {
    const publishes = (this.relayed.get(out.id)?.publishes ?? 0) + 1;
    this.relayed.set(out.id, { dueUs: ctx.now() + this.config.relayIntervalUs * 2 ** Math.min(publishes - 1, RELAY_DOUBLINGS_MAX), publishes, key });
    ctx.send(this.nodes.broker, { type: 'publish', queue: out.queue, id: out.id, body: out.body, confirm: true, ack: this.pendingAck.take() });
  }

  private publish(ctx: Ctx, out: Outgoing): void {
    ctx.send(this.nodes.broker, { type: 'publish', queue: out.queue, id: out.id, body: out.body, confirm: false, ack: this.pendingAck.take() });
  }

  /**
   * The relay: publish again every outbox entry the broker has not confirmed in time:
   * relayIntervalUs after its publish, then with exponential backoff (2, 4, 8 times the
   * interval), so a broker that is down or cut off is not sent the whole outbox every
   * interval. It looks every relayIntervalUs.
   */
  timer(ctx: Ctx, _name: string, _id: TimerId): void {
    const nowUs = ctx.now();
    for (const [id, { dueUs, key }] of this.relayed) {
      if (dueUs > nowUs) continue;
      const out = ctx.disk.get<Outgoing>(key);
      if (out === undefined) this.relayed.delete(id); // the dual-write variant: nothing in the outbox
      else this.relay(ctx, out, key);
    }
    ctx.setTimer(this.config.relayIntervalUs, 'relay');
  }

  inspect() {
    return { role: this.service, outbox: this.relayed.size };
  }
}
