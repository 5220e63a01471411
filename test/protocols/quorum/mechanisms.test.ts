// The quorum store's healing mechanisms on a hand-driven cluster (fake contexts, messages
// delivered by the test, down nodes drop what is sent to them): hinted handoff, anti-entropy
// and tombstone purging, with the tombstone-purge-early variant purging where the correct
// store waits.
import { describe, expect, it } from 'vitest';
import { quorumConfigSchema } from '../../../protocols/quorum/config.js';
import type { QuorumMessage, QuorumReply } from '../../../protocols/quorum/messages.js';
import { QuorumNode } from '../../../protocols/quorum/node.js';
import { storedVersions } from '../../../protocols/quorum/replica.js';
import { Ring } from '../../../protocols/quorum/ring.js';
import { TIMER_ANTI_ENTROPY, TIMER_HINT_DELIVERY, TIMER_PURGE } from '../../../protocols/quorum/timers.js';
import { quorumFlags } from '../../../protocols/quorum/variants.js';
import type { VectorClock } from '../../../protocols/quorum/versions.js';
import { FakeContext } from '../../support/fake-context.js';

const SERVERS = ['n1', 'n2', 'n3', 'n4', 'n5'];
const ROUNDS_MAX = 1000;

class Cluster {
  readonly ctx = new Map<string, FakeContext<QuorumMessage>>();
  readonly node = new Map<string, QuorumNode>();
  readonly down = new Set<string>();
  readonly replies: QuorumMessage[] = [];

  constructor(config: Record<string, unknown>, variant: string | null = null) {
    const parsed = quorumConfigSchema.parse(config);
    for (const id of SERVERS) {
      const ctx = new FakeContext<QuorumMessage>({ id, servers: SERVERS });
      const node = new QuorumNode(SERVERS, parsed, quorumFlags(variant));
      node.start(ctx);
      this.ctx.set(id, ctx);
      this.node.set(id, node);
    }
  }

  /** Deliver every message until none is left (to a down node: dropped; to a client: kept). */
  settle(): void {
    for (let round = 0; round < ROUNDS_MAX; round++) {
      const sent = [...this.ctx.values()].flatMap((c) => (this.down.has(c.id) ? [] : c.takeSent()));
      if (sent.length === 0) return;
      for (const { from, to, msg } of sent) {
        if (to === 'client') this.replies.push(msg);
        else if (!this.down.has(to)) this.node.get(to)!.receive(this.ctx.get(to)!, from, msg);
      }
    }
    throw new Error('the cluster did not settle');
  }

  request(coordinator: string, f: 'get' | 'put' | 'delete', key: string, value: unknown, seq: number, context: VectorClock = []): QuorumReply {
    const msg: QuorumMessage = { type: 'kv-request', command: { f, key, value, client: 'c1.1', seq }, context };
    this.ctx.get(coordinator)!.outbox.push({ from: 'client', to: coordinator, msg });
    this.settle();
    return this.replies.at(-1)! as QuorumReply;
  }

  /** Fire a node's pending timer by name, at its time. */
  fire(id: string, name: string): void {
    const ctx = this.ctx.get(id)!;
    const timer = ctx.timerNamed(name)!;
    ctx.nowUs = Math.max(ctx.nowUs, timer.atUs);
    ctx.timers.delete(timer.id);
    this.node.get(id)!.timer(ctx, name, timer.id);
    this.settle();
  }

  /** Let every coordinator time out its open requests (replicas that stay silent). */
  timeOutRequests(): void {
    for (const id of SERVERS) {
      if (this.down.has(id)) continue;
      const ctx = this.ctx.get(id)!;
      for (const timer of [...ctx.timers.values()].filter((t) => t.name === 'replica-timeout')) {
        ctx.nowUs = Math.max(ctx.nowUs, timer.atUs);
        ctx.timers.delete(timer.id);
        this.node.get(id)!.timer(ctx, timer.name, timer.id);
      }
    }
    this.settle();
  }

  values(id: string, key: string): unknown[] {
    return storedVersions(this.ctx.get(id)!, key).map((s) => (s.deleted ? 'tombstone' : s.value));
  }
}

const owners = (key: string) => new Ring(SERVERS, 8).preferenceList(key, 3);
const others = (key: string) => SERVERS.filter((n) => !owners(key).includes(n));

describe('hinted handoff', () => {
  it('a fallback takes the write of a down owner as a hint and hands it over when the owner is back', () => {
    const key = 'k1';
    const [a, b, c] = owners(key) as [string, string, string];
    const cluster = new Cluster({ sloppyQuorum: true, writeQuorum: 'all' });
    cluster.down.add(c);
    cluster.ctx.get(a)!.outbox.push({ from: 'client', to: a, msg: { type: 'kv-request', command: { f: 'put', key, value: 5, client: 'c1.1', seq: 1 }, context: [] } });
    cluster.settle();
    expect(cluster.replies).toHaveLength(0); // W = ALL: the down owner holds it up
    cluster.timeOutRequests(); // c is suspected; a fallback stands in
    expect(cluster.replies.at(-1)).toMatchObject({ outcome: 'ok' });
    const fallback = others(key).find((n) => cluster.node.get(n)!.inspect()['hints'] === 1)!;
    expect(fallback).toBeDefined();
    expect(cluster.values(fallback, key)).toEqual([]); // a hint is not the fallback's own data
    expect([cluster.values(a, key), cluster.values(b, key)]).toEqual([[5], [5]]);

    cluster.down.delete(c);
    cluster.fire(fallback, TIMER_HINT_DELIVERY);
    expect(cluster.values(c, key)).toEqual([5]);
    expect(cluster.node.get(fallback)!.inspect()['hints']).toBe(0);
  });
});

describe('anti-entropy', () => {
  it('a replica that missed a write gets it from a peer through digests', () => {
    const key = 'k2';
    const [a, b, c] = owners(key) as [string, string, string];
    const cluster = new Cluster({ readRepair: 'off' });
    cluster.down.add(c);
    expect(cluster.request(a, 'put', key, 9, 1)).toMatchObject({ outcome: 'ok' });
    cluster.down.delete(c);
    expect(cluster.values(c, key)).toEqual([]);
    cluster.ctx.get(c)!.randomQueue.push(SERVERS.filter((n) => n !== c).indexOf(b) / 4 + 0.01);
    cluster.fire(c, TIMER_ANTI_ENTROPY);
    expect(cluster.values(c, key)).toEqual([9]);
  });
});

describe('tombstones', () => {
  function deletedWhileOneOwnerIsDown(variant: string | null) {
    const key = 'k3';
    const [a, b, c] = owners(key) as [string, string, string];
    const cluster = new Cluster({ tombstonePurgeAfter: '1s', antiEntropyEvery: '0s' }, variant);
    expect(cluster.request(a, 'put', key, 1, 1)).toMatchObject({ outcome: 'ok' });
    cluster.down.add(c);
    expect(cluster.request(a, 'delete', key, null, 2)).toMatchObject({ outcome: 'ok' });
    for (const id of [a, b]) cluster.ctx.get(id)!.nowUs += 2_000_000;
    cluster.fire(a, TIMER_PURGE);
    return { cluster, key, a, b, c };
  }

  it('are not purged while a replica lacks them; once every replica holds one, all purge it', () => {
    const { cluster, key, a, b, c } = deletedWhileOneOwnerIsDown(null);
    expect(cluster.values(a, key)).toEqual(['tombstone']);
    cluster.down.delete(c);
    cluster.fire(a, TIMER_PURGE); // c learns the tombstone from the question and says no
    expect(cluster.values(c, key)).toEqual(['tombstone']);
    cluster.fire(a, TIMER_PURGE);
    expect([cluster.values(a, key), cluster.values(b, key), cluster.values(c, key)]).toEqual([[], [], []]);
  });

  it('tombstone-purge-early purges while a replica still holds the old value', () => {
    const { cluster, key, a, c } = deletedWhileOneOwnerIsDown('tombstone-purge-early');
    expect(cluster.values(a, key)).toEqual([]);
    expect(cluster.values(c, key)).toEqual([1]);
  });
});

describe('vector clocks', () => {
  it('keep concurrent writes as siblings; a write with the context the read returned merges them', () => {
    const key = 'k4';
    const [a, b] = owners(key) as [string, string, string];
    const cluster = new Cluster({ versioning: 'vclock', writeQuorum: 'all', readQuorum: 'all' });
    cluster.request(a, 'put', key, 1, 1); // blind writes through two coordinators: concurrent
    cluster.request(b, 'put', key, 2, 2);
    const read = cluster.request(a, 'get', key, null, 3);
    expect(read).toMatchObject({ outcome: 'ok', value: [1, 2] });
    cluster.request(b, 'put', key, 3, 4, read.context);
    expect(cluster.request(a, 'get', key, null, 5)).toMatchObject({ value: 3 });
    // Without the context the new write is one more sibling.
    cluster.request(a, 'put', key, 4, 6);
    expect(cluster.request(b, 'get', key, null, 7)).toMatchObject({ value: [3, 4] });
  });
});
