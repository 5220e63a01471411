// The orchestrator: runs each saga's steps in order through the broker and, when one
// fails, compensates the steps done in reverse (the failed step's own undo first: it may
// have been applied). Its saga log is on disk, written before each command leaves (sends
// wait behind the sync), so after a crash it resumes every saga from where the log says.
// A command without an answer after callTimeoutUs has timed out; it is sent again after
// an exponential backoff with full jitter (or at once, retryBackoff: none). A forward
// step that exhausts retryLimit fails the saga; a compensation is retried until it holds.
// A circuit breaker per service (breaker.ts) counts the timeouts: while it is open a
// forward step fails fast and a compensation waits.
import type { Context, NodeId, ServerNode, SyncId, TimerId } from '../../sim/types.js';
import { PendingAck } from './acks.js';
import { Breaker } from './breaker.js';
import { STEPS, type SagaConfig, type ServiceName, type Topology } from './config.js';
import { Deadlines } from './deadlines.js';
import { logSaga } from './events.js';
import { GroupCommit } from './group-commit.js';
import type { Action, Reply, SagaMessage } from './messages.js';
import type { SagaFlags } from './variants.js';

type Ctx = Context<SagaMessage>;

/** One saga's log record: where it is and what it is waiting for. */
export interface SagaRecord {
  readonly saga: string;
  readonly client: NodeId;
  readonly qty: number;
  readonly amount: number;
  readonly startUs: number;
  /** Index into STEPS of the service it waits for. */
  step: number;
  action: Action;
  attempt: number;
}

/**
 * A copy of a saga's record, field by field (not by spread): every record (a new saga's, a
 * resumed one's, the disk's copies) then has one shape, so a restart does not make the
 * handlers that read records deoptimize and recompile.
 */
function copyOf(r: SagaRecord): SagaRecord {
  return { saga: r.saga, client: r.client, qty: r.qty, amount: r.amount, startUs: r.startUs, step: r.step, action: r.action, attempt: r.attempt };
}

export class OrchestratorNode implements ServerNode<SagaMessage> {
  private sagas = new Map<string, SagaRecord>();
  private deadlines = new Deadlines();
  private breakers = new Map<ServiceName, Breaker>();
  /** The ack of the reply being handled, for the next command it leads to (acks.ts). */
  private readonly pendingAck = new PendingAck();
  private readonly log = new GroupCommit();

  constructor(
    private readonly config: SagaConfig,
    private readonly flags: SagaFlags,
    private readonly nodes: Topology,
  ) {}

  start(ctx: Ctx): void {
    this.sagas = new Map();
    this.deadlines = new Deadlines();
    this.log.reset();
    this.breakers = new Map(STEPS.map((service) => [service, new Breaker(this.config.breakerFailures, this.config.breakerOpenUs)]));
    for (const key of ctx.disk.keys('saga:')) {
      const r = copyOf(ctx.disk.get<SagaRecord>(key)!);
      this.sagas.set(r.saga, r);
      this.send(ctx, r);
    }
    if (this.sagas.size > 0) logSaga(ctx, 'resumed', { sagas: this.sagas.size });
  }

  receive(ctx: Ctx, from: NodeId, msg: SagaMessage): void {
    if (msg.type === 'status') return void this.answerIfEnded(ctx, from, msg.saga);
    if (msg.type === 'order') {
      if (this.sagas.has(msg.saga)) return; // a client's resend of a running saga
      if (this.answerIfEnded(ctx, from, msg.saga)) return;
      const r: SagaRecord = { saga: msg.saga, client: from, qty: msg.qty, amount: msg.amount, startUs: ctx.now(), step: 0, action: 'do', attempt: 1 };
      this.sagas.set(r.saga, r);
      logSaga(ctx, 'started', { saga: r.saga });
      this.persist(ctx, r);
      ctx.send(from, { type: 'accepted', saga: r.saga }); // leaves once the log is durable
      this.send(ctx, r);
    } else if (msg.type === 'deliver' && msg.body.kind === 'reply') {
      const reply = msg.body;
      this.guard(ctx, reply.service as ServiceName, (b) => b.succeeded());
      this.pendingAck.hold(msg.id);
      this.onReply(ctx, reply);
      this.pendingAck.flush(ctx, this.nodes.broker);
    }
  }

  /** Tell the client how its saga ended, if it did (the log remembers ended sagas). */
  private answerIfEnded(ctx: Ctx, client: NodeId, saga: string): boolean {
    const ended = ctx.disk.get<boolean>(`end:${saga}`);
    if (ended !== undefined) ctx.send(client, { type: 'outcome', saga, completed: ended, reason: ended ? '' : 'compensated' });
    return ended !== undefined;
  }

  private onReply(ctx: Ctx, reply: Reply): void {
    const r = this.sagas.get(reply.saga);
    if (r === undefined || STEPS[r.step] !== reply.service || r.action !== reply.action) return; // stale or duplicate
    if (r.action === 'finish') return this.end(ctx, r, true);
    if (r.action === 'do' && reply.ok) this.advance(ctx, r, r.step + 1 < STEPS.length ? r.step + 1 : 0, r.step + 1 < STEPS.length ? 'do' : 'finish');
    else this.compensateFrom(ctx, r, r.step - 1); // refused (nothing applied), or an undo that holds
  }

  /** Undo the steps before `step` in reverse; past the first, the saga is compensated. */
  private compensateFrom(ctx: Ctx, r: SagaRecord, step: number): void {
    if (this.flags.missingCompensation && STEPS[step] === 'inventory') step -= 1;
    if (step < 0) return this.end(ctx, r, false);
    this.advance(ctx, r, step, 'undo');
  }

  private advance(ctx: Ctx, r: SagaRecord, step: number, action: Action): void {
    r.step = step;
    r.action = action;
    r.attempt = 1;
    this.persist(ctx, r);
    this.send(ctx, r);
  }

  private end(ctx: Ctx, r: SagaRecord, completed: boolean): void {
    this.sagas.delete(r.saga);
    this.deadlines.forget(ctx, r.saga);
    ctx.disk.delete(`saga:${r.saga}`);
    ctx.disk.put(`end:${r.saga}`, completed);
    this.log.commit(ctx.disk);
    logSaga(ctx, 'ended', { saga: r.saga, completed, latencyUs: ctx.now() - r.startUs });
    ctx.send(r.client, { type: 'outcome', saga: r.saga, completed, reason: completed ? '' : 'compensated' });
  }

  /** Publish the record's command and arm its call timeout, unless the service's breaker is open. */
  private send(ctx: Ctx, r: SagaRecord): void {
    const service = STEPS[r.step]!;
    if (!this.guard(ctx, service, (b) => b.allow(ctx.now(), r.saga))) return this.shortCircuit(ctx, r, service);
    const id = `c:${r.saga}:${r.action}:${r.attempt}`;
    ctx.send(this.nodes.broker, { type: 'publish', queue: service, id, body: { kind: 'command', saga: r.saga, action: r.action, qty: r.qty, amount: r.amount }, confirm: false, ack: this.pendingAck.take() });
    this.deadlines.set(ctx, r.saga, this.config.callTimeoutUs, 'timeout');
  }

  /** The breaker is open: a forward step fails now (compensate); anything else waits for it. */
  private shortCircuit(ctx: Ctx, r: SagaRecord, service: ServiceName): void {
    logSaga(ctx, 'short-circuited', { saga: r.saga, service });
    if (r.action === 'do') return this.compensateFrom(ctx, r, r.attempt > 1 ? r.step : r.step - 1);
    const atUs = this.breakers.get(service)!.retryAtUs(ctx.now(), this.config.callTimeoutUs);
    this.deadlines.set(ctx, r.saga, atUs - ctx.now(), 'wait');
  }

  timer(ctx: Ctx, _name: string, id: TimerId): void {
    const due = this.deadlines.fired(ctx, id);
    const r = due === null ? undefined : this.sagas.get(due.saga);
    if (r === undefined) return;
    const kind = due!.kind;
    if (kind === 'wait') return this.send(ctx, r);
    if (kind === 'retry') {
      r.attempt += 1;
      logSaga(ctx, 'retried', { saga: r.saga, service: STEPS[r.step]!, attempt: r.attempt });
      this.persist(ctx, r);
      return this.send(ctx, r);
    }
    this.guard(ctx, STEPS[r.step]!, (b) => b.failed(ctx.now(), r.saga));
    // No answer: the step may have been applied, so its own undo comes first.
    if (r.action === 'do' && r.attempt >= this.config.retryLimit) return this.compensateFrom(ctx, r, r.step);
    if (r.action === 'undo' && this.flags.compensationNotRetried) return this.compensateFrom(ctx, r, r.step - 1);
    this.deadlines.set(ctx, r.saga, this.backoffUs(ctx, r.attempt), 'retry');
  }

  /** Full jitter: random(0, min(cap, base * 2^(attempt-1))); none: retry at once. */
  private backoffUs(ctx: Ctx, attempt: number): number {
    if (this.config.retryBackoff === 'none') return 0;
    const ceilingUs = Math.min(this.config.retryCapUs, this.config.retryBaseUs * 2 ** (attempt - 1));
    return Math.floor(ctx.random() * ceilingUs);
  }

  /** Call the service's breaker and log a change of its state. */
  private guard<T>(ctx: Ctx, service: ServiceName, call: (breaker: Breaker) => T): T {
    const breaker = this.breakers.get(service)!;
    const before = breaker.current;
    const result = call(breaker);
    if (breaker.current !== before) logSaga(ctx, 'breaker', { service, state: breaker.current });
    return result;
  }

  private persist(ctx: Ctx, r: SagaRecord): void {
    if (this.flags.noDurableLog) return;
    ctx.disk.put(`saga:${r.saga}`, copyOf(r)); // a copy: the record in memory changes on, the disk's only with a write
    this.log.commit(ctx.disk);
  }

  synced(ctx: Ctx, syncId: SyncId): void {
    this.log.synced(ctx.disk, syncId);
  }

  inspect() {
    const breakers = Object.fromEntries([...this.breakers].map(([service, b]) => [service, b.current]));
    return { role: 'orchestrator', active: this.sagas.size, ...breakers };
  }
}
