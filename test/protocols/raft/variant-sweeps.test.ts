// Each safety bug variant is caught by a sweep of its own scenario: seeds 1..200 in order,
// stopping at the first whose verdict is a violation of the expected check. The correct
// code (variant null) then passes that same seed, under the same fault schedule. The seed
// that caught each variant is printed (docs/protocols/raft.md lists them).
import { describe, expect, it } from 'vitest';
import { firstSeedCaught, loadRaftScenario, runFull, runOne, WITHOUT_VARIANT } from './sweep.js';

const SEEDS_MAX = 200;

const SAFETY_VARIANTS: readonly (readonly [variant: string, check: string])[] = [
  ['figure8-commit', 'leader-completeness'],
  ['vote-not-persisted', 'election-safety'],
  ['no-up-to-date-check', 'leader-completeness'],
  ['truncate-on-stale-append', 'leader-completeness'],
  ['stale-leader-read', 'linearizability'],
  ['lease-without-drift-bound', 'linearizability'],
  ['no-sessions', 'linearizability'],
];

describe('raft safety variants, swept', () => {
  it.each(SAFETY_VARIANTS)(`%s: caught (%s) within ${SEEDS_MAX} seeds, and the correct code passes that seed`, (variant, check) => {
    const scenario = loadRaftScenario(variant);
    expect(scenario.variant).toBe(variant);
    expect(scenario.expect.violation).toBe(check);
    const caught = firstSeedCaught(scenario, check, SEEDS_MAX);
    expect(caught.seed, `${variant}: no violation of ${check} in seeds 1..${SEEDS_MAX}`).not.toBeNull();
    console.info(`${variant}: caught by ${check} at seed ${caught.seed} (${caught.result!.reason.slice(0, 160)})`);

    const correct = loadRaftScenario(variant, WITHOUT_VARIANT);
    expect(correct.variant).toBeNull();
    expect(correct.faults).toEqual(scenario.faults);
    expect(correct.nemesis).toEqual(scenario.nemesis);
    const fixed = runOne(correct, caught.seed!);
    expect(fixed.verdict, `${variant} seed ${caught.seed} with variant=null: ${fixed.reason}`).toBe('pass');
  });
});

describe('raft fixed-election-timeout (a liveness bug)', () => {
  const SEEDS = 10;

  it(`ends in no-progress, with no leader the whole run, on seeds 1..${SEEDS}; never a violation`, () => {
    const scenario = loadRaftScenario('fixed-election-timeout');
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = runFull(scenario, seed);
      expect(r.violations, `seed ${seed}`).toEqual([]);
      expect(r.verdict, `seed ${seed}: ${r.reason}`).toBe('no-progress');
      expect(r.stats.protocol['leaderElections'], `seed ${seed}`).toBe(0);
      expect(r.stats.protocol['leaderlessUs'], `seed ${seed}`).toBe(r.stats.virtualTimeUs);
    }
  });

  it(`the correct code elects a leader and passes the same seeds`, () => {
    const scenario = loadRaftScenario('fixed-election-timeout', ['variant=null', 'expect.verdict=pass']);
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = runFull(scenario, seed);
      expect(r.verdict, `seed ${seed}: ${r.reason}`).toBe('pass');
      expect(r.stats.protocol['leaderElections'], `seed ${seed}`).toBeGreaterThanOrEqual(1);
    }
  });
});
