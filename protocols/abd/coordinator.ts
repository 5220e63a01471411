// The ABD coordinator (Attiya, Bar-Noy and Dolev): any server runs an operation for a
// client, in two phases over a majority.
// - read: query a majority for their tagged values, take the newest, write it back to a
//   majority (so no later read can return anything older), then return it;
// - write (multi-writer): query a majority for the highest timestamp, then store the value
//   under (highest + 1, own id) at a majority; single-writer: the one writer numbers its
//   writes from its own durable counter and skips the query.
// A phase that does not gather a majority before `requestTimeout` is dropped silently:
// the client times out and the op stays open (it may or may not have taken effect).
import type { Context, NodeId, TimerId } from '../../sim/types.js';
import type { KvCommand, KvValue } from '../kv/commands.js';
import type { AbdConfig } from './config.js';
import type { AbdMessage, QueryReply, StoreAck } from './messages.js';
import { newer, ZERO, type Tagged, type Timestamp } from './timestamp.js';
import type { AbdFlags } from './variants.js';

type Ctx = Context<AbdMessage>;
const COUNTER_KEY = 'writer-counter';

interface Op {
  readonly rid: number;
  readonly client: NodeId;
  readonly command: KvCommand;
  phase: 'query' | 'store';
  readonly answered: Set<NodeId>;
  newest: Tagged;
  timer: TimerId;
}

export class AbdCoordinator {
  private readonly ops = new Map<number, Op>();
  private readonly timers = new Map<TimerId, number>();

  constructor(
    private readonly config: AbdConfig,
    private readonly flags: AbdFlags,
    private nextRid: number,
  ) {}

  begin(ctx: Ctx, client: NodeId, command: KvCommand): void {
    const rid = this.nextRid++;
    const op: Op = { rid, client, command, phase: 'query', answered: new Set(), newest: ZERO, timer: -1 };
    this.ops.set(rid, op);
    const writes = command.f !== 'get';
    if (writes && this.config.writers === 'single') return this.store(ctx, op, this.nextOwnNumber(ctx, 0));
    if (writes && this.flags.noQueryPhase) return this.store(ctx, op, this.nextOwnNumber(ctx, 0));
    this.send(ctx, op, { type: 'abd-query', rid, key: command.key });
  }

  onQueryReply(ctx: Ctx, from: NodeId, msg: QueryReply): void {
    const op = this.ops.get(msg.rid);
    if (op === undefined || op.phase !== 'query' || op.answered.has(from)) return;
    op.answered.add(from);
    if (newer(msg.ts, op.newest.ts, !this.flags.noTieBreak)) op.newest = { ts: msg.ts, value: msg.value };
    if (!this.isMajority(ctx, op)) return;
    if (op.command.f !== 'get') return this.store(ctx, op, this.nextOwnNumber(ctx, op.newest.ts.num));
    if (this.flags.noWriteBack) return this.reply(ctx, op, op.newest.value);
    this.storeTagged(ctx, op, op.newest);
  }

  onStoreAck(ctx: Ctx, from: NodeId, msg: StoreAck): void {
    const op = this.ops.get(msg.rid);
    if (op === undefined || op.phase !== 'store') return;
    op.answered.add(from);
    if (this.isMajority(ctx, op)) this.reply(ctx, op, op.command.f === 'get' ? op.newest.value : undefined);
  }

  onTimer(ctx: Ctx, id: TimerId): boolean {
    const rid = this.timers.get(id);
    if (rid === undefined) return false;
    this.timers.delete(id);
    this.ops.delete(rid);
    return true;
  }

  /** Number a write above `seen` and above every number this node used before (durable). */
  private nextOwnNumber(ctx: Ctx, seen: number): Timestamp {
    const num = Math.max(seen, ctx.disk.get<number>(COUNTER_KEY) ?? 0) + 1;
    ctx.disk.put(COUNTER_KEY, num);
    ctx.disk.sync();
    return { num, writer: ctx.id };
  }

  private store(ctx: Ctx, op: Op, ts: Timestamp): void {
    const value: KvValue = op.command.f === 'delete' ? null : (op.command.value as KvValue);
    this.storeTagged(ctx, op, { ts, value });
  }

  private storeTagged(ctx: Ctx, op: Op, tagged: Tagged): void {
    op.phase = 'store';
    op.newest = tagged;
    op.answered.clear();
    this.stopTimer(ctx, op);
    this.send(ctx, op, { type: 'abd-store', rid: op.rid, key: op.command.key, ts: tagged.ts, value: tagged.value });
  }

  private send(ctx: Ctx, op: Op, msg: AbdMessage): void {
    for (const server of ctx.servers) ctx.send(server, msg);
    op.timer = ctx.setTimer(this.config.requestTimeout, 'phase-timeout');
    this.timers.set(op.timer, op.rid);
  }

  private isMajority(ctx: Ctx, op: Op): boolean {
    return op.answered.size > ctx.servers.length / 2;
  }

  private stopTimer(ctx: Ctx, op: Op): void {
    if (!this.timers.delete(op.timer)) return;
    ctx.cancelTimer(op.timer);
  }

  private reply(ctx: Ctx, op: Op, value: KvValue | undefined): void {
    this.stopTimer(ctx, op);
    this.ops.delete(op.rid);
    const c = op.command;
    ctx.send(op.client, { type: 'kv-reply', client: c.client, seq: c.seq, outcome: 'ok', value });
  }
}
