// Log compaction: every `snapshotEvery` applied entries, snapshot the state machine at the
// apply point and drop the entries it covers.
import type { Context } from '../../sim/types.js';
import { compactLog } from './durable.js';
import type { RaftMessage, Snapshot } from './messages.js';
import type { RaftState } from './state.js';
import { logRaft } from './events.js';

export function maybeCompact(s: RaftState, ctx: Context<RaftMessage>): void {
  const every = s.config.snapshotEvery;
  if (every === 0 || s.lastApplied - s.log.snapshotIndex < every) return;
  const index = s.lastApplied;
  const term = s.log.termAt(index)!;
  const snapshot: Snapshot = { index, term, state: s.kv.snapshot() };
  compactLog(s, ctx, snapshot);
  logRaft(ctx, 'snapshot', { index, term });
}
