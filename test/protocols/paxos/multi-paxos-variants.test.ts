// Each Multi-Paxos bug variant is caught by a sweep of its own scenario: seeds 1..200 in
// order, stopping at the first that ends as the variant's scenario says (a violation of the
// named check, or no-progress for the liveness bug). The correct code (variant null) then
// passes that same seed, under the same fault schedule.
import { describe, expect, it } from 'vitest';
import { MULTI_PAXOS_VARIANTS, multiPaxosFlags } from '../../../protocols/multi-paxos/variants.js';
import { firstSeedCaught, loadScenarioIn, runFull, runOne, WITHOUT_VARIANT } from '../raft/sweep.js';

const SEEDS_MAX = 200;
const DIR = 'scenarios/paxos';

describe('multi-paxos variants', () => {
  it('each variant is exactly one flag; unknown names are refused', () => {
    for (const name of Object.keys(MULTI_PAXOS_VARIANTS)) {
      expect(Object.values(multiPaxosFlags(name)).filter((on) => on)).toHaveLength(1);
    }
    expect(Object.values(multiPaxosFlags(null)).some((on) => on)).toBe(false);
    expect(() => multiPaxosFlags('typo')).toThrow(/unknown variant "typo"/);
  });

  it.each([
    ['acceptor-amnesia', 'agreement'],
    ['no-slot-recovery', 'agreement'],
    ['lease-without-drift-bound', 'linearizability'],
  ])(`%s: caught (%s) within ${SEEDS_MAX} seeds, and the correct code passes that seed`, (variant, check) => {
    const scenario = loadScenarioIn(DIR, `multi-paxos-${variant}`);
    expect(scenario.variant).toBe(variant);
    expect(scenario.expect.violation).toBe(check);
    const caught = firstSeedCaught(scenario, check, SEEDS_MAX);
    expect(caught.seed, `${variant}: no violation of ${check} in seeds 1..${SEEDS_MAX}`).not.toBeNull();
    console.info(`${variant}: caught by ${check} at seed ${caught.seed} (${caught.result!.reason.slice(0, 160)})`);
    const correct = loadScenarioIn(DIR, `multi-paxos-${variant}`, WITHOUT_VARIANT);
    expect(correct.faults).toEqual(scenario.faults);
    expect(correct.nemesis).toEqual(scenario.nemesis);
    const fixed = runOne(correct, caught.seed!);
    expect(fixed.verdict, `${variant} seed ${caught.seed} with variant=null: ${fixed.reason}`).toBe('pass');
  });

  it(`no-gap-filling: a liveness bug: no-progress (never a violation) within ${SEEDS_MAX} seeds, after a takeover left a hole; the correct code passes that seed`, () => {
    const scenario = loadScenarioIn(DIR, 'multi-paxos-no-gap-filling');
    let stuck: number | null = null;
    for (let seed = 1; seed <= SEEDS_MAX && stuck === null; seed++) {
      const r = runFull(scenario, seed);
      expect(r.violations, `seed ${seed}`).toEqual([]);
      if (r.verdict === 'no-progress') {
        expect(r.stats.protocol['takeoverGaps'], `seed ${seed}`).toBeGreaterThan(0);
        stuck = seed;
      }
    }
    expect(stuck, `no seed of 1..${SEEDS_MAX} got stuck`).not.toBeNull();
    console.info(`no-gap-filling: stuck at seed ${stuck}`);
    const fixed = runOne(loadScenarioIn(DIR, 'multi-paxos-no-gap-filling', [...WITHOUT_VARIANT]), stuck!);
    expect(fixed.verdict, fixed.reason).toBe('pass');
  });
});
