// The one place where a participant's transaction changes state, and the assertions that
// each change is legal: (none) -> prepared -> committed | aborted. A coordinator's
// decision is made in decide() (coordinator.ts) and never changes.
import type { Context } from '../../sim/types.js';
import { logTwopc } from './events.js';
import type { TwopcMessage } from './messages.js';
import type { ParticipantState, PreparedTx } from './participant-state.js';
import type { TwopcFlags } from './variants.js';

type Ctx = Context<TwopcMessage>;

/** Take the locks and log PREPARED; the yes vote the caller sends leaves once the record is durable. */
export function becomePrepared(ctx: Ctx, st: ParticipantState, p: PreparedTx, flags: TwopcFlags): void {
  if (st.prepared.has(p.tx) || st.finished.has(p.tx)) throw new Error(`2pc: ${p.tx} prepared twice at ${ctx.id}`);
  if (!st.canLock(p)) throw new Error(`2pc: ${p.tx} prepared at ${ctx.id} without its locks`);
  for (const account of st.lockSet(p)) st.locks.set(account, p.tx);
  st.prepared.set(p.tx, p);
  if (!flags.preparedNotDurable) ctx.disk.put(`tx:${p.tx}`, { state: 'prepared', ...p });
  ctx.disk.sync();
  logTwopc(ctx, 'voted', { tx: p.tx, yes: true, readOnly: p.kind === 'audit' });
}

/** Apply a commit durably and release the locks. */
export function becomeCommitted(ctx: Ctx, st: ParticipantState, p: PreparedTx): void {
  if (st.prepared.get(p.tx) !== p) throw new Error(`2pc: ${p.tx} committed at ${ctx.id} without being prepared`);
  st.prepared.delete(p.tx);
  st.release(p);
  if (p.kind === 'audit') {
    logTwopc(ctx, 'released', { tx: p.tx });
    ctx.disk.delete(`tx:${p.tx}`);
    ctx.disk.sync();
    return;
  }
  for (const [account, delta] of Object.entries(p.deltas)) {
    const balance = st.balances.get(account)! + delta;
    st.balances.set(account, balance);
    ctx.disk.put(`bal:${account}`, balance);
  }
  st.finished.set(p.tx, 'committed');
  ctx.disk.put(`tx:${p.tx}`, { state: 'committed' });
  ctx.disk.sync();
  logTwopc(ctx, 'committed', { tx: p.tx, minBalance: st.minBalance() });
}

/** Drop a prepared transaction (presumed abort: no record stays), or one never known. */
export function becomeAborted(ctx: Ctx, st: ParticipantState, tx: string): void {
  const p = st.prepared.get(tx);
  if (p === undefined) {
    if (st.finished.get(tx) === 'committed') throw new Error(`2pc: ${tx} aborted at ${ctx.id} after it committed`);
    logTwopc(ctx, 'aborted', { tx, unknown: true });
    return;
  }
  st.prepared.delete(tx);
  st.release(p);
  ctx.disk.delete(`tx:${tx}`);
  ctx.disk.sync(); // presumed abort: not forced, but later sends wait behind any unsynced write
  if (p.kind === 'audit') logTwopc(ctx, 'released', { tx });
  else logTwopc(ctx, 'aborted', { tx, unknown: false });
}

/** Refuse a transaction this participant never prepared, durably, so it can tell a peer "abort". */
export function becomeRefused(ctx: Ctx, st: ParticipantState, tx: string): void {
  if (st.prepared.has(tx) || st.finished.has(tx)) throw new Error(`2pc: ${tx} refused at ${ctx.id} though known`);
  st.finished.set(tx, 'aborted');
  ctx.disk.put(`tx:${tx}`, { state: 'aborted' });
  ctx.disk.sync();
  logTwopc(ctx, 'refused', { tx });
}
