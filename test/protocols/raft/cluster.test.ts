// Multi-node runs driven by time: a healthy cluster serves clients, the same seed gives the
// same run, and random crashes and partitions never break an invariant.
import { describe, expect, it } from 'vitest';
import { Cluster } from './cluster.js';
import { seededRandom } from '../../support/fake-context.js';

/** Keep every client busy with random ops on a few keys; each append value is unique. */
function workload(seed: number, startUs = 400_000) {
  const random = seededRandom(seed);
  let n = 0;
  return (c: Cluster) => {
    if (c.nowUs < startUs) return;
    for (const id of c.clientIds) {
      if (c.busy(id)) continue;
      n++;
      const f = ['put', 'get', 'append', 'cas'][Math.floor(random() * 4)]!;
      // appends get keys of their own, so puts never hide them
      const key = `${f === 'append' ? 'a' : 'k'}${Math.floor(random() * 3)}`;
      c.invoke(id, f, key, f === 'get' ? null : f === 'cas' ? [n - 3, n] : f === 'append' ? `${n},` : n);
    }
  };
}

/** Appends are exactly-once: every acknowledged append appears once, none twice. */
function checkAppends(c: Cluster): void {
  const leader = c.leader()!;
  const kv = c.node(leader).state.kv;
  const seen = new Map<string, number>();
  for (const key of ['a0', 'a1', 'a2']) {
    const value = kv.read(key);
    if (typeof value !== 'string') continue;
    for (const token of value.split(',').filter((t) => t !== '')) seen.set(token, (seen.get(token) ?? 0) + 1);
  }
  for (const [token, count] of seen) expect(count, `append ${token} applied ${count} times`).toBeLessThanOrEqual(1);
  for (const done of c.completed) {
    if (done.op.f === 'append' && done.result.type === 'ok') expect(seen.get(String(done.op.value).slice(0, -1))).toBe(1);
  }
}

describe('a healthy cluster', () => {
  it.each([3, 5])('%i servers elect one leader and serve clients', (nodes) => {
    const c = new Cluster({ nodes, clients: 3, seed: nodes });
    c.run(3_000_000, workload(1));
    c.checkAtEnd();
    expect(c.violations).toEqual([]);
    expect(c.eventsNamed('became-leader')).toHaveLength(1);
    expect(c.completed.length).toBeGreaterThan(300);
    expect(c.completed.every((d) => d.result.type === 'ok' || (d.result.type === 'fail' && d.op.f === 'cas'))).toBe(true);
    const leader = c.leader()!;
    for (const id of c.ids) expect(c.view(id).commitIndex).toBeGreaterThan(c.view(leader).commitIndex - 10);
    checkAppends(c);
  });

  it('a get after an acknowledged put reads it (reads are never stale), in every read mode', () => {
    for (const reads of ['readindex', 'lease', 'log']) {
      const c = new Cluster({ nodes: 3, clients: 2, seed: 11, config: { reads } });
      c.run(600_000);
      let value = 0;
      for (let i = 0; i < 30; i++) {
        const writer = c.clientIds[i % 2]!;
        const reader = c.clientIds[(i + 1) % 2]!;
        c.invoke(writer, 'put', 'k', ++value);
        while (c.busy(writer)) c.run(1_000);
        c.invoke(reader, 'get', 'k');
        while (c.busy(reader)) c.run(1_000);
        expect(c.completed.at(-1)!.result, `${reads} read ${i}`).toMatchObject({ type: 'ok', value });
      }
    }
  });

  it('the same seed replays the same run; another seed does not', () => {
    const trace = (seed: number) => {
      const c = new Cluster({ nodes: 5, clients: 2, seed });
      c.run(1_500_000, workload(seed));
      return c.events.map((e) => `${e.timeUs} ${e.node} ${e.name} ${JSON.stringify(e.fields)}`).join('\n');
    };
    expect(trace(4)).toBe(trace(4));
    expect(trace(4)).not.toBe(trace(5));
  });

  it('with a constant latency and fixed election timeouts, nobody is ever elected (fixed-election-timeout)', () => {
    const fixed = new Cluster({ nodes: 5, seed: 1, latencyUs: [2000, 2000], variant: 'fixed-election-timeout' });
    fixed.run(5_000_000);
    expect(fixed.eventsNamed('became-leader')).toHaveLength(0);
    expect(fixed.eventsNamed('became-candidate').length).toBeGreaterThan(50);
    const correct = new Cluster({ nodes: 5, seed: 1, latencyUs: [2000, 2000] });
    correct.run(5_000_000);
    expect(correct.eventsNamed('became-leader')).toHaveLength(1);
  });
});

describe('random crashes and partitions (correct code)', () => {
  const configs = [
    { reads: 'readindex' },
    { reads: 'lease', maxDriftPpm: 0 },
    { reads: 'log', preVote: false, checkQuorum: false },
    { snapshotEvery: 20 },
  ];
  it.each(configs)('never violates an invariant and recovers after healing: %j', (config) => {
    for (let seed = 1; seed <= 6; seed++) {
      const c = new Cluster({ nodes: 5, clients: 3, seed, config: { snapshotEvery: 50, ...config } });
      const random = seededRandom(seed * 7919);
      const load = workload(seed);
      let nextFaultUs = 300_000;
      c.run(4_000_000, (cl) => {
        load(cl);
        for (const id of cl.clientIds) if (cl.busy(id) && random() < 0.001) cl.abandon(id);
        if (cl.nowUs < nextFaultUs) return;
        nextFaultUs += 150_000 + Math.floor(random() * 400_000);
        const target = cl.ids[Math.floor(random() * cl.ids.length)]!;
        const dice = random();
        if (dice < 0.25 && !cl.down.has(target) && cl.down.size < 2) cl.crash(target, random() < 0.5);
        else if (dice < 0.5) for (const id of [...cl.down]) cl.restart(id);
        else if (dice < 0.75) {
          const side = cl.ids.filter(() => random() < 0.5);
          cl.partition([side, cl.ids.filter((id) => !side.includes(id))]);
        } else cl.heal();
      });
      c.heal();
      for (const id of [...c.down]) c.restart(id);
      const okBefore = c.completed.filter((d) => d.result.type === 'ok').length;
      c.run(2_000_000, load);
      c.checkAtEnd();
      expect(c.violations, `seed ${seed}`).toEqual([]);
      expect(c.completed.filter((d) => d.result.type === 'ok').length, `seed ${seed} made progress`).toBeGreaterThan(okBefore + 20);
      checkAppends(c);
    }
  });
});
