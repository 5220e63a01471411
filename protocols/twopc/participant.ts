// A participant shard: on PREPARE it takes the transaction's locks (waiting up to
// lockTimeout), refuses an overdraft, logs PREPARED durably and votes yes. Then it is in
// doubt: it keeps its locks until it learns the decision, from the coordinator or, by
// cooperative termination (termination.ts), from a peer.
import type { Context, NodeId, ServerNode, TimerId } from '../../sim/types.js';
import { accountsOf, type Topology, type TwopcConfig } from './config.js';
import { logTwopc } from './events.js';
import type { TwopcMessage } from './messages.js';
import { ParticipantState, WAITING_MAX, type PreparedTx } from './participant-state.js';
import { becomeAborted, becomeCommitted, becomePrepared } from './roles.js';
import { answerInquiry, inquire, INQUIRE_TIMER, startInquiring } from './termination.js';
import type { TwopcFlags } from './variants.js';

type Ctx = Context<TwopcMessage>;
const LOCK_TIMER = 'lock-timeout';

export class ParticipantNode implements ServerNode<TwopcMessage> {
  readonly st: ParticipantState;
  private readonly openingTotal: number;
  /** The inquiry timer is set (volatile: a restart sets it again). */
  inquiring = false;
  /** Inquiry rounds per transaction in doubt. */
  readonly inquiryRounds = new Map<string, number>();

  constructor(
    id: NodeId,
    readonly config: TwopcConfig,
    readonly topology: Topology,
    readonly flags: TwopcFlags,
  ) {
    const owned = accountsOf(id, config.accounts, topology.shards);
    this.st = new ParticipantState(owned, config.initialBalance);
    this.openingTotal = owned.length * config.initialBalance;
  }

  start(ctx: Ctx): void {
    this.st.load(ctx.disk);
    // Recovered in doubt: the locks are back; ask until someone knows.
    if (this.st.prepared.size > 0) startInquiring(ctx, this);
  }

  receive(ctx: Ctx, from: NodeId, msg: TwopcMessage): void {
    switch (msg.type) {
      case 'prepare':
        return this.handlePrepare(ctx, { tx: msg.tx, kind: msg.kind, deltas: msg.deltas, participants: msg.participants, coordinator: from });
      case 'decision':
        return this.handleDecision(ctx, from, msg.tx, msg.commit);
      case 'inquire':
        return answerInquiry(ctx, this, from, msg.tx);
      default:
        return;
    }
  }

  timer(ctx: Ctx, name: string, _id: TimerId): void {
    if (name === LOCK_TIMER) this.expireWaiting(ctx);
    else if (name === INQUIRE_TIMER) inquire(ctx, this);
  }

  private handlePrepare(ctx: Ctx, p: PreparedTx): void {
    const st = this.st;
    if (st.prepared.has(p.tx)) return this.vote(ctx, p, true); // a duplicate or a retry: the same yes
    if (st.finished.has(p.tx)) return this.vote(ctx, p, st.finished.get(p.tx) === 'committed');
    if (st.waiting.some((w) => w.prepared.tx === p.tx)) return;
    if (st.canLock(p)) return this.prepare(ctx, p);
    if (st.waiting.length >= WAITING_MAX) return this.vote(ctx, p, false);
    st.waiting.push({ prepared: p, deadlineUs: ctx.now() + this.config.lockTimeout });
    ctx.setTimer(this.config.lockTimeout, LOCK_TIMER);
  }

  /** The locks are free: vote no on an overdraft, else prepare and vote yes. */
  private prepare(ctx: Ctx, p: PreparedTx): void {
    if (this.st.overdraws(p.deltas)) {
      logTwopc(ctx, 'voted', { tx: p.tx, yes: false, readOnly: p.kind === 'audit' });
      return this.vote(ctx, p, false);
    }
    becomePrepared(ctx, this.st, p, this.flags);
    this.vote(ctx, p, true);
    this.awaitDecision(ctx, p);
  }

  /** In doubt after a yes vote: 2PC waits for the decision, asking every inquiryInterval (3PC times out instead). */
  protected awaitDecision(ctx: Ctx, _p: PreparedTx): void {
    startInquiring(ctx, this);
  }

  private vote(ctx: Ctx, p: PreparedTx, yes: boolean): void {
    const balances = yes && p.kind === 'audit' ? this.st.balancesObject() : null;
    ctx.send(p.coordinator, { type: 'vote', tx: p.tx, yes, balances });
  }

  handleDecision(ctx: Ctx, from: NodeId, tx: string, commit: boolean): void {
    const st = this.st;
    const p = st.prepared.get(tx);
    if (commit) {
      if (p !== undefined) becomeCommitted(ctx, st, p);
      else if (st.finished.get(tx) !== 'committed') becomeAborted(ctx, st, tx); // it forgot: it cannot apply what it lost
      if (from === this.topology.coordinator) ctx.send(from, { type: 'ack', tx });
    } else if (p !== undefined) {
      becomeAborted(ctx, st, tx);
    } else {
      this.dropWaiting(tx);
      return;
    }
    this.retryWaiting(ctx);
  }

  /** Locks were released: the waiting PREPAREs whose locks are now free go ahead, in arrival order. */
  private retryWaiting(ctx: Ctx): void {
    const waiting = this.st.waiting;
    for (let i = 0; i < waiting.length; ) {
      const w = waiting[i]!;
      if (this.st.canLock(w.prepared)) {
        waiting.splice(i, 1);
        this.prepare(ctx, w.prepared);
      } else {
        i++;
      }
    }
  }

  /** A PREPARE that waited lockTimeout for its locks: vote no. */
  private expireWaiting(ctx: Ctx): void {
    const nowUs = ctx.now();
    const waiting = this.st.waiting;
    for (let i = 0; i < waiting.length; ) {
      const w = waiting[i]!;
      if (w.deadlineUs <= nowUs) {
        waiting.splice(i, 1);
        logTwopc(ctx, 'voted', { tx: w.prepared.tx, yes: false, readOnly: w.prepared.kind === 'audit' });
        this.vote(ctx, w.prepared, false);
      } else {
        i++;
      }
    }
  }

  dropWaiting(tx: string): boolean {
    const i = this.st.waiting.findIndex((w) => w.prepared.tx === tx);
    if (i >= 0) this.st.waiting.splice(i, 1);
    return i >= 0;
  }

  inspect() {
    const st = this.st;
    return {
      role: 'participant',
      roles: st.prepared.size > 0 ? ['participant', 'in-doubt'] : ['participant'],
      total: st.total(),
      openingTotal: this.openingTotal,
      minBalance: st.minBalance(),
      inDoubt: st.prepared.size,
      locked: st.locks.size,
      waiting: st.waiting.length,
    };
  }
}
