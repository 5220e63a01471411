// The quorum store's healing mechanisms on the hand-driven protocol harness (messages
// delivered by the test, which plays the client; an unreachable owner is cut off by a
// partition and keeps its state): hinted handoff, anti-entropy
// and tombstone purging, with the tombstone-purge-early variant purging where the correct
// store waits.
import { describe, expect, it } from 'vitest';
import type { QuorumMessage, QuorumReply } from '../../../protocols/quorum/messages.js';
import { QuorumNode } from '../../../protocols/quorum/node.js';
import { storedVersions } from '../../../protocols/quorum/replica.js';
import { Ring } from '../../../protocols/quorum/ring.js';
import { TIMER_ANTI_ENTROPY, TIMER_HINT_DELIVERY, TIMER_PURGE } from '../../../protocols/quorum/timers.js';
import type { VectorClock } from '../../../protocols/quorum/versions.js';
import { Harness } from '../../support/harness/cluster.js';

const SERVERS = ['n1', 'n2', 'n3', 'n4', 'n5'];
type Quorum = Harness<QuorumNode, QuorumMessage>;

function cluster(config: Record<string, unknown>, variant: string | null = null): Quorum {
  return new Harness<QuorumNode, QuorumMessage>('quorum', { servers: SERVERS.length, config, variant });
}

/** A request from a test playing client (`client`), delivered to the end; the last reply, if any. */
function request(h: Quorum, coordinator: string, f: 'get' | 'put' | 'delete', key: string, value: unknown, seq: number, context: VectorClock = []): QuorumReply {
  h.inject({ from: 'client', to: coordinator, msg: { type: 'kv-request', command: { f, key, value, client: 'c1.1', seq }, context } });
  h.deliverAll();
  return h.outside.at(-1)?.msg as QuorumReply;
}

/** Fire a node's timer, then deliver what follows. */
function fire(h: Quorum, id: string, name: string): void {
  h.fire(id, name);
  h.deliverAll();
}

/** Let every reachable coordinator time out its open requests (replicas that stay silent). */
function timeOutRequests(h: Quorum, unreachable: string): void {
  for (const id of SERVERS) if (id !== unreachable) h.fireEach(id, 'replica-timeout');
  h.deliverAll();
}

/** Cut `id` off from everyone (it keeps its state; messages to it are lost). */
const cutOff = (h: Quorum, id: string) => h.partition([[id], SERVERS.filter((n) => n !== id)]);

function values(h: Quorum, id: string, key: string): unknown[] {
  return storedVersions(h.ctx(id), key).map((s) => (s.deleted ? 'tombstone' : s.value));
}

const owners = (key: string) => new Ring(SERVERS, 8).preferenceList(key, 3);
const others = (key: string) => SERVERS.filter((n) => !owners(key).includes(n));

describe('hinted handoff', () => {
  it('a fallback takes the write of a down owner as a hint and hands it over when the owner is back', () => {
    const key = 'k1';
    const [a, b, c] = owners(key) as [string, string, string];
    const h = cluster({ sloppyQuorum: true, writeQuorum: 'all' });
    cutOff(h, c);
    request(h, a, 'put', key, 5, 1);
    expect(h.outside).toHaveLength(0); // W = ALL: the unreachable owner holds it up
    timeOutRequests(h, c); // c is suspected; a fallback stands in
    expect(h.outside.at(-1)!.msg).toMatchObject({ outcome: 'ok' });
    const fallback = others(key).find((n) => h.view(n)['hints'] === 1)!;
    expect(fallback).toBeDefined();
    expect(values(h, fallback, key)).toEqual([]); // a hint is not the fallback's own data
    expect([values(h, a, key), values(h, b, key)]).toEqual([[5], [5]]);

    h.heal();
    fire(h, fallback, TIMER_HINT_DELIVERY);
    expect(values(h, c, key)).toEqual([5]);
    expect(h.view(fallback)['hints']).toBe(0);
  });
});

describe('anti-entropy', () => {
  it('a replica that missed a write gets it from a peer through digests', () => {
    const key = 'k2';
    const [a, b, c] = owners(key) as [string, string, string];
    const h = cluster({ readRepair: 'off' });
    cutOff(h, c);
    expect(request(h, a, 'put', key, 9, 1)).toMatchObject({ outcome: 'ok' });
    h.heal();
    expect(values(h, c, key)).toEqual([]);
    h.ctx(c).randomQueue.push(SERVERS.filter((n) => n !== c).indexOf(b) / 4 + 0.01);
    fire(h, c, TIMER_ANTI_ENTROPY);
    expect(values(h, c, key)).toEqual([9]);
  });
});

describe('tombstones', () => {
  function deletedWhileOneOwnerIsDown(variant: string | null) {
    const key = 'k3';
    const [a, b, c] = owners(key) as [string, string, string];
    const h = cluster({ tombstonePurgeAfter: '1s', antiEntropyEvery: '0s' }, variant);
    expect(request(h, a, 'put', key, 1, 1)).toMatchObject({ outcome: 'ok' });
    cutOff(h, c);
    expect(request(h, a, 'delete', key, null, 2)).toMatchObject({ outcome: 'ok' });
    h.advanceTo(h.nowUs + 2_000_000);
    fire(h, a, TIMER_PURGE);
    return { h, key, a, b, c };
  }

  it('are not purged while a replica lacks them; once every replica holds one, all purge it', () => {
    const { h, key, a, b, c } = deletedWhileOneOwnerIsDown(null);
    expect(values(h, a, key)).toEqual(['tombstone']);
    h.heal();
    fire(h, a, TIMER_PURGE); // c learns the tombstone from the question and says no
    expect(values(h, c, key)).toEqual(['tombstone']);
    fire(h, a, TIMER_PURGE);
    expect([values(h, a, key), values(h, b, key), values(h, c, key)]).toEqual([[], [], []]);
  });

  it('tombstone-purge-early purges while a replica still holds the old value', () => {
    const { h, key, a, c } = deletedWhileOneOwnerIsDown('tombstone-purge-early');
    expect(values(h, a, key)).toEqual([]);
    expect(values(h, c, key)).toEqual([1]);
  });
});

describe('vector clocks', () => {
  it('keep concurrent writes as siblings; a write with the context the read returned merges them', () => {
    const key = 'k4';
    const [a, b] = owners(key) as [string, string, string];
    const h = cluster({ versioning: 'vclock', writeQuorum: 'all', readQuorum: 'all' });
    request(h, a, 'put', key, 1, 1); // blind writes through two coordinators: concurrent
    request(h, b, 'put', key, 2, 2);
    const read = request(h, a, 'get', key, null, 3);
    expect(read).toMatchObject({ outcome: 'ok', value: [1, 2] });
    request(h, b, 'put', key, 3, 4, read.context);
    expect(request(h, a, 'get', key, null, 5)).toMatchObject({ value: 3 });
    // Without the context the new write is one more sibling.
    request(h, a, 'put', key, 4, 6);
    expect(request(h, b, 'get', key, null, 7)).toMatchObject({ value: [3, 4] });
  });
});
