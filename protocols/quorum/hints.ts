// Hinted handoff (Dynamo, section 4.6). Under a sloppy quorum a write meant for an
// unreachable owner goes to the next node on the ring, which keeps it as a hint and hands
// it to the owner when the owner answers again. Hints live in memory and are flushed to
// disk every `hintFlushEvery` (as Cassandra's hints_flush_period): a fallback that
// crashes before a flush loses them, and with them any write only fallbacks held.
import type { NodeId } from '../../sim/types.js';
import type { HintHandoff, HintHandoffAck } from './messages.js';
import { storeVersions } from './replica.js';
import type { Ctx, QuorumState } from './state.js';
import { reconcile, versionDigest, type Sibling } from './versions.js';

const HINT_PREFIX = 'h/';
/** The most hints one delivery round sends, over all owners. */
const HINTS_PER_ROUND_MAX = 64;

export function storeHint(state: QuorumState, ctx: Ctx, owner: NodeId, key: string, siblings: readonly Sibling[]): void {
  let forOwner = state.hints.get(owner);
  if (forOwner === undefined) {
    forOwner = new Map();
    state.hints.set(owner, forOwner);
  }
  forOwner.set(key, reconcile(forOwner.get(key) ?? [], siblings, state.vclock));
  state.hintsDirty = true;
  ctx.log('hint-stored', { owner, key });
}

/** Write every hint to disk (replacing what was there) and sync. */
export function flushHints(state: QuorumState, ctx: Ctx): void {
  if (!state.hintsDirty) return;
  for (const key of ctx.disk.keys(HINT_PREFIX)) ctx.disk.delete(key);
  for (const [owner, keys] of state.hints) {
    for (const [key, siblings] of keys) ctx.disk.put(`${HINT_PREFIX}${owner}/${key}`, siblings);
  }
  ctx.disk.sync();
  state.hintsDirty = false;
}

/** After a restart: the hints that were flushed. */
export function loadHints(state: QuorumState, ctx: Ctx): void {
  for (const diskKey of ctx.disk.keys(HINT_PREFIX)) {
    const rest = diskKey.slice(HINT_PREFIX.length);
    const slash = rest.indexOf('/');
    const owner = rest.slice(0, slash);
    let forOwner = state.hints.get(owner);
    if (forOwner === undefined) {
      forOwner = new Map();
      state.hints.set(owner, forOwner);
    }
    forOwner.set(rest.slice(slash + 1), ctx.disk.get<readonly Sibling[]>(diskKey)!);
  }
}

/** One delivery round: offer each owner its hints. */
export function deliverHints(state: QuorumState, ctx: Ctx): void {
  let sent = 0;
  for (const [owner, keys] of state.hints) {
    for (const [key, siblings] of keys) {
      if (sent++ >= HINTS_PER_ROUND_MAX) return;
      ctx.send(owner, { type: 'q-hint', key, siblings });
    }
  }
}

export function handleHint(state: QuorumState, ctx: Ctx, from: NodeId, msg: HintHandoff): void {
  storeVersions(state, ctx, msg.key, msg.siblings);
  ctx.send(from, { type: 'q-hint-ack', key: msg.key, siblings: msg.siblings });
}

/** The owner has the hint: drop it, unless a newer write for the owner arrived meanwhile. */
export function handleHintAck(state: QuorumState, ctx: Ctx, from: NodeId, msg: HintHandoffAck): void {
  const forOwner = state.hints.get(from);
  const held = forOwner?.get(msg.key);
  if (forOwner === undefined || held === undefined || versionDigest(held) !== versionDigest(msg.siblings)) return;
  forOwner.delete(msg.key);
  if (forOwner.size === 0) state.hints.delete(from);
  state.hintsDirty = true;
  ctx.log('hint-delivered', { owner: from, key: msg.key });
}

export function hintCount(state: QuorumState): number {
  let count = 0;
  for (const keys of state.hints.values()) count += keys.size;
  return count;
}
