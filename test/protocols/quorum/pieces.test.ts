// The quorum store's pure pieces: the ring, quorum sizes, vector clocks and reconciliation.
import { describe, expect, it } from 'vitest';
import { quorumSize } from '../../../protocols/quorum/config.js';
import { Ring } from '../../../protocols/quorum/ring.js';
import { compareClocks, incrementClock, pruneClock, reconcile, type Sibling } from '../../../protocols/quorum/versions.js';

const servers = ['n1', 'n2', 'n3', 'n4', 'n5'];

describe('ring', () => {
  it('gives every key N distinct replicas, and its walk lists every server once', () => {
    const ring = new Ring(servers, 8);
    for (let k = 0; k < 50; k++) {
      const walk = ring.walk(`k${k}`);
      expect([...walk].sort()).toEqual(servers);
      expect(ring.preferenceList(`k${k}`, 3)).toEqual(walk.slice(0, 3));
    }
  });

  it('spreads keys: every server is a replica of some of 100 keys', () => {
    const ring = new Ring(servers, 8);
    const owners = new Set<string>();
    for (let k = 0; k < 100; k++) for (const n of ring.preferenceList(`k${k}`, 3)) owners.add(n);
    expect(owners.size).toBe(5);
  });
});

describe('quorum sizes', () => {
  it('maps Cassandra levels and numbers', () => {
    expect([quorumSize('one', 3), quorumSize('quorum', 3), quorumSize('all', 3), quorumSize(2, 3), quorumSize('quorum', 5)]).toEqual([1, 2, 3, 2, 3]);
  });
});

const v = (value: number, clock: Sibling['clock'], stampUs = 0, coordinator = 'n1'): Sibling => ({ value, deleted: false, stampUs, coordinator, clock });

describe('versions', () => {
  it('orders vector clocks', () => {
    const a = incrementClock([], 'n1', 1);
    const b = incrementClock(a, 'n2', 2);
    const c = incrementClock(a, 'n3', 3);
    expect(compareClocks(a, b)).toBe('before');
    expect(compareClocks(b, a)).toBe('after');
    expect(compareClocks(b, c)).toBe('concurrent');
    expect(compareClocks(b, b)).toBe('equal');
    // A coordinator's counter goes past any it gave before, even for a write with no context.
    expect(incrementClock([], 'n1', 5, 7)).toEqual([{ node: 'n1', counter: 8, stampUs: 5 }]);
    expect(compareClocks(incrementClock([], 'n1', 5, 1), a)).toBe('after');
  });

  it('keeps concurrent siblings and drops dominated ones', () => {
    const a = v(1, incrementClock([], 'n1', 1));
    const b = v(2, incrementClock(a.clock, 'n2', 2));
    const c = v(3, incrementClock(a.clock, 'n3', 3));
    expect(reconcile([a], [b], true).map((s) => s.value)).toEqual([2]);
    expect(reconcile([b], [c], true).map((s) => s.value)).toEqual([2, 3]);
    expect(reconcile([b], [a], true)).toEqual([b]);
  });

  it('LWW keeps the greatest stamp, ties broken by coordinator', () => {
    expect(reconcile([v(1, [], 5, 'n1')], [v(2, [], 4, 'n9')], false)[0]!.value).toBe(1);
    expect(reconcile([v(1, [], 5, 'n1')], [v(2, [], 5, 'n2')], false)[0]!.value).toBe(2);
  });

  it('pruning drops the least recently incremented entries, which makes a newer clock concurrent', () => {
    let clock = incrementClock([], 'n1', 1);
    clock = incrementClock(clock, 'n2', 2);
    const old = incrementClock(clock, 'n3', 3);
    const pruned = pruneClock(incrementClock(old, 'n4', 4), 2);
    expect(pruned.map((e) => e.node)).toEqual(['n3', 'n4']);
    expect(compareClocks(pruned, old)).toBe('concurrent');
  });
});
