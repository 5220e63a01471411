// Running saga scenarios in-process for the sweep tests: load a shipped scenario (with
// overrides) and run one seed of it.
import { runSeed } from '../../../cli/sweep-core.js';
import { PROTOCOLS } from '../../../protocols/registry.js';
import { loadScenarioFile } from '../../../sim/scenario/index.js';

export const loadSaga = (file: string, set: readonly string[] = []) => loadScenarioFile(`scenarios/saga/${file}`, { protocols: PROTOCOLS, overrides: set });

export function runSaga(file: string, seed: number, set: readonly string[] = []) {
  const scenario = loadSaga(file, set);
  return runSeed(scenario, PROTOCOLS.get(scenario.protocol)!, seed);
}
