// One lock server: an independent key -> (value, expiry) store, with no replication to
// the others (Redlock's N masters). Expiry is read from this server's own local clock, so
// a clock jump here expires a key early. Persistence decides what a restart remembers:
// none (nothing), sync (every write, before the reply), periodic (a snapshot every
// persistEvery; a crash loses what changed since). In `replicated` mode the first server
// is a primary that copies writes to the second after replicationDelay (asynchronously).
// A request no one waits for (attempt NO_REPLY) gets no reply.
import type { Context, NodeId, ServerNode, TimerId } from '../../sim/types.js';
import type { RedlockConfig } from './config.js';
import { logRedlock } from './events.js';
import { NO_REPLY, type LockMessage, type LockReply, type RedlockMessage } from './messages.js';

type Ctx = Context<RedlockMessage>;

interface Entry {
  readonly value: string;
  /** Local-clock time it expires at; null: never (a SETNX whose EXPIRE never came). */
  readonly expiresAtUs: number | null;
}

const DISK_KEY = 'keys';
const TIMER_PERSIST = 'persist';
const TIMER_REPLICATE = 'replicate';

export class LockServer implements ServerNode<RedlockMessage> {
  /** A deleted key maps to undefined, never Map.delete: emptying a small Map reallocates its table (this runs per write). */
  private keys = new Map<string, Entry | undefined>();
  private persistTimer: TimerId | null = null;
  /** Replicated mode: writes not yet copied to the replica (a crash before the copy loses them). */
  private pending: { key: string; entry: Entry | null }[] = [];

  constructor(
    private readonly config: RedlockConfig,
    /** Replicated mode: the replica this primary copies to (null otherwise). */
    private readonly replica: NodeId | null,
  ) {}

  start(ctx: Ctx): void {
    const saved = this.config.persistence === 'none' ? undefined : ctx.disk.get<readonly (readonly [string, Entry])[]>(DISK_KEY);
    this.keys = new Map(saved ?? []);
    this.pending = [];
    if (this.config.persistence === 'periodic') this.persistTimer = ctx.setTimer(this.config.persistEvery, TIMER_PERSIST);
  }

  receive(ctx: Ctx, from: NodeId, msg: RedlockMessage): void {
    switch (msg.type) {
      case 'lock-set':
      case 'lock-expire':
      case 'lock-del': {
        const ok = this.apply(ctx, msg);
        if (msg.attempt !== NO_REPLY) ctx.send(from, { type: 'lock-reply', attempt: msg.attempt, ok });
        return;
      }
      case 'lock-replicate':
        this.keys.set(msg.key, msg.value === null ? undefined : { value: msg.value, expiresAtUs: msg.expiresAtUs });
        return;
    }
  }

  timer(ctx: Ctx, name: string, id: TimerId): void {
    if (name === TIMER_REPLICATE) {
      for (const { key, entry } of this.pending) {
        ctx.send(this.replica!, { type: 'lock-replicate', key, value: entry?.value ?? null, expiresAtUs: entry?.expiresAtUs ?? null });
      }
      this.pending = [];
      return;
    }
    if (name !== TIMER_PERSIST || id !== this.persistTimer) return;
    this.save(ctx);
    this.persistTimer = ctx.setTimer(this.config.persistEvery, TIMER_PERSIST);
  }

  inspect() {
    const lock = this.keys.get('lock');
    return { role: 'lock-server', holder: lock?.value ?? null, expiresAtUs: lock?.expiresAtUs ?? null };
  }

  /** The live entry of `key` (an expired one is gone, as Redis's lazy expiry). */
  private live(ctx: Ctx, key: string): Entry | undefined {
    const entry = this.keys.get(key);
    if (entry !== undefined && entry.expiresAtUs !== null && entry.expiresAtUs <= ctx.now()) {
      this.keys.set(key, undefined);
      return undefined;
    }
    return entry;
  }

  private apply(ctx: Ctx, msg: Exclude<LockMessage, LockReply | { type: 'lock-replicate' }>): boolean {
    const entry = this.live(ctx, msg.key);
    if (msg.type === 'lock-set') {
      if (entry !== undefined) return false;
      const expiresAtUs = msg.ttlUs === null ? null : ctx.now() + msg.ttlUs;
      this.write(ctx, msg.key, { value: msg.value, expiresAtUs });
      logRedlock(ctx, 'granted', { key: msg.key, value: msg.value });
      return true;
    }
    if (entry === undefined || (entry.value !== msg.value && !(msg.type === 'lock-del' && msg.plain))) return false;
    if (msg.type === 'lock-expire') this.write(ctx, msg.key, { value: entry.value, expiresAtUs: ctx.now() + msg.ttlUs });
    else this.write(ctx, msg.key, null);
    return true;
  }

  private write(ctx: Ctx, key: string, entry: Entry | null): void {
    this.keys.set(key, entry ?? undefined);
    if (this.config.persistence === 'sync') this.save(ctx);
    if (this.replica !== null) this.replicateLater(ctx, key, entry);
  }

  private save(ctx: Ctx): void {
    // forEach, not a spread: no iterator and no result object per key (this runs per write with sync persistence).
    const saved: (readonly [string, Entry])[] = [];
    this.keys.forEach((entry, key) => {
      if (entry !== undefined) saved.push([key, entry]);
    });
    ctx.disk.put(DISK_KEY, saved);
    ctx.disk.sync();
  }

  /** Async replication: the copy leaves after replicationDelay; a crash first loses it. */
  private replicateLater(ctx: Ctx, key: string, entry: Entry | null): void {
    this.pending.push({ key, entry });
    if (this.pending.length === 1) ctx.setTimer(this.config.replicationDelay, TIMER_REPLICATE);
  }
}
