// Each safety bug variant is caught by a sweep of its own scenario: seeds 1..200 in order,
// stopping at the first whose verdict is a violation of the expected check. The correct
// code (variant null) then passes that same seed, under the same fault schedule. The seed
// that caught each variant is printed (docs/protocols/raft.md lists them). Each liveness
// variant ends in no-progress on the first seeds of its scenario, and the correct code
// makes progress on the same seeds.
import { describe, expect, it } from 'vitest';
import { firstSeedCaught, loadRaftScenario, runFull, runOne, sweepFailures, WITHOUT_VARIANT } from './sweep.js';

const SEEDS_MAX = 200;

const SAFETY_VARIANTS: readonly (readonly [variant: string, check: string])[] = [
  ['figure8-commit', 'leader-completeness'],
  ['vote-not-persisted', 'election-safety'],
  ['no-up-to-date-check', 'leader-completeness'],
  ['truncate-on-stale-append', 'leader-completeness'],
  ['stale-leader-read', 'linearizability'],
  ['lease-without-drift-bound', 'linearizability'],
  ['no-sessions', 'linearizability'],
  ['stale-round-ack', 'linearizability'],
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

describe('raft stale-round-ack: the correct code on its scenario', () => {
  const SEEDS = 300;

  it(`passes seeds 1..${SEEDS} (a restarted, re-elected, then cut-off leader serves no stale read)`, () => {
    expect(sweepFailures('stale-round-ack', 1, SEEDS, WITHOUT_VARIANT)).toEqual([]);
  });

  it(`with lease reads: the variant is caught within ${SEEDS_MAX} seeds (stale acks confirm rounds and renew the lease), the correct code passes that seed`, () => {
    const lease = ['config.reads=lease'];
    const caught = firstSeedCaught(loadRaftScenario('stale-round-ack', lease), 'linearizability', SEEDS_MAX);
    expect(caught.seed, `stale-round-ack with reads: lease: no violation in seeds 1..${SEEDS_MAX}`).not.toBeNull();
    console.info(`stale-round-ack, reads: lease: caught at seed ${caught.seed}`);
    const fixed = runOne(loadRaftScenario('stale-round-ack', [...lease, ...WITHOUT_VARIANT]), caught.seed!);
    expect(fixed.verdict, `seed ${caught.seed} with variant=null: ${fixed.reason}`).toBe('pass');
  });
});

/** A liveness variant, with what its runs show: leader elections, and since when no leader. */
const LIVENESS_VARIANTS: readonly (readonly [variant: string, elections: number, leaderlessSinceUs: number])[] = [
  ['fixed-election-timeout', 0, 0],
  ['timer-reset-on-refused-vote', 1, 1_500_000],
];

describe.each(LIVENESS_VARIANTS)('raft %s (a liveness bug)', (variant, elections, leaderlessSinceUs) => {
  const SEEDS = 10;

  it(`ends in no-progress, with no leader from ${leaderlessSinceUs}us on, on seeds 1..${SEEDS}; never a violation`, () => {
    const scenario = loadRaftScenario(variant);
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = runFull(scenario, seed);
      expect(r.violations, `seed ${seed}`).toEqual([]);
      expect(r.verdict, `seed ${seed}: ${r.reason}`).toBe('no-progress');
      expect(r.stats.protocol['leaderElections'], `seed ${seed}`).toBe(elections);
      expect(r.stats.protocol['leaderlessUs'], `seed ${seed}`).toBeGreaterThanOrEqual(r.stats.virtualTimeUs - leaderlessSinceUs);
    }
  });

  it(`the correct code elects a leader after that and passes the same seeds`, () => {
    const scenario = loadRaftScenario(variant, ['variant=null', 'expect.verdict=pass']);
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = runFull(scenario, seed);
      expect(r.verdict, `seed ${seed}: ${r.reason}`).toBe('pass');
      expect(r.stats.protocol['leaderElections'], `seed ${seed}`).toBeGreaterThan(elections);
    }
  });
});
