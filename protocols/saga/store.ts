// A service's local transaction on its durable store: the order's state, or the stock or
// money a saga holds. The stock and the balance cannot go negative, so a reservation or
// a charge can be refused; a refusal changes nothing. The events say what the saga holds
// after the transaction (`held`, beside the change `delta`), and an undo says it even
// when nothing moved: an event is logged when the handler runs, before the sync, so a
// crash that loses the sync leaves an event for a change that never happened; the next
// transaction of that saga (a redelivery, a retry, its undo) states the truth again, and
// the checks (invariants.ts) keep the last word.
import type { Context } from '../../sim/types.js';
import type { SagaConfig, ServiceName } from './config.js';
import { logSaga } from './events.js';
import type { Command, Reply, SagaMessage } from './messages.js';
import type { SagaFlags } from './variants.js';

type Ctx = Context<SagaMessage>;

/** Apply a command to the local store (not yet synced); the reply says whether the step holds. */
export function applyCommand(ctx: Ctx, service: ServiceName, config: SagaConfig, flags: SagaFlags, c: Command): Reply {
  const reply = (ok: boolean, reason: string): Reply => {
    if (!ok) logSaga(ctx, 'refused', { saga: c.saga, service, reason });
    return { kind: 'reply', saga: c.saga, service, action: c.action, ok, reason };
  };
  // A request overtaken by its own compensation must not apply after it (a tombstone).
  if (!flags.compensationOvertaken && c.action === 'do' && ctx.disk.get(`done:${c.saga}:undo`) !== undefined) return reply(false, 'already compensated');
  if (service === 'order') {
    const state = c.action === 'do' ? 'PENDING' : c.action === 'finish' ? 'COMPLETED' : 'CANCELLED';
    ctx.disk.put(`order:${c.saga}`, state);
    logSaga(ctx, 'order', { saga: c.saga, state });
    return reply(true, '');
  }
  const units = service === 'inventory' ? c.qty : c.amount;
  const held = ctx.disk.get<number>(`held:${c.saga}`) ?? 0;
  const level = ctx.disk.get<number>('level')!;
  if (c.action === 'do') {
    if (service === 'payment' && c.amount > config.declineAbove) return reply(false, 'declined');
    if (level < units) return reply(false, service === 'inventory' ? 'out of stock' : 'insufficient funds');
    move(ctx, service, c.saga, held + units, level - units, units);
    return reply(true, '');
  }
  move(ctx, service, c.saga, 0, level + held, 0 - held); // 0 - held: no -0 in the trace
  return reply(true, '');
}

function move(ctx: Ctx, service: ServiceName, saga: string, held: number, level: number, delta: number): void {
  if (delta !== 0) {
    ctx.disk.put(`held:${saga}`, held);
    ctx.disk.put('level', level);
  }
  logSaga(ctx, service === 'inventory' ? 'stock' : 'money', { saga, delta, held });
}
