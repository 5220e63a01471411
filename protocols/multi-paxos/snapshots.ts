// Log compaction. Every `snapshotEvery` applied slots a server snapshots its replica and
// forgets the slots below: their votes and decisions, on disk and in memory. That is safe
// because every one of those slots is chosen and applied: when a prepare asks about them,
// the promise carries the snapshot instead (a vote could only have said the same), and a
// learner the leader can no longer send those slots to gets the snapshot (Raft's
// InstallSnapshot).
import type { Context, NodeId } from '../../sim/types.js';
import { KvStateMachine } from '../kv/state-machine.js';
import type { InstallSnapshot, MultiPaxosMessage, Snapshot } from './messages.js';
import type { MultiPaxosState } from './state.js';
import { saveSnapshot } from './storage.js';

type Ctx = Context<MultiPaxosMessage>;

/** After applying: snapshot when `snapshotEvery` slots were applied since the last one. */
export function maybeSnapshot(s: MultiPaxosState, ctx: Ctx): void {
  const every = s.config.snapshotEvery;
  const upToBefore = compactedUpTo(s);
  if (every === 0 || s.chosenUpTo - upToBefore < every) return;
  compact(s, ctx, { upTo: s.chosenUpTo, state: s.kv.snapshot() });
  ctx.log('snapshot', { upTo: s.chosenUpTo });
}

/** Take a snapshot that is ahead of our replica: from a promise (takeover) or the leader. */
export function installSnapshot(s: MultiPaxosState, ctx: Ctx, snapshot: Snapshot): void {
  if (snapshot.upTo <= s.chosenUpTo) return;
  s.kv = KvStateMachine.restore(snapshot.state, { sessions: true });
  s.chosenUpTo = snapshot.upTo;
  compact(s, ctx, snapshot);
  ctx.log('snapshot-installed', { upTo: snapshot.upTo });
}

export function handleInstallSnapshot(s: MultiPaxosState, ctx: Ctx, _from: NodeId, msg: InstallSnapshot): void {
  installSnapshot(s, ctx, msg.snapshot);
}

/** The last slot compacted away (0 when none). */
export function compactedUpTo(s: MultiPaxosState): number {
  return s.snapshot === null ? 0 : s.snapshot.upTo;
}

function compact(s: MultiPaxosState, ctx: Ctx, snapshot: Snapshot): void {
  const from = compactedUpTo(s) + 1;
  if (snapshot.upTo > s.chosenUpTo) throw new Error(`multi-paxos ${s.id}: snapshot ${snapshot.upTo} beyond applied ${s.chosenUpTo}`);
  saveSnapshot(ctx.disk, snapshot, from);
  s.accepted.dropUpTo(snapshot.upTo);
  s.chosen.dropUpTo(snapshot.upTo);
  s.snapshot = snapshot;
}
