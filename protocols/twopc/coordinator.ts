// The coordinator: it sends PREPARE to the shards a transaction touches, tallies their
// votes, decides, and (for a transfer that commits) forces the decision to its log
// before anyone hears it. Presumed abort: an abort is never logged, and a coordinator
// asked about a transaction it has no record of answers abort. Commits are resent until
// every participant acknowledges; then the record is dropped.
import type { Context, NodeId, ServerNode, TimerId } from '../../sim/types.js';
import { shardOf, type Topology, type TwopcConfig } from './config.js';
import { logTwopc } from './events.js';
import type { Balances, Deltas, Transfer, TwopcMessage, TxKind } from './messages.js';
import type { TwopcFlags } from './variants.js';

type Ctx = Context<TwopcMessage>;
export const RESEND_TIMER = 'resend';
const VOTES_TIMER = 'votes:';

interface ActiveTx {
  readonly kind: TxKind;
  readonly client: NodeId;
  readonly participants: readonly NodeId[];
  /** Who voted yes, one entry per vote counted. */
  readonly yes: NodeId[];
  readonly balances: Record<string, number>;
}

/** A commit decision waiting for acknowledgements (durable under `dec:<tx>`). */
interface CommitRecord {
  readonly participants: readonly NodeId[];
}

export class CoordinatorNode implements ServerNode<TwopcMessage> {
  private readonly active = new Map<string, ActiveTx>();
  /** Commits not yet acknowledged by everyone: tx -> participants still to ack. */
  protected readonly unacked = new Map<string, Set<NodeId>>();
  private resending = false;
  /** Commit decisions logged but not yet durable, by the sync that makes them so. */
  private readonly syncing = new Map<number, { readonly tx: string; readonly participants: string }[]>();

  constructor(
    readonly config: TwopcConfig,
    readonly topology: Topology,
    readonly flags: TwopcFlags,
  ) {}

  start(ctx: Ctx): void {
    const keys = ctx.disk.keys('dec:');
    if (!this.flags.recoveryPresumesAbort) for (const key of keys) this.unacked.set(key.slice(4), new Set(ctx.disk.get<CommitRecord>(key)!.participants));
    logTwopc(ctx, 'recovered', { decisions: this.unacked.size });
    for (const tx of this.unacked.keys()) this.sendDecision(ctx, tx, true);
    this.startResending(ctx);
  }

  synced(ctx: Ctx, syncId: number): void {
    for (const [id, decisions] of this.syncing) {
      if (id > syncId) break;
      this.syncing.delete(id);
      for (const d of decisions) logTwopc(ctx, 'decided', { tx: d.tx, commit: true, readOnly: false, participants: d.participants });
    }
  }

  receive(ctx: Ctx, from: NodeId, msg: TwopcMessage): void {
    switch (msg.type) {
      case 'begin':
        return this.begin(ctx, from, msg.tx, msg.kind, msg.transfer);
      case 'vote':
        return this.handleVote(ctx, from, msg.tx, msg.yes, msg.balances);
      case 'ack':
        return this.handleAck(ctx, from, msg.tx);
      case 'inquire':
        return this.answer(ctx, from, msg.tx);
      default:
        return;
    }
  }

  timer(ctx: Ctx, name: string, _id: TimerId): void {
    if (name === RESEND_TIMER) {
      this.resending = false;
      for (const tx of this.unacked.keys()) this.sendDecision(ctx, tx, true);
      this.startResending(ctx);
    } else if (name.startsWith(VOTES_TIMER)) {
      const tx = name.slice(VOTES_TIMER.length);
      if (this.active.has(tx)) this.decide(ctx, tx, this.flags.timeoutCountsAsYes, 'a vote did not arrive in time');
    }
  }

  private begin(ctx: Ctx, client: NodeId, tx: string, kind: TxKind, transfer: Transfer | null): void {
    if (this.active.has(tx) || this.unacked.has(tx)) return; // a duplicate
    const changes = kind === 'transfer' ? this.changesByShard(transfer!) : new Map(this.topology.shards.map((s) => [s, {}]));
    const participants = [...changes.keys()];
    this.active.set(tx, { kind, client, participants, yes: [], balances: {} });
    for (const [shard, deltas] of changes) ctx.send(shard, { type: 'prepare', tx, kind, deltas, participants });
    ctx.setTimer(this.config.voteTimeout, VOTES_TIMER + tx);
  }

  private changesByShard(t: Transfer): Map<NodeId, Deltas> {
    const { accounts } = this.config;
    const shards = this.topology.shards;
    const changes = new Map<NodeId, Record<string, number>>();
    const add = (account: string, delta: number) => {
      const shard = shardOf(account, accounts, shards);
      const deltas = changes.get(shard) ?? {};
      deltas[account] = (deltas[account] ?? 0) + delta;
      changes.set(shard, deltas);
    };
    add(t.from, -t.amount);
    add(t.to, t.amount);
    return changes;
  }

  private handleVote(ctx: Ctx, from: NodeId, tx: string, yes: boolean, balances: Balances | null): void {
    const active = this.active.get(tx);
    if (active === undefined) {
      // Decided already: tell the voter again (presumed abort when there is no record).
      if (yes) this.answer(ctx, from, tx);
      return;
    }
    if (!yes) return this.decide(ctx, tx, false, `${from} voted no`);
    if (!this.flags.duplicateYesCounted && active.yes.includes(from)) return;
    active.yes.push(from);
    Object.assign(active.balances, balances ?? {});
    if (active.yes.length >= active.participants.length) this.decide(ctx, tx, true, '');
  }

  /** The one place a decision is made. A transfer's commit is forced to the log before it is sent. */
  private decide(ctx: Ctx, tx: string, commit: boolean, reason: string): void {
    const active = this.active.get(tx)!;
    this.active.delete(tx);
    const readOnly = active.kind === 'audit';
    const participants = active.participants.join(',');
    if (commit && !readOnly) {
      ctx.disk.put(`dec:${tx}`, { participants: active.participants } satisfies CommitRecord);
      const syncId = ctx.disk.sync();
      // A commit is decided once it is durable: a crash before that loses it, and presumed abort is then right.
      this.syncing.set(syncId, [...(this.syncing.get(syncId) ?? []), { tx, participants }]);
      this.unacked.set(tx, new Set(active.participants));
      this.startResending(ctx);
    } else {
      logTwopc(ctx, 'decided', { tx, commit, readOnly, participants });
    }
    if (commit && !readOnly) this.announceCommit(ctx, tx, active.participants);
    else for (const p of active.participants) this.sendTo(ctx, p, { type: 'decision', tx, commit });
    const balances = commit && readOnly ? active.balances : null;
    if (balances !== null) logTwopc(ctx, 'audit', { tx, total: Object.values(balances).reduce((a, b) => a + b, 0), opening: this.openingTotal() });
    this.sendTo(ctx, active.client, { type: 'outcome', tx, committed: commit, balances, reason });
  }

  /** Tell the participants a transfer commits (3PC sends PRECOMMIT first). */
  protected announceCommit(ctx: Ctx, tx: string, participants: readonly NodeId[]): void {
    for (const p of participants) this.sendTo(ctx, p, { type: 'decision', tx, commit: true });
  }

  private openingTotal(): number {
    return this.config.accounts * this.config.initialBalance;
  }

  protected sendTo(ctx: Ctx, to: NodeId, msg: TwopcMessage): void {
    if (this.flags.commitBeforeDurable) ctx.sendUnsynced(to, msg);
    else ctx.send(to, msg);
  }

  private sendDecision(ctx: Ctx, tx: string, commit: boolean): void {
    for (const p of this.unacked.get(tx) ?? []) ctx.send(p, { type: 'decision', tx, commit });
  }

  private handleAck(ctx: Ctx, from: NodeId, tx: string): void {
    const waiting = this.unacked.get(tx);
    if (waiting === undefined) return;
    waiting.delete(from);
    if (waiting.size > 0) return;
    this.unacked.delete(tx);
    ctx.disk.delete(`dec:${tx}`); // everyone committed durably: nobody will ask again
    ctx.disk.sync(); // not forced (nothing waits on it), but the kernel holds later sends behind any unsynced write
  }

  /** What this coordinator knows of a transaction; nothing while it is still tallying votes. */
  private answer(ctx: Ctx, to: NodeId, tx: string): void {
    if (this.active.has(tx)) return;
    ctx.send(to, { type: 'decision', tx, commit: this.unacked.has(tx) });
  }

  private startResending(ctx: Ctx): void {
    if (this.resending || this.unacked.size === 0) return;
    this.resending = true;
    ctx.setTimer(this.config.resendInterval, RESEND_TIMER);
  }

  inspect() {
    return { role: 'coordinator', active: this.active.size, unacked: this.unacked.size };
  }
}
