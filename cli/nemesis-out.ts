// `run --nemesis-out file.yaml`: the scenario with its nemesis replaced by the faults the
// seed drew, a plain scenario that replays to the same trace hash.
import { PROTOCOLS } from '../protocols/registry.js';
import type { RunResult } from '../sim/run.js';
import { readScenarioDocument } from '../sim/scenario/index.js';
import { withDrawnFaults } from '../sim/scenario/explicit.js';
import { writeScenarioFile } from './output/scenario-yaml.js';
import { shellQuote } from './output/summary.js';

export function writeNemesisOut(path: string, file: string, overrides: readonly string[], result: RunResult): void {
  const doc = readScenarioDocument(file, { protocols: PROTOCOLS, overrides, seed: result.seed });
  const drawn = result.drawn.nemesis;
  const sets = overrides.map((o) => ` --set ${shellQuote(o)}`).join('');
  writeScenarioFile(path, withDrawnFaults(doc, drawn), [
    `${result.scenario} with its nemesis written out: the ${drawn.length} faults seed ${result.seed} drew are plain entries at the end of faults:.`,
    `Made by: faultline run ${shellQuote(file)} --seed ${result.seed}${sets} --nemesis-out ${shellQuote(path)}`,
    `It replays to the same trace hash: ${result.traceHash}.`,
  ]);
}
