// A service's local transaction on its durable store. Per saga the store keeps one record
// (`s:<saga>`, rewritten whole by each transaction): the processed-message table's rows
// (the reply to each action done: the idempotency key is saga + action), the stock or
// money the saga holds (inventory, payment), the order's state (order) and who placed it
// (choreographed order service). Beside them, `level`: the stock or money not held. The
// stock and the balance cannot go negative, so a reservation or a charge can be refused;
// a refusal changes nothing but the table. The events say what the saga holds after the
// transaction (`held`, beside the change `delta`), and an undo says it even when nothing
// moved: an event is logged when the handler runs, before the sync, so a crash that loses
// the sync leaves an event for a change that never happened; the next transaction of that
// saga (a redelivery, a retry, its undo) states the truth again, and the checks
// (invariants.ts) keep the last word.
import type { Context, Disk, NodeId } from '../../sim/types.js';
import type { SagaConfig, ServiceName } from './config.js';
import { logSaga } from './events.js';
import type { Command, Reply, SagaMessage } from './messages.js';
import type { SagaFlags } from './variants.js';

type Ctx = Context<SagaMessage>;

/** The processed-message table's rows of one saga: the reply to each action done (undefined: not done). */
export interface Replies {
  readonly do: Reply | undefined;
  readonly undo: Reply | undefined;
  readonly finish: Reply | undefined;
}

/** What a service keeps on disk about one saga. Never changed once written: a transaction writes a new one. */
export interface SagaEntry {
  /** The processed-message table's rows of this saga. Every action is a field (one shape for all entries: no copy by spread). */
  readonly replies: Replies;
  /** Inventory, payment: the stock or money the saga holds. */
  readonly held: number;
  /** Order: PENDING, COMPLETED or CANCELLED (null: no order yet). */
  readonly state: string | null;
  /** Choreographed order service: the client that placed the saga, and when (local time). */
  readonly placed: { readonly client: NodeId; readonly startUs: number } | null;
}

const NO_ENTRY: SagaEntry = { replies: { do: undefined, undo: undefined, finish: undefined }, held: 0, state: null, placed: null };

/** The disk key of a saga's record (made once per handler: a key used twice is hashed once). */
export function entryKey(saga: string): string {
  return `s:${saga}`;
}

export function readEntry(disk: Disk, key: string): SagaEntry {
  return disk.get<SagaEntry>(key) ?? NO_ENTRY;
}

export function writeEntry(disk: Disk, key: string, entry: SagaEntry): void {
  disk.put(key, entry);
}

/** Apply a command to the saga's record (and the level; not yet synced): the new record, its reply in the table. */
export function applyCommand(ctx: Ctx, service: ServiceName, config: SagaConfig, flags: SagaFlags, c: Command, entry: SagaEntry): SagaEntry {
  // A request overtaken by its own compensation must not apply after it (a tombstone).
  if (!flags.compensationOvertaken && c.action === 'do' && entry.replies.undo !== undefined) return refused(ctx, service, c, entry, 'already compensated');
  if (service === 'order') {
    const state = c.action === 'do' ? 'PENDING' : c.action === 'finish' ? 'COMPLETED' : 'CANCELLED';
    logSaga(ctx, 'order', { saga: c.saga, state });
    return answered(service, c, entry, true, '', entry.held, state);
  }
  const units = service === 'inventory' ? c.qty : c.amount;
  const level = ctx.disk.get<number>('level')!;
  if (c.action === 'do') {
    if (service === 'payment' && c.amount > config.declineAbove) return refused(ctx, service, c, entry, 'declined');
    if (level < units) return refused(ctx, service, c, entry, service === 'inventory' ? 'out of stock' : 'insufficient funds');
    return answered(service, c, entry, true, '', move(ctx, service, c.saga, entry.held + units, level - units, units), entry.state);
  }
  return answered(service, c, entry, true, '', move(ctx, service, c.saga, 0, level + entry.held, 0 - entry.held), entry.state); // 0 - held: no -0 in the trace
}

/** A refusal changes nothing but the table. */
function refused(ctx: Ctx, service: ServiceName, c: Command, entry: SagaEntry, reason: string): SagaEntry {
  logSaga(ctx, 'refused', { saga: c.saga, service, reason });
  return answered(service, c, entry, false, reason, entry.held, entry.state);
}

/** The saga's new record: what it holds and its state after the command, the command's reply in the table. */
function answered(service: ServiceName, c: Command, entry: SagaEntry, ok: boolean, reason: string, held: number, state: string | null): SagaEntry {
  const reply: Reply = { kind: 'reply', saga: c.saga, service, action: c.action, ok, reason };
  const r = entry.replies;
  const replies: Replies = {
    do: c.action === 'do' ? reply : r.do,
    undo: c.action === 'undo' ? reply : r.undo,
    finish: c.action === 'finish' ? reply : r.finish,
  };
  return { replies, held, state, placed: entry.placed };
}

/** The saga now holds `held`, the service `level`; returns `held`. */
function move(ctx: Ctx, service: ServiceName, saga: string, held: number, level: number, delta: number): number {
  if (delta !== 0) ctx.disk.put('level', level);
  logSaga(ctx, service === 'inventory' ? 'stock' : 'money', { saga, delta, held });
  return held;
}
