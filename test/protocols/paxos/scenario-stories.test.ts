// The stories the Paxos scenarios tell in their descriptions, checked over a few seeds from
// the run's figures (stats.protocol). A description that stops being true fails here.
import { describe, expect, it } from 'vitest';
import { loadScenarioIn, runFull, sweepFailures } from '../raft/sweep.js';

const SEEDS = [1, 2, 3];
const DIR = 'scenarios/paxos';

function figures(name: string, seed: number): Readonly<Record<string, number>> {
  const r = runFull(loadScenarioIn(DIR, name), seed);
  expect(r.verdict, `${name} seed ${seed}: ${r.reason}`).toBe('pass');
  return r.stats.protocol;
}

describe('multi-paxos scenario stories', () => {
  it('happy-path: one leader, one accept round per slot, no abandoned ballot', () => {
    for (const seed of SEEDS) {
      const f = figures('multi-paxos-happy-path', seed);
      expect(f['leaderElections'], `seed ${seed}`).toBe(1);
      expect(f['roundsPerDecision'], `seed ${seed}`).toBe(1);
      expect(f['ballotsAbandoned'], `seed ${seed}`).toBe(0);
    }
  });

  it('leader-crash: a second leader takes over the in-flight slots', () => {
    for (const seed of SEEDS) {
      const f = figures('multi-paxos-leader-crash', seed);
      expect(f['leaderElections'], `seed ${seed}`).toBe(2);
      expect(f['takeoverSlots'], `seed ${seed}`).toBeGreaterThan(0);
    }
  });

  it('minority-partition: the rejoining minority, with higher ballots, forces another election (no pre-vote)', () => {
    for (const seed of SEEDS) expect(figures('multi-paxos-minority-partition', seed)['leaderElections'], `seed ${seed}`).toBeGreaterThanOrEqual(2);
  });

  it('lease-reads: the leader answers most gets from its lease, and a second leader takes over only after it ran out', () => {
    for (const seed of SEEDS) {
      const f = figures('multi-paxos-lease-reads', seed);
      expect(f['leaseReads'], `seed ${seed}`).toBeGreaterThan(1000);
      expect(f['leaderElections'], `seed ${seed}`).toBeGreaterThanOrEqual(2);
    }
    const readIndex = figures('multi-paxos-happy-path', 1);
    expect(readIndex['leaseReads']).toBeUndefined(); // reads: readindex never takes the lease path
  });

  it('lease reads hold under the random nemesis (crashes, pauses, clock jumps, partitions): seeds 1..100', () => {
    const failures = sweepFailures('multi-paxos-random-faults', 1, 100, ['config.reads=lease'], DIR);
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('majority-partition: the majority elects a second leader', () => {
    for (const seed of SEEDS) expect(figures('multi-paxos-majority-partition', seed)['leaderElections'], `seed ${seed}`).toBeGreaterThanOrEqual(2);
  });

  it('lossy-network: lost accepts are re-sent (more than one round per slot now and then)', () => {
    for (const seed of SEEDS) expect(figures('multi-paxos-lossy-network', seed)['roundsPerDecision'], `seed ${seed}`).toBeGreaterThan(1);
  });
});

describe('paxos scenario stories', () => {
  it('happy-path: one ballot per decision, every key decided', () => {
    for (const seed of SEEDS) {
      const f = figures('happy-path', seed);
      expect(f['decisions'], `seed ${seed}`).toBe(10);
      expect(f['ballotsAbandoned'], `seed ${seed}`).toBe(0);
    }
  });

  it('dueling-proposers: ballots are abandoned, yet every key is decided', () => {
    for (const seed of SEEDS) {
      const f = figures('dueling-proposers', seed);
      expect(f['decisions'], `seed ${seed}`).toBe(3);
      expect(f['ballotsAbandoned'], `seed ${seed}`).toBeGreaterThan(0);
      expect(f['roundsPerDecision'], `seed ${seed}`).toBeGreaterThan(1);
    }
  });
});
