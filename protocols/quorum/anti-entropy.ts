// Anti-entropy by digest exchange (a Merkle tree one level deep, as Dynamo section 4.7
// describes in full). Every `antiEntropyEvery` a node picks one peer at random and sends
// it one digest per bucket of the keys both of them replicate. The peer compares, and for
// the buckets that differ sends its versions of those keys and asks for ours back; each
// side reconciles what it receives. Replicas converge even when no read touches a key.
import type { NodeId } from '../../sim/types.js';
import type { DigestExchange, DigestSync } from './messages.js';
import { storedKeys, storedVersions, storeVersions } from './replica.js';
import { hash32 } from './ring.js';
import { replicasOf, type Ctx, type QuorumState, type SharedKeys } from './state.js';
import { versionDigest, type Sibling } from './versions.js';

export const DIGEST_BUCKETS = 16;

function bucketOf(key: string): number {
  return hash32(key) % DIGEST_BUCKETS;
}

/** Keys this node stores that `peer` also replicates (kept until the stored key set changes). */
function sharedKeys(state: QuorumState, ctx: Ctx, peer: NodeId): SharedKeys {
  let shared = state.sharedKeys.get(peer);
  if (shared === undefined) {
    const keys = storedKeys(ctx).filter((key) => {
      const replicas = replicasOf(state, key);
      return replicas.includes(peer) && replicas.includes(ctx.id);
    });
    shared = { keys, buckets: keys.map(bucketOf) };
    state.sharedKeys.set(peer, shared);
  }
  return shared;
}

function digests(state: QuorumState, ctx: Ctx, peer: NodeId): number[] {
  const texts: string[] = new Array<string>(DIGEST_BUCKETS).fill('');
  const { keys, buckets } = sharedKeys(state, ctx, peer);
  for (let i = 0; i < keys.length; i++) {
    texts[buckets[i]!] += `${keys[i]!}=${versionDigest(storedVersions(ctx, keys[i]!))}\n`;
  }
  return texts.map((text) => (text === '' ? 0 : hash32(text)));
}

export function startAntiEntropy(state: QuorumState, ctx: Ctx): void {
  if (ctx.peers.length === 0) return;
  const peer = ctx.peers[Math.floor(ctx.random() * ctx.peers.length)]!;
  ctx.send(peer, { type: 'q-digest', digests: digests(state, ctx, peer) });
}

function entriesIn(state: QuorumState, ctx: Ctx, peer: NodeId, wanted: readonly number[]): [string, readonly Sibling[]][] {
  const { keys, buckets } = sharedKeys(state, ctx, peer);
  const entries: [string, readonly Sibling[]][] = [];
  for (let i = 0; i < keys.length; i++) if (wanted.includes(buckets[i]!)) entries.push([keys[i]!, storedVersions(ctx, keys[i]!)]);
  return entries;
}

export function handleDigest(state: QuorumState, ctx: Ctx, from: NodeId, msg: DigestExchange): void {
  const mine = digests(state, ctx, from);
  const differing: number[] = [];
  for (let b = 0; b < DIGEST_BUCKETS; b++) if (mine[b] !== msg.digests[b]) differing.push(b);
  if (differing.length === 0) return;
  ctx.send(from, { type: 'q-sync', buckets: differing, entries: entriesIn(state, ctx, from, differing), reply: true });
}

export function handleSync(state: QuorumState, ctx: Ctx, from: NodeId, msg: DigestSync): void {
  // Ours are read before theirs are merged, so the reply carries what they may lack.
  const ours = msg.reply ? entriesIn(state, ctx, from, msg.buckets) : [];
  let changed = 0;
  for (const [key, siblings] of msg.entries) {
    if (replicasOf(state, key).includes(ctx.id) && storeVersions(state, ctx, key, siblings)) changed += 1;
  }
  if (changed > 0) ctx.log('anti-entropy-repair', { peer: from, keys: changed });
  if (msg.reply) ctx.send(from, { type: 'q-sync', buckets: msg.buckets, entries: ours, reply: false });
}
