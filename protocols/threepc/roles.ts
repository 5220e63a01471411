// The one state change 3PC adds to a participant's transaction (twopc/roles.ts has the
// rest): prepared -> precommitted, forced to the log before it is acknowledged.
import type { Context } from '../../sim/types.js';
import type { ParticipantState, PreparedTx } from '../twopc/participant-state.js';
import { logThreepc } from './events.js';
import type { ThreepcMessage } from './messages.js';

export function becomePrecommitted(ctx: Context<ThreepcMessage>, st: ParticipantState, p: PreparedTx): void {
  if (st.prepared.get(p.tx) !== p || st.precommitted.has(p.tx)) throw new Error(`3pc: ${p.tx} precommitted at ${ctx.id} though not uncertain`);
  st.precommitted.add(p.tx);
  ctx.disk.put(`tx:${p.tx}`, { state: 'precommitted', ...p });
  ctx.disk.sync();
  logThreepc(ctx, 'precommitted', { tx: p.tx });
}
