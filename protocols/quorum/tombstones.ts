// Deletes are tombstones: a version that says "gone", so it can win against older values
// on replicas that missed the delete. A tombstone is purged after `tombstonePurgeAfter`,
// but only once every other replica of the key confirms it holds the tombstone (or
// something newer), as Riak does before it reaps. Purging without that check (the
// tombstone-purge-early variant, Cassandra's gc_grace outrun by a long outage) lets a
// replica that missed the delete hand the old value back through anti-entropy or a read.
import type { NodeId } from '../../sim/types.js';
import type { Purge, PurgeCheck, PurgeCheckReply } from './messages.js';
import { purgeVersions, storedVersions, storeVersions } from './replica.js';
import { replicasOf, type Ctx, type QuorumState } from './state.js';
import { isTombstoneOnly, versionDigest } from './versions.js';

/** One purge round: ask about (or, under the variant, purge) tombstones past their grace period. */
export function purgeTombstones(state: QuorumState, ctx: Ctx): void {
  const nowUs = ctx.now();
  for (const [key, sinceUs] of state.tombstonedAtUs) {
    if (nowUs - sinceUs < state.config.tombstonePurgeAfter) continue;
    if (state.flags.tombstonePurgeEarly) {
      purge(state, ctx, key);
      continue;
    }
    const others = replicasOf(state, key).filter((n) => n !== ctx.id);
    if (others.length === 0) {
      purge(state, ctx, key);
      continue;
    }
    state.purgeChecks.set(key, new Set());
    for (const node of others) ctx.send(node, { type: 'q-purge-check', key, siblings: storedVersions(ctx, key) });
  }
}

function purge(state: QuorumState, ctx: Ctx, key: string): void {
  purgeVersions(state, ctx, key);
  state.purgeChecks.delete(key);
  ctx.log('tombstone-purged', { key });
}

/** Do we hold this tombstone or newer? If not, we learn it now and say no (ask again later). */
export function handlePurgeCheck(state: QuorumState, ctx: Ctx, from: NodeId, msg: PurgeCheck): void {
  const learned = storeVersions(state, ctx, msg.key, msg.siblings);
  ctx.send(from, { type: 'q-purge-reply', key: msg.key, holds: !learned });
}

export function handlePurgeReply(state: QuorumState, ctx: Ctx, from: NodeId, msg: PurgeCheckReply): void {
  const confirmed = state.purgeChecks.get(msg.key);
  if (confirmed === undefined) return;
  if (!msg.holds || !isTombstoneOnly(storedVersions(ctx, msg.key))) {
    state.purgeChecks.delete(msg.key);
    return;
  }
  confirmed.add(from);
  const others = replicasOf(state, msg.key).filter((n) => n !== ctx.id);
  if (!others.every((n) => confirmed.has(n))) return;
  // Every replica holds it: all purge together, so none hands the tombstone back to another.
  const tombstone = storedVersions(ctx, msg.key);
  for (const node of others) ctx.send(node, { type: 'q-purge', key: msg.key, siblings: tombstone });
  purge(state, ctx, msg.key);
}

export function handlePurge(state: QuorumState, ctx: Ctx, msg: Purge): void {
  const held = storedVersions(ctx, msg.key);
  if (isTombstoneOnly(held) && versionDigest(held) === versionDigest(msg.siblings)) purge(state, ctx, msg.key);
}
