// The database that holds the lease row: holder, expiry and epoch. One conditional update
// takes the lease (when it is free or expired) or renews it (for its holder); the expiry
// is the database's own clock plus the TTL, so instances' clocks do not matter here (the
// client-clock-expiry bug uses theirs). The row is synced before the answer leaves
// (persist-before-send), so a restarted database remembers who holds the lease.
import type { Context, NodeId, ServerNode } from '../../sim/types.js';
import type { LeaseConfig } from './config.js';
import { logLease } from './events.js';
import type { LeaseAcquire, LeaseMessage } from './messages.js';
import type { LeaseFlags } from './variants.js';

type Ctx = Context<LeaseMessage>;

interface LeaseRow {
  readonly holder: NodeId | null;
  readonly expiresAtUs: number;
  readonly epoch: number;
}

const DISK_KEY = 'lease';
const EMPTY: LeaseRow = { holder: null, expiresAtUs: 0, epoch: 0 };

export class LeaseDb implements ServerNode<LeaseMessage> {
  private row: LeaseRow = EMPTY;

  constructor(
    private readonly config: LeaseConfig,
    private readonly flags: LeaseFlags,
  ) {}

  start(ctx: Ctx): void {
    this.row = ctx.disk.get<LeaseRow>(DISK_KEY) ?? EMPTY;
  }

  receive(ctx: Ctx, from: NodeId, msg: LeaseMessage): void {
    if (msg.type !== 'lease-acquire') return;
    ctx.send(from, { type: 'lease-reply', request: msg.request, epoch: this.update(ctx, from, msg) });
  }

  timer(): void {}

  inspect() {
    return { role: 'lease-db', holder: this.row.holder, epoch: this.row.epoch, expiresAtUs: this.row.expiresAtUs };
  }

  /** The conditional update: the epoch granted, or null when someone else holds a live lease. */
  private update(ctx: Ctx, from: NodeId, msg: LeaseAcquire): number | null {
    const nowUs = this.flags.clientClockExpiry ? msg.clientNowUs : ctx.now();
    const renewal = this.row.holder === from;
    if (!renewal && this.row.holder !== null && this.row.expiresAtUs > nowUs) return null;
    const epoch = renewal ? this.row.epoch : this.row.epoch + 1;
    this.row = { holder: from, expiresAtUs: nowUs + this.config.ttl, epoch };
    ctx.disk.put(DISK_KEY, this.row);
    ctx.disk.sync();
    logLease(ctx, 'lease-granted', { holder: from, epoch, renewal });
    return epoch;
  }
}
