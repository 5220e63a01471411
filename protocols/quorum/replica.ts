// The replica side: the versions this node stores for keys it owns, durable on its disk
// and synced before it acknowledges (the kernel holds the ack until the sync), and the
// answers it gives coordinators.
import type { NodeId } from '../../sim/types.js';
import type { ReplicaRead, ReplicaWrite } from './messages.js';
import { storeHint } from './hints.js';
import type { Ctx, QuorumState } from './state.js';
import { isTombstoneOnly, reconcile, type Sibling } from './versions.js';

const DATA_PREFIX = 'd/';
const NONE: readonly Sibling[] = [];

export function storedVersions(ctx: Ctx, key: string): readonly Sibling[] {
  return ctx.disk.get<readonly Sibling[]>(DATA_PREFIX + key) ?? NONE;
}

/** Keys this node stores (tombstones included), sorted. */
export function storedKeys(ctx: Ctx): string[] {
  return ctx.disk.keys(DATA_PREFIX).map((k) => k.slice(DATA_PREFIX.length));
}

/** Merge incoming versions into the store; true when the stored versions changed. */
export function storeVersions(state: QuorumState, ctx: Ctx, key: string, incoming: readonly Sibling[]): boolean {
  const current = storedVersions(ctx, key);
  const next = reconcile(current, incoming, state.vclock);
  if (next === current) return false;
  if (current === NONE) state.sharedKeys.clear(); // a key new to this node
  ctx.disk.put(DATA_PREFIX + key, next);
  ctx.disk.sync();
  if (isTombstoneOnly(next)) {
    if (!isTombstoneOnly(current)) state.tombstonedAtUs.set(key, ctx.now());
  } else {
    state.tombstonedAtUs.delete(key);
  }
  return true;
}

/** Forget a key entirely (a purged tombstone). */
export function purgeVersions(state: QuorumState, ctx: Ctx, key: string): void {
  ctx.disk.delete(DATA_PREFIX + key);
  ctx.disk.sync();
  state.tombstonedAtUs.delete(key);
  state.sharedKeys.clear();
}

/** After a restart: every stored tombstone starts its grace period again (the time was volatile). */
export function restoreTombstoneTimes(state: QuorumState, ctx: Ctx): void {
  for (const key of storedKeys(ctx)) {
    if (isTombstoneOnly(storedVersions(ctx, key))) state.tombstonedAtUs.set(key, ctx.now());
  }
}

export function handleReplicaWrite(state: QuorumState, ctx: Ctx, from: NodeId, msg: ReplicaWrite): void {
  if (msg.hintFor !== null && msg.hintFor !== ctx.id) storeHint(state, ctx, msg.hintFor, msg.key, msg.siblings);
  else storeVersions(state, ctx, msg.key, msg.siblings);
  ctx.send(from, { type: 'q-write-ack', rid: msg.rid, key: msg.key });
}

export function handleReplicaRead(ctx: Ctx, from: NodeId, msg: ReplicaRead): void {
  ctx.send(from, { type: 'q-read-reply', rid: msg.rid, key: msg.key, siblings: storedVersions(ctx, msg.key) });
}
