// Loading and running the shipped Redlock scenarios in-process, with `--set`-style overrides.
import { runSeed, type SeedResult } from '../../../cli/sweep-core.js';
import { PROTOCOLS } from '../../../protocols/registry.js';
import { loadScenarioFile } from '../../../sim/scenario/index.js';
import type { Scenario } from '../../../sim/scenario/types.js';

export function loadRedlockScenario(name: string, set: readonly string[] = []): Scenario {
  return loadScenarioFile(`scenarios/redlock/${name}.yaml`, { protocols: PROTOCOLS, overrides: set });
}

export function runOne(scenario: Scenario, seed: number): SeedResult {
  return runSeed(scenario, PROTOCOLS.get(scenario.protocol)!, seed);
}

/** Seeds from..to that did not end as expected, one line each. */
export function unexpectedSeeds(scenario: Scenario, from: number, to: number): string[] {
  const lines: string[] = [];
  for (let seed = from; seed <= to; seed++) {
    const r = runOne(scenario, seed);
    if (!r.asExpected) lines.push(`seed ${seed}: ${r.verdict} ${r.reason.slice(0, 200)}`);
  }
  return lines;
}

/** The first seed in from..to whose verdict is a violation, or null. */
export function firstViolation(scenario: Scenario, from: number, to: number): number | null {
  for (let seed = from; seed <= to; seed++) if (runOne(scenario, seed).verdict === 'violation') return seed;
  return null;
}
