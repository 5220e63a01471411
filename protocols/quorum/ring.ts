// The consistent-hash ring (Dynamo, section 4.2): every server owns `vnodes` tokens, a key
// hashes to a point, and its preference list is the first N distinct servers clockwise
// from that point. The servers after those N are the fallbacks a sloppy quorum uses.
import type { NodeId } from '../../sim/types.js';

/** FNV-1a, 32 bits: deterministic, fast, good enough to spread tokens and keys. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // A final avalanche so that similar names (n1#0, n1#1) land far apart.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

interface Token {
  readonly point: number;
  readonly node: NodeId;
}

export class Ring {
  private readonly tokens: readonly Token[];
  private readonly cache = new Map<string, readonly NodeId[]>();
  private readonly preferenceCache = new Map<string, readonly NodeId[]>();

  constructor(
    readonly servers: readonly NodeId[],
    vnodes: number,
  ) {
    if (servers.length === 0) throw new Error('ring: no servers');
    const tokens: Token[] = [];
    for (const node of servers) for (let v = 0; v < vnodes; v++) tokens.push({ point: hash32(`${node}#${v}`), node });
    tokens.sort((a, b) => a.point - b.point || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
    this.tokens = tokens;
  }

  /** Every server, in ring order from the key: the first N are its preference list. */
  walk(key: string): readonly NodeId[] {
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const start = this.firstTokenAtOrAfter(hash32(key));
    const order: NodeId[] = [];
    for (let i = 0; i < this.tokens.length && order.length < this.servers.length; i++) {
      const node = this.tokens[(start + i) % this.tokens.length]!.node;
      if (!order.includes(node)) order.push(node);
    }
    this.cache.set(key, order);
    return order;
  }

  /** The N replicas of a key. */
  preferenceList(key: string, replicas: number): readonly NodeId[] {
    let list = this.preferenceCache.get(key);
    if (list === undefined || list.length !== Math.min(replicas, this.servers.length)) {
      list = this.walk(key).slice(0, replicas);
      this.preferenceCache.set(key, list);
    }
    return list;
  }

  private firstTokenAtOrAfter(point: number): number {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tokens[mid]!.point < point) lo = mid + 1;
      else hi = mid;
    }
    return lo % this.tokens.length;
  }
}
