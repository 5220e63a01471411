// A Redlock client, as the published algorithm has it. acquire: read the start time from
// the local clock; send SET NX PX to every lock server, waiting at most serverTimeout for
// each; hold the lock if a majority granted it and validity = TTL - elapsed - drift
// allowance is positive, else unlock everywhere and retry after a random delay. Then a
// fencing token from the counter group. While it believes it holds the lock (its own
// clock says the validity has not run out), `add` is a read-modify-write on the storage
// service: read with the token, work, write value + 1 with the token. `release` is
// compare-and-delete on every server. Belief changes are logged (`lock-held`, `lock-lost`)
// so the checks can compare holders in true time.
import type { ClientContext, ClientNode, ClientOp, NodeId, TimerId } from '../../sim/types.js';
import { LOCK_KEY, validityUs, type RedlockConfig } from './config.js';
import { logRedlock } from './events.js';
import { NO_REPLY, type RedlockMessage } from './messages.js';
import { TokenClient } from './token-client.js';
import type { RedlockFlags } from './variants.js';
import { NamedTimers } from '../named-timers.js';

type Ctx = ClientContext<RedlockMessage>;

const TIMER_ATTEMPT = 'attempt';
const TIMER_RETRY = 'retry';
const TIMER_VALIDITY = 'validity';
const TIMER_WORK = 'work';
const TIMER_REQUEST = 'request';

interface Holding {
  readonly value: string;
  readonly token: number;
  /** Local-clock time the validity ends. */
  validUntilUs: number;
}

/** One round of lock requests (acquire, extend or release) to the lock servers. */
interface Round {
  readonly kind: 'acquire' | 'extend' | 'release';
  readonly attempt: number;
  readonly value: string;
  readonly startUs: number;
  readonly targets: readonly NodeId[];
  ok: number;
  replies: number;
}

export class RedlockClient implements ClientNode<RedlockMessage> {
  private op: ClientOp | null = null;
  private holding: Holding | null = null;
  private round: Round | null = null;
  private attempts = 0;
  /** The value of the latest acquire attempt: what a release deletes when the lock already expired. */
  private lastValue = '';
  private requests = 0;
  /** Replicated mode: which lock server this client takes for the primary (fails over once). */
  private primary = 0;
  /** The read value of an `add` in progress, and its request id. */
  private readValue: number | null = null;
  /** With `extend`: whether this add already extended the lock (between its two halves of work). */
  private extendedThisAdd = false;
  private request = 0;
  private readonly timers = new NamedTimers();
  private readonly tokens: TokenClient;

  constructor(
    private readonly config: RedlockConfig,
    private readonly flags: RedlockFlags,
    private readonly locks: readonly NodeId[],
    private readonly storage: NodeId,
    counter: readonly NodeId[],
  ) {
    this.tokens = new TokenClient(config, counter);
  }

  start(ctx: Ctx): void {
    this.tokens.start(ctx);
  }

  invoke(ctx: Ctx, op: ClientOp): void {
    this.op = op;
    if (op.f === 'acquire') return this.beginAcquire(ctx);
    if (op.f === 'release') return this.beginRelease(ctx);
    if (!this.stillHolding(ctx)) return this.finish(ctx, { type: 'fail', error: 'not holding the lock' });
    this.readValue = null;
    this.extendedThisAdd = false;
    this.sendStorage(ctx, { type: 'storage-read', request: ++this.request, token: this.holding!.token });
  }

  receive(ctx: Ctx, from: NodeId, msg: RedlockMessage): void {
    if (msg.type === 'lock-reply') return this.onLockReply(ctx, msg.attempt, msg.ok);
    if (msg.type === 'storage-reply') return this.onStorageReply(ctx, msg.request, msg.ok, msg.value);
    this.tokens.receive(ctx, from, msg);
  }

  timer(ctx: Ctx, name: string, id: TimerId): void {
    if (!this.timers.fired(name, id)) return this.tokens.timer(ctx, name, id);
    if (name === TIMER_ATTEMPT) return this.decide(ctx);
    if (name === TIMER_RETRY) return this.beginAcquire(ctx);
    if (name === TIMER_VALIDITY) return this.stillHolding(ctx) ? this.armValidity(ctx) : undefined;
    if (name === TIMER_WORK) return this.config.extend && !this.extendedThisAdd ? this.beginExtend(ctx) : this.sendStorage(ctx, this.writeBack());
    if (name === TIMER_REQUEST) return this.finish(ctx, { type: 'info', error: 'no answer' });
  }

  abandon(ctx: Ctx, opId: number): void {
    if (this.op?.id !== opId) return;
    if (this.op.f === 'acquire' && this.holding === null) this.tokens.stop(ctx);
    this.op = null;
    this.round = null;
    for (const name of [TIMER_ATTEMPT, TIMER_RETRY, TIMER_WORK, TIMER_REQUEST]) this.timers.cancel(ctx, name);
  }

  inspect() {
    return { role: 'client', roles: this.holding === null ? [] : ['lock-holder'], token: this.holding?.token ?? null };
  }

  // ---- acquire ----

  private beginAcquire(ctx: Ctx): void {
    this.attempts += 1;
    // Unique across restarts too (the algorithm's random value): a restarted client must not own its old key.
    const value = `${ctx.id}.${this.attempts}.${Math.floor(ctx.random() * 1e9)}`;
    this.lastValue = value;
    const ttlUs = this.flags.setnxThenExpire ? null : this.config.ttl;
    this.startRound(ctx, 'acquire', value, { type: 'lock-set', attempt: this.attempts, key: LOCK_KEY, value, ttlUs });
  }

  /** Send `request` (of attempt this.attempts) to the round's servers. Messages are immutable: one object serves them all. */
  private startRound(ctx: Ctx, kind: Round['kind'], value: string, request: RedlockMessage): void {
    const targets = this.config.lockMode === 'redlock' ? this.locks : [this.locks[this.primary]!];
    this.round = { kind, attempt: this.attempts, value, startUs: ctx.now(), targets, ok: 0, replies: 0 };
    for (const server of targets) ctx.send(server, request);
    this.timers.arm(ctx, TIMER_ATTEMPT, this.config.serverTimeout);
  }

  private onLockReply(ctx: Ctx, attempt: number, ok: boolean): void {
    const round = this.round;
    if (round === null || attempt !== round.attempt) return;
    round.replies += 1;
    if (ok) round.ok += 1;
    // The two-step single-instance lock: EXPIRE only after SETNX answered.
    if (this.flags.setnxThenExpire && ok && round.kind === 'acquire') ctx.send(round.targets[0]!, { type: 'lock-expire', attempt: NO_REPLY, key: LOCK_KEY, value: round.value, ttlUs: this.config.ttl });
    if (round.replies === round.targets.length) this.decide(ctx);
  }

  /** Every server answered, or the attempt's time is up: count. */
  private decide(ctx: Ctx): void {
    const round = this.round!;
    this.round = null;
    this.timers.cancel(ctx, TIMER_ATTEMPT);
    if (round.replies === 0 && this.config.lockMode === 'replicated') this.primary = Math.min(this.primary + 1, this.locks.length - 1); // fail over
    const elapsedUs = this.flags.ignoreElapsed ? 0 : ctx.now() - round.startUs;
    const validity = validityUs(this.config, elapsedUs);
    const quorum = Math.floor(round.targets.length / 2) + 1;
    const enough = round.ok >= quorum || (this.flags.extendMinority && round.kind === 'extend' && round.ok > 0);
    if (round.kind === 'release') return this.finish(ctx, { type: 'ok' });
    if (round.kind === 'extend') return this.extended(ctx, round, enough && validity > 0 ? validity : null);
    if (!(enough && validity > 0)) return this.unlockAndRetry(ctx, round.value);
    const validUntilUs = (this.flags.ignoreElapsed ? ctx.now() : round.startUs) + validity;
    this.tokens.fetch(ctx, (token) => this.gotToken(ctx, round.value, validUntilUs, token));
  }

  private gotToken(ctx: Ctx, value: string, validUntilUs: number, token: number | null): void {
    if (token === null || ctx.now() >= validUntilUs) return this.unlockAndRetry(ctx, value);
    this.holding = { value, token, validUntilUs };
    logRedlock(ctx, 'lock-held', { token, value, validityUs: validUntilUs - ctx.now() });
    this.armValidity(ctx);
    this.finish(ctx, { type: 'ok', value: { token } });
  }

  private unlockAndRetry(ctx: Ctx, value: string): void {
    // Unlock everywhere, without waiting: a server whose reply was lost may have set the key.
    const unlock: RedlockMessage = { type: 'lock-del', attempt: NO_REPLY, key: LOCK_KEY, value, plain: false };
    for (const server of this.locks) ctx.send(server, unlock);
    const { minUs, maxUs } = this.config.retryDelay;
    this.timers.arm(ctx, TIMER_RETRY, minUs + Math.floor(ctx.random() * (maxUs - minUs + 1)));
  }

  // ---- holding: validity, extension, release ----

  /** Does the local clock say the validity is not over? If it is over, the belief ends here. */
  private stillHolding(ctx: Ctx): boolean {
    const holding = this.holding;
    if (holding === null) return false;
    if (ctx.now() < holding.validUntilUs) return true;
    this.lose(ctx, 'expired');
    return false;
  }

  private armValidity(ctx: Ctx): void {
    this.timers.arm(ctx, TIMER_VALIDITY, Math.max(1, this.holding!.validUntilUs - ctx.now()));
  }

  private lose(ctx: Ctx, reason: string): void {
    logRedlock(ctx, 'lock-lost', { token: this.holding!.token, reason });
    this.holding = null;
    this.timers.cancel(ctx, TIMER_VALIDITY);
  }

  /** With `extend`, the work comes in two halves, and the lock is extended between them. */
  private beginExtend(ctx: Ctx): void {
    this.extendedThisAdd = true;
    if (!this.stillHolding(ctx)) return this.finish(ctx, { type: 'fail', error: 'lock lost' });
    const { value } = this.holding!;
    this.attempts += 1;
    this.startRound(ctx, 'extend', value, { type: 'lock-expire', attempt: this.attempts, key: LOCK_KEY, value, ttlUs: this.config.ttl });
  }

  private extended(ctx: Ctx, round: Round, validity: number | null): void {
    if (this.holding === null) return this.finish(ctx, { type: 'fail', error: 'lock lost' });
    if (validity === null || ctx.now() >= this.holding.validUntilUs) {
      this.lose(ctx, 'extension failed');
      return this.finish(ctx, { type: 'fail', error: 'extension failed' });
    }
    this.holding.validUntilUs = round.startUs + validity;
    logRedlock(ctx, 'extended', { token: this.holding.token, servers: round.ok, validityUs: this.holding.validUntilUs - ctx.now() });
    this.armValidity(ctx);
    this.timers.arm(ctx, TIMER_WORK, this.config.work);
  }

  private beginRelease(ctx: Ctx): void {
    const value = this.holding?.value ?? this.lastValue;
    if (this.holding !== null) this.lose(ctx, 'released');
    this.attempts += 1;
    this.startRound(ctx, 'release', value, { type: 'lock-del', attempt: this.attempts, key: LOCK_KEY, value, plain: this.flags.plainDelete });
  }

  // ---- the protected resource ----

  private sendStorage(ctx: Ctx, msg: RedlockMessage): void {
    ctx.send(this.storage, msg);
    this.timers.arm(ctx, TIMER_REQUEST, this.config.requestTimeout);
  }

  private onStorageReply(ctx: Ctx, request: number, ok: boolean, value: number): void {
    const op = this.op;
    // A late reply to an abandoned add may arrive during the next acquire: only an add or read takes it.
    if (op === null || request !== this.request || (op.f !== 'add' && op.f !== 'read')) return;
    this.timers.cancel(ctx, TIMER_REQUEST);
    if (!ok) return this.finish(ctx, { type: 'fail', error: 'fenced' });
    if (op.f === 'read' || this.readValue !== null) return this.finish(ctx, op.f === 'read' ? { type: 'ok', value } : { type: 'ok' });
    this.readValue = value;
    // Kleppmann's point: the validity was checked before the read; a pause from here on goes unnoticed.
    this.timers.arm(ctx, TIMER_WORK, this.config.work);
  }

  private writeBack(): RedlockMessage {
    return { type: 'storage-write', request: ++this.request, token: this.holding?.token ?? 0, value: this.readValue! + 1 };
  }

  // ---- plumbing ----

  private finish(ctx: Ctx, result: Parameters<Ctx['complete']>[1]): void {
    const op = this.op;
    if (op === null) return;
    this.op = null;
    ctx.complete(op.id, result);
  }
}
