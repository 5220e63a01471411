// One instance competing for the lease (a client node: its program is the work). Every
// renewEvery it asks the database for the lease: a holder renews, the others try to take
// it. It believes it leads from a granted answer until ttl - margin has passed on its own
// clock, counted from when the granted request left (the answer may have been delayed, or
// may answer an older request than the latest); a refused renewal ends the belief at
// once. Beliefs are logged (`lease-held`, `lease-lost`) so the checks can compare leaders
// in true time. While it leads, `add` is
// a read-modify-write on the resource and `read` a read, both carrying the lease epoch
// as the fencing token; otherwise they fail at once (they never took effect).
import type { ClientContext, ClientNode, ClientOp, NodeId, OpResult, TimerId } from '../../sim/types.js';
import type { LeaseConfig } from './config.js';
import { logLease } from './events.js';
import type { LeaseMessage } from './messages.js';
import type { LeaseFlags } from './variants.js';
import { NamedTimers } from '../named-timers.js';

type Ctx = ClientContext<LeaseMessage>;

const TIMER_RENEW = 'renew';
const TIMER_VALIDITY = 'validity';
const TIMER_WORK = 'work';
const TIMER_REQUEST = 'request';
/** Lease requests whose send time is remembered: an answer to an older one is ignored. */
const REQUESTS_REMEMBERED_MAX = 8;
/** Request ids start at a random point below this (2^40, far from overflowing a double). */
const REQUEST_ID_SPREAD = 2 ** 40;

interface Lease {
  readonly epoch: number;
  /** The request whose grant set validUntilUs. */
  readonly request: number;
  /** Local-clock time the belief ends. */
  readonly validUntilUs: number;
}

export class LeaseInstance implements ClientNode<LeaseMessage> {
  private lease: Lease | null = null;
  /** The latest lease request, and when (local clock) each recent one left. */
  private request = 0;
  private readonly sentAtUs = new Map<number, number>();
  private op: ClientOp | null = null;
  private storageRequest = 0;
  /** The value an `add` read, once read, and the token it read with (its write uses the same). */
  private readValue: number | null = null;
  private workToken = 0;
  private readonly timers = new NamedTimers();

  constructor(
    private readonly config: LeaseConfig,
    private readonly flags: LeaseFlags,
    private readonly db: NodeId,
    private readonly storage: NodeId,
  ) {}

  start(ctx: Ctx): void {
    // A restart builds a new instance: request ids start at a random point so that an
    // answer to a request from before the crash never matches one sent after it.
    this.request = Math.floor(ctx.random() * REQUEST_ID_SPREAD);
    this.storageRequest = Math.floor(ctx.random() * REQUEST_ID_SPREAD);
    this.askForLease(ctx);
  }

  receive(ctx: Ctx, _from: NodeId, msg: LeaseMessage): void {
    if (msg.type === 'lease-reply') return this.onLeaseReply(ctx, msg.request, msg.epoch);
    if (msg.type === 'storage-reply') return this.onStorageReply(ctx, msg.request, msg.ok, msg.value);
  }

  timer(ctx: Ctx, name: string, id: TimerId): void {
    if (!this.timers.fired(name, id)) return;
    if (name === TIMER_RENEW) return this.askForLease(ctx);
    if (name === TIMER_VALIDITY) return this.leads(ctx) ? this.armValidity(ctx) : undefined;
    if (name === TIMER_WORK) return this.sendStorage(ctx, { type: 'storage-write', request: ++this.storageRequest, token: this.workToken, value: this.readValue! + 1 });
    if (name === TIMER_REQUEST) return this.finish(ctx, { type: 'info', error: 'no answer from the resource' });
  }

  invoke(ctx: Ctx, op: ClientOp): void {
    this.op = op;
    if (!this.leads(ctx)) return this.finish(ctx, { type: 'fail', error: 'not the leader' });
    this.readValue = null;
    this.workToken = this.lease!.epoch;
    this.sendStorage(ctx, { type: 'storage-read', request: ++this.storageRequest, token: this.workToken });
  }

  abandon(ctx: Ctx, opId: number): void {
    if (this.op?.id !== opId) return;
    this.op = null;
    this.timers.cancel(ctx, TIMER_WORK);
    this.timers.cancel(ctx, TIMER_REQUEST);
  }

  inspect() {
    return { role: this.lease === null ? 'follower' : 'leader', epoch: this.lease?.epoch ?? null };
  }

  // ---- the lease ----

  private askForLease(ctx: Ctx): void {
    this.request += 1;
    this.sentAtUs.set(this.request, ctx.now());
    if (this.sentAtUs.size > REQUESTS_REMEMBERED_MAX) this.sentAtUs.delete(this.sentAtUs.keys().next().value!);
    ctx.send(this.db, { type: 'lease-acquire', request: this.request, clientNowUs: ctx.now() });
    this.timers.arm(ctx, TIMER_RENEW, this.config.renewEvery);
  }

  /**
   * An answer counts from when ITS request left (an answer to an older request proves the
   * lease only from that older time), and only if that request is remembered.
   */
  private onLeaseReply(ctx: Ctx, request: number, epoch: number | null): void {
    const sentUs = this.sentAtUs.get(request);
    if (sentUs === undefined) return;
    if (epoch === null) {
      // Refused: someone else held it then. A grant to a newer request still stands.
      if (this.lease !== null && request >= this.lease.request) this.lose(ctx, 'renewal refused');
      return;
    }
    const fromUs = this.flags.validityFromReply ? ctx.now() : sentUs;
    const validUntilUs = fromUs + this.config.ttl - this.config.margin;
    if (validUntilUs <= ctx.now()) return; // granted, but over by the time the answer came
    if (this.lease !== null && epoch < this.lease.epoch) return; // a late grant of a lease since lost and retaken
    if (this.lease !== null && this.lease.epoch !== epoch) this.lose(ctx, 'epoch changed');
    if (this.lease === null) {
      logLease(ctx, 'lease-held', { token: epoch, validityUs: validUntilUs - ctx.now() });
      this.lease = { epoch, request, validUntilUs };
    } else if (validUntilUs > this.lease.validUntilUs) {
      this.lease = { epoch, request, validUntilUs };
    }
    this.armValidity(ctx);
  }

  /** Does the local clock say the lease still holds? If not, the belief ends here. */
  private leads(ctx: Ctx): boolean {
    if (this.lease === null) return false;
    if (ctx.now() < this.lease.validUntilUs) return true;
    this.lose(ctx, 'expired');
    return false;
  }

  private armValidity(ctx: Ctx): void {
    this.timers.arm(ctx, TIMER_VALIDITY, Math.max(1, this.lease!.validUntilUs - ctx.now()));
  }

  private lose(ctx: Ctx, reason: string): void {
    logLease(ctx, 'lease-lost', { token: this.lease!.epoch, reason });
    this.lease = null;
    this.timers.cancel(ctx, TIMER_VALIDITY);
  }

  // ---- the work ----

  private sendStorage(ctx: Ctx, msg: LeaseMessage): void {
    ctx.send(this.storage, msg);
    this.timers.arm(ctx, TIMER_REQUEST, this.config.requestTimeout);
  }

  private onStorageReply(ctx: Ctx, request: number, ok: boolean, value: number): void {
    const op = this.op;
    if (op === null || request !== this.storageRequest) return;
    this.timers.cancel(ctx, TIMER_REQUEST);
    if (!ok) return this.finish(ctx, { type: 'fail', error: 'fenced' });
    if (op.f === 'read') return this.finish(ctx, { type: 'ok', value });
    if (this.readValue !== null) return this.finish(ctx, { type: 'ok' });
    this.readValue = value;
    // The lease was checked before the read; a pause from here on goes unnoticed (Kleppmann's point).
    this.timers.arm(ctx, TIMER_WORK, this.config.work);
  }

  private finish(ctx: Ctx, result: OpResult): void {
    const op = this.op;
    if (op === null) return;
    this.op = null;
    ctx.complete(op.id, result);
  }
}
