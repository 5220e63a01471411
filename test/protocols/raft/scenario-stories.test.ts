// The stories the Raft scenarios tell in their descriptions, checked over a few seeds:
// who leads how often (stats.protocol.leaderElections), and that the two bridge files
// differ only in preVote. A description that stops being true fails here.
import { describe, expect, it } from 'vitest';
import { loadRaftScenario, runFull } from './sweep.js';

const SEEDS = [1, 2, 3, 4, 5];

function elections(name: string, seed: number): number {
  const r = runFull(loadRaftScenario(name), seed);
  expect(r.verdict, `${name} seed ${seed}: ${r.reason}`).toBe('pass');
  return r.stats.protocol['leaderElections']!;
}

describe('raft scenario stories', () => {
  it.each(['minority-partition', 'follower-crash', 'bridge-prevote'])('%s: one election, no disruption', (name) => {
    for (const seed of SEEDS) expect(elections(name, seed), `seed ${seed}`).toBe(1);
  });

  it.each(['majority-partition', 'clock-drift'])('%s: exactly one more election', (name) => {
    for (const seed of SEEDS) expect(elections(name, seed), `seed ${seed}`).toBe(2);
  });

  it('bridge-no-prevote: the far side keeps deposing leaders, where bridge-prevote elects one', () => {
    let without = 0;
    for (const seed of SEEDS) {
      const n = elections('bridge-no-prevote', seed);
      expect(n, `seed ${seed}`).toBeGreaterThan(1);
      without += n;
    }
    expect(without).toBeGreaterThan(2 * SEEDS.length);
  });

  it('the two bridge files differ only in preVote (and their names and descriptions)', () => {
    const strip = (name: string) => {
      const { name: _n, description: _d, file: _f, config, ...rest } = loadRaftScenario(name);
      const { preVote, ...otherConfig } = config as { preVote: boolean };
      return { preVote, rest: { ...rest, config: otherConfig } };
    };
    const pre = strip('bridge-prevote');
    const noPre = strip('bridge-no-prevote');
    expect(pre.preVote).toBe(true);
    expect(noPre.preVote).toBe(false);
    expect(noPre.rest.config).toEqual(pre.rest.config);
    expect({ ...noPre.rest, expect: null }).toEqual({ ...pre.rest, expect: null });
  });

  it('random-faults: one nemesis of all six kinds, short enough to sweep', () => {
    const scenario = loadRaftScenario('random-faults');
    expect(scenario.variant).toBeNull();
    expect(scenario.nemesis!.kinds.map((k) => k.kind).sort()).toEqual(['clock', 'clog', 'crash', 'loss', 'partition', 'pause']);
    expect(scenario.durationUs).toBeGreaterThanOrEqual(10_000_000);
    expect(scenario.durationUs).toBeLessThanOrEqual(20_000_000);
  });
});
