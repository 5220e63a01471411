// Seed sweeps of the shipped 2PC scenarios, in-process, with the CLI's own runSeed.
import { runSeed, type SeedResult } from '../../../cli/sweep-core.js';
import { PROTOCOLS } from '../../../protocols/registry.js';
import { loadScenarioFile } from '../../../sim/scenario/index.js';
import type { Scenario } from '../../../sim/scenario/types.js';

/** The correct implementation on a variant's scenario: same faults, and it must pass. */
export const WITHOUT_VARIANT = ['variant=null', 'expect.verdict=pass', 'expect.violation=null'] as const;

/** A shipped scenario of 2PC (or, with folder '3pc', of three-phase commit). */
export function loadTwopcScenario(name: string, set: readonly string[] = [], folder = '2pc'): Scenario {
  return loadScenarioFile(`scenarios/${folder}/${name}.yaml`, { protocols: PROTOCOLS, overrides: set });
}

export function runOne(scenario: Scenario, seed: number): SeedResult {
  return runSeed(scenario, PROTOCOLS.get(scenario.protocol)!, seed);
}

/** The first seed in 1..seedsMax whose verdict is a violation of `check`, or null. */
export function firstSeedCaught(scenario: Scenario, check: string, seedsMax: number): number | null {
  for (let seed = 1; seed <= seedsMax; seed++) {
    const r = runOne(scenario, seed);
    if (r.verdict === 'violation' && r.violated.includes(check)) return seed;
  }
  return null;
}
