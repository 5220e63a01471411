// Read repair: when the replicas a read heard from disagree, bring the stale ones up to
// date. Asynchronous (Cassandra's background repair): the client gets its answer at once
// and repairs go out in the background. Blocking: the read returns only once a write
// quorum holds what it returns (ABD's write-back), so a later read can never see an older
// value than an earlier read did; without it two reads can see new, then old.
import { replyOk, startPhase } from './coordinator.js';
import type { Ctx, Pending, QuorumState } from './state.js';
import { reconcile, type Sibling } from './versions.js';

export function finishRead(state: QuorumState, ctx: Ctx, p: Pending, resolved: readonly Sibling[]): void {
  const stale: string[] = [];
  let holders = 0;
  for (const [node, versions] of p.replies) {
    if (reconcile(versions, resolved, state.vclock) === versions) holders += 1;
    else stale.push(node);
  }
  const mode = state.config.readRepair;
  if (stale.length === 0 || mode === 'off') return replyOk(state, ctx, p, resolved);
  ctx.log('read-repair', { key: p.command.key, mode, stale: stale.length });
  if (mode === 'blocking' && holders < state.writeQuorum) {
    p.resolved = resolved;
    return startPhase(state, ctx, p, 'repair', resolved);
  }
  for (const node of stale) {
    ctx.send(node, { type: 'q-write', rid: 0, key: p.command.key, siblings: resolved, hintFor: p.targets.get(node) ?? null });
  }
  replyOk(state, ctx, p, resolved);
}
