// The membership scenarios: each narrative passes at its own seed with what it promises
// happening, and the random nemesis with membership changes passes a sweep of seeds in
// which most runs really changed the configuration (the CLI sweep of 1,000 seeds is in
// docs/protocols/raft.md).
import { describe, expect, it } from 'vitest';
import { loadRaftScenario, runFull } from './sweep.js';

const STORIES: readonly (readonly [name: string, configChanges: number])[] = [
  ['membership-grow', 2],
  ['membership-replace', 2],
  ['membership-remove-leader', 2],
  ['membership-partition', 3],
];

describe('raft membership scenarios', () => {
  it.each(STORIES)('%s passes at its seed with %i configuration changes', (name, configChanges) => {
    const r = runFull(loadRaftScenario(name), 1);
    expect(r.verdict, r.reason).toBe('pass');
    expect(r.stats.protocol['configChanges']).toBe(configChanges);
  });

  const SEEDS = 100;
  it(`membership-random: the correct code passes seeds 1..${SEEDS}, and most of them change the configuration`, () => {
    const scenario = loadRaftScenario('membership-random');
    let changed = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = runFull(scenario, seed);
      expect(r.verdict, `seed ${seed}: ${r.reason}`).toBe('pass');
      if ((r.stats.protocol['configChanges'] ?? 0) > 0) changed++;
    }
    expect(changed).toBeGreaterThanOrEqual(SEEDS * 0.75);
  });
});
