// Seed sweeps of the shipped Raft scenarios, in-process (each vitest fork runs its own
// file, so two sweep files share the two cores): load a scenario with `--set`-style
// overrides, run seeds with the CLI's own runSeed, and find the first seed that shows a
// variant's bug.
import { runSeed, type SeedResult } from '../../../cli/sweep-core.js';
import { replayCommand } from '../../../cli/output/summary.js';
import { PROTOCOLS } from '../../../protocols/registry.js';
import { runScenario, type RunResult } from '../../../sim/run.js';
import { loadScenarioFile } from '../../../sim/scenario/index.js';
import type { Scenario } from '../../../sim/scenario/types.js';

export const RAFT_SCENARIOS = 'scenarios/raft';

/** The correct implementation on a variant's scenario: same faults, and it must pass. */
export const WITHOUT_VARIANT = ['variant=null', 'expect.verdict=pass', 'expect.violation=null'] as const;

export function loadRaftScenario(name: string, set: readonly string[] = []): Scenario {
  return loadScenarioIn(RAFT_SCENARIOS, name, set);
}

/** A shipped scenario by folder and name (Paxos's tests share these helpers). */
export function loadScenarioIn(dir: string, name: string, set: readonly string[] = []): Scenario {
  return loadScenarioFile(`${dir}/${name}.yaml`, { protocols: PROTOCOLS, overrides: set });
}

export function runOne(scenario: Scenario, seed: number): SeedResult {
  return runSeed(scenario, PROTOCOLS.get(scenario.protocol)!, seed);
}

/** A full result (stats included), as `faultline run --json` sees it. */
export function runFull(scenario: Scenario, seed: number): RunResult {
  return runScenario({ ...scenario, seed }, PROTOCOLS.get(scenario.protocol)!);
}

/** Seeds from..to (inclusive) that did not end as the scenario expects, one line each with its replay. */
export function sweepFailures(
  name: string,
  from: number,
  to: number,
  set: readonly string[] = [],
  dir: string = RAFT_SCENARIOS,
): string[] {
  const scenario = loadScenarioIn(dir, name, set);
  const failures: string[] = [];
  for (let seed = from; seed <= to; seed++) {
    const r = runOne(scenario, seed);
    if (!r.asExpected) {
      const replay = replayCommand({ file: `${dir}/${name}.yaml`, seed }, set);
      failures.push(`seed ${seed}: ${r.verdict} ${r.reason.slice(0, 200)}\n  ${replay}`);
    }
  }
  return failures;
}

export interface Caught {
  /** The first seed whose verdict is `violation` with the expected check, or null. */
  readonly seed: number | null;
  /** Seeds run until then. */
  readonly tried: number;
  readonly result: SeedResult | null;
}

/** Run seeds 1..seedsMax in order, stopping at the first violation of `check`. */
export function firstSeedCaught(scenario: Scenario, check: string, seedsMax: number): Caught {
  for (let seed = 1; seed <= seedsMax; seed++) {
    const r = runOne(scenario, seed);
    if (r.verdict === 'violation' && r.violated.includes(check)) return { seed, tried: seed, result: r };
  }
  return { seed: null, tried: seedsMax, result: null };
}
