// A primary with asynchronous backups. The primary applies a write, acknowledges it at
// once, and ships it to the backups on its next heartbeat. A backup that hears nothing
// from the primary for `failoverTimeout` moves to the next epoch; the epoch's primary is
// fixed by rank (servers[epoch mod n]). Writes acknowledged but not yet shipped when the
// primary fails are lost: that is the lesson this protocol teaches.
import type { Context, NodeId, TimerId } from '../../sim/types.js';
import type { KvCommand } from '../kv/commands.js';
import { outcomeReply, redirectReply, type KvRequest } from '../kv/messages.js';
import { KvStateMachine } from '../kv/state-machine.js';
import { logPb } from './events.js';
import type { PbMessage, Replicate, ReplicateAck, StateTransfer } from './messages.js';

export interface PrimaryBackupConfig {
  readonly heartbeatUs: number;
  readonly failoverTimeoutUs: number;
  /** Most writes shipped in one replicate message. */
  readonly batchMax: number;
}

export type PbRole = 'primary' | 'backup';

const EPOCH_KEY = 'pb/epoch';
const TIMER_HEARTBEAT = 'heartbeat';
const TIMER_FAILOVER = 'failover';

type Ctx = Context<PbMessage>;

export function primaryOf(epoch: number, servers: readonly NodeId[]): NodeId {
  return servers[(epoch - 1) % servers.length]!;
}

export class PrimaryBackupNode {
  role: PbRole = 'backup';
  epoch = 1;
  private machine = KvStateMachine.create({ sessions: true });
  /** Writes of this epoch, in order (primary: all it applied; backup: all it received). */
  private writes: KvCommand[] = [];
  /** Primary: how many writes of this epoch each backup has acknowledged. */
  private readonly acked = new Map<NodeId, number>();
  /** Backup: waiting for a state transfer before it can apply the stream. */
  private needsState = false;
  private failoverTimer: TimerId | null = null;

  constructor(private readonly config: PrimaryBackupConfig) {}

  start(ctx: Ctx): void {
    // Only the epoch is durable: a restarted node is a backup that must fetch the state.
    this.epoch = ctx.disk.get<number>(EPOCH_KEY) ?? 1;
    const restarted = ctx.disk.get<number>(EPOCH_KEY) !== undefined;
    if (!restarted) {
      ctx.disk.put(EPOCH_KEY, this.epoch);
      ctx.disk.sync();
    }
    if (!restarted && primaryOf(this.epoch, ctx.servers) === ctx.id) {
      this.becomePrimary(ctx, this.epoch);
    } else {
      this.becomeBackup(ctx, this.epoch, restarted);
    }
  }

  receive(ctx: Ctx, from: NodeId, msg: PbMessage): void {
    switch (msg.type) {
      case 'kv-request':
        return this.handleRequest(ctx, from, msg);
      case 'pb-replicate':
        return this.handleReplicate(ctx, from, msg);
      case 'pb-ack':
        return this.handleAck(ctx, from, msg);
      case 'pb-state':
        return this.handleState(ctx, from, msg);
      case 'pb-state-request':
        if (this.role === 'primary' && msg.epoch <= this.epoch) this.sendState(ctx, from);
        return;
      case 'kv-reply':
        return; // servers never get replies
    }
  }

  timer(ctx: Ctx, name: string): void {
    if (name === TIMER_HEARTBEAT && this.role === 'primary') {
      for (const peer of ctx.peers) this.ship(ctx, peer);
      ctx.setTimer(this.config.heartbeatUs, TIMER_HEARTBEAT);
    } else if (name === TIMER_FAILOVER && this.role === 'backup') {
      this.failoverTimer = null;
      // Nothing from the primary: the next epoch begins. Its primary is fixed by rank.
      const next = this.epoch + 1;
      if (primaryOf(next, ctx.servers) === ctx.id) this.becomePrimary(ctx, next);
      else this.becomeBackup(ctx, next, true);
    }
  }

  inspect() {
    return {
      role: this.role,
      epoch: this.epoch,
      writes: this.writes.length,
      keys: this.machine.keyCount,
    };
  }

  // ---- roles: the one place that changes them ----

  private becomePrimary(ctx: Ctx, epoch: number): void {
    if (epoch < this.epoch) throw new Error(`${ctx.id}: epoch would go back from ${this.epoch} to ${epoch}`);
    this.setEpoch(ctx, epoch);
    this.role = 'primary';
    this.writes = [];
    this.acked.clear();
    this.needsState = false;
    if (this.failoverTimer !== null) ctx.cancelTimer(this.failoverTimer);
    this.failoverTimer = null;
    logPb(ctx, 'became-primary', { epoch });
    // Backups start from this node's state as it stands: whatever it never received is gone.
    for (const peer of ctx.peers) this.sendState(ctx, peer);
    ctx.setTimer(this.config.heartbeatUs, TIMER_HEARTBEAT);
  }

  private becomeBackup(ctx: Ctx, epoch: number, needsState: boolean): void {
    if (epoch < this.epoch) throw new Error(`${ctx.id}: epoch would go back from ${this.epoch} to ${epoch}`);
    const wasPrimary = this.role === 'primary';
    this.setEpoch(ctx, epoch);
    this.role = 'backup';
    this.needsState = needsState;
    if (wasPrimary) logPb(ctx, 'stepped-down', { epoch });
    if (needsState) ctx.send(primaryOf(epoch, ctx.servers), { type: 'pb-state-request', epoch });
    this.resetFailover(ctx);
  }

  private setEpoch(ctx: Ctx, epoch: number): void {
    if (epoch === this.epoch) return;
    this.epoch = epoch;
    this.writes = [];
    ctx.disk.put(EPOCH_KEY, epoch);
    ctx.disk.sync();
  }

  // ---- clients ----

  private handleRequest(ctx: Ctx, from: NodeId, msg: KvRequest): void {
    const command = msg.command;
    if (this.role !== 'primary') {
      ctx.send(from, redirectReply(command, primaryOf(this.epoch, ctx.servers)));
      return;
    }
    if (command.f === 'get') {
      // Served locally, with no check that this node is still the primary.
      ctx.send(from, outcomeReply(command, { type: 'ok', value: this.machine.read(command.key) }));
      return;
    }
    const before = this.machine.sessionCheck(command.client, command.seq);
    const outcome = this.machine.apply(command);
    if (before.kind === 'new' && outcome.type === 'ok') this.writes.push(command);
    // Acknowledged now; replicated later (asynchronously).
    ctx.send(from, outcomeReply(command, outcome));
  }

  // ---- replication ----

  private ship(ctx: Ctx, peer: NodeId): void {
    const from = this.acked.get(peer) ?? 0;
    const commands = this.writes.slice(from, from + this.config.batchMax);
    ctx.send(peer, { type: 'pb-replicate', epoch: this.epoch, from, commands });
  }

  private handleReplicate(ctx: Ctx, from: NodeId, msg: Replicate): void {
    if (msg.epoch < this.epoch) return; // a deposed primary; it will learn from our traffic
    if (msg.epoch > this.epoch || this.role === 'primary') {
      // Another node is primary of a newer epoch (or this one, by rank): follow it.
      this.becomeBackup(ctx, msg.epoch, true);
      return;
    }
    this.resetFailover(ctx);
    if (this.needsState) return;
    if (msg.from <= this.writes.length) {
      for (let i = this.writes.length - msg.from; i < msg.commands.length; i++) {
        const command = msg.commands[i]!;
        this.machine.apply(command);
        this.writes.push(command);
      }
    }
    const ack: ReplicateAck = { type: 'pb-ack', epoch: this.epoch, applied: this.writes.length };
    ctx.send(from, ack);
  }

  private handleAck(ctx: Ctx, from: NodeId, msg: ReplicateAck): void {
    if (msg.epoch > this.epoch) {
      this.becomeBackup(ctx, msg.epoch, true);
      return;
    }
    if (this.role !== 'primary' || msg.epoch !== this.epoch) return;
    this.acked.set(from, Math.min(msg.applied, this.writes.length));
  }

  private sendState(ctx: Ctx, peer: NodeId): void {
    const transfer: StateTransfer = {
      type: 'pb-state',
      epoch: this.epoch,
      applied: this.writes.length,
      snapshot: this.machine.snapshot(),
    };
    this.acked.set(peer, this.writes.length);
    ctx.send(peer, transfer);
  }

  private handleState(ctx: Ctx, _from: NodeId, msg: StateTransfer): void {
    if (msg.epoch < this.epoch) return;
    if (msg.epoch > this.epoch || this.role === 'primary') this.becomeBackup(ctx, msg.epoch, true);
    this.machine = KvStateMachine.restore(msg.snapshot, { sessions: true });
    // Positions count from the snapshot: pad with placeholders so indexes line up.
    this.writes = new Array<KvCommand>(msg.applied);
    this.needsState = false;
    this.resetFailover(ctx);
  }

  private resetFailover(ctx: Ctx): void {
    if (this.failoverTimer !== null) ctx.cancelTimer(this.failoverTimer);
    // A little jitter so backups of the same rank gap do not act in lockstep.
    const jitterUs = Math.floor(ctx.random() * this.config.heartbeatUs);
    this.failoverTimer = ctx.setTimer(this.config.failoverTimeoutUs + jitterUs, TIMER_FAILOVER);
  }
}
