// Each single-decree Paxos bug variant is caught by a sweep of its own scenario: seeds
// 1..200 in order, stopping at the first whose verdict is a violation of the expected
// check. The correct code (variant null) then passes that same seed, under the same
// schedule. no-backoff is a liveness bug: no-progress, never a violation.
import { describe, expect, it } from 'vitest';
import { PAXOS_VARIANTS, paxosFlags } from '../../../protocols/paxos/variants.js';
import { firstSeedCaught, loadScenarioIn, runFull, runOne, WITHOUT_VARIANT } from '../raft/sweep.js';

const SEEDS_MAX = 200;
const DIR = 'scenarios/paxos';

const SAFETY_VARIANTS: readonly (readonly [variant: string, check: string])[] = [
  ['acceptor-amnesia', 'agreement'],
  ['ignore-promised-values', 'agreement'],
  ['lowest-ballot-value', 'agreement'],
  ['ballot-collision', 'agreement'],
  ['accept-not-promise', 'acceptor-monotonic'],
  ['learner-across-ballots', 'agreement'],
];

describe('paxos variants', () => {
  it('each variant is exactly one flag, and has a scenario here; unknown names are refused', () => {
    for (const name of Object.keys(PAXOS_VARIANTS)) {
      expect(Object.values(paxosFlags(name)).filter((on) => on)).toHaveLength(1);
    }
    expect(Object.values(paxosFlags(null)).some((on) => on)).toBe(false);
    expect(() => paxosFlags('typo')).toThrow(/unknown variant "typo"/);
    expect([...SAFETY_VARIANTS.map(([v]) => v), 'no-backoff'].sort()).toEqual(Object.keys(PAXOS_VARIANTS).sort());
  });

  it.each(SAFETY_VARIANTS)(`%s: caught (%s) within ${SEEDS_MAX} seeds, and the correct code passes that seed`, (variant, check) => {
    const scenario = loadScenarioIn(DIR, variant);
    expect(scenario.variant).toBe(variant);
    expect(scenario.expect.violation).toBe(check);
    const caught = firstSeedCaught(scenario, check, SEEDS_MAX);
    expect(caught.seed, `${variant}: no violation of ${check} in seeds 1..${SEEDS_MAX}`).not.toBeNull();
    console.info(`${variant}: caught by ${check} at seed ${caught.seed} (${caught.result!.reason.slice(0, 160)})`);
    const correct = loadScenarioIn(DIR, variant, WITHOUT_VARIANT);
    expect(correct.nemesis).toEqual(scenario.nemesis);
    expect(correct.network).toEqual(scenario.network);
    const fixed = runOne(correct, caught.seed!);
    expect(fixed.verdict, `${variant} seed ${caught.seed} with variant=null: ${fixed.reason}`).toBe('pass');
  });

  it('no-backoff: duelling proposers never decide (no-progress, never a violation) on most seeds; the correct code passes those', () => {
    const SEEDS = 10;
    const stuck: number[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = runFull(loadScenarioIn(DIR, 'no-backoff'), seed);
      expect(r.violations, `seed ${seed}`).toEqual([]);
      if (r.verdict !== 'no-progress') continue;
      expect(r.stats.protocol['decisions'], `seed ${seed}`).toBe(0);
      expect(r.stats.protocol['ballotsAbandoned'], `seed ${seed}`).toBeGreaterThan(100);
      stuck.push(seed);
    }
    expect(stuck.length, `stuck seeds: ${stuck.join(', ')}`).toBeGreaterThanOrEqual(SEEDS / 2);
    const correct = loadScenarioIn(DIR, 'no-backoff', [...WITHOUT_VARIANT]);
    for (const seed of stuck) expect(runOne(correct, seed).verdict, `seed ${seed}`).toBe('pass');
  });
});
