// The correct orchestrated saga passes 500 seeds of the random nemesis: every order ends
// COMPLETED or fully compensated, none charged twice, no orphan reservation.
import { expect, test } from 'vitest';
import { runSeed } from '../../../cli/sweep-core.js';
import { PROTOCOLS } from '../../../protocols/registry.js';
import { loadScenarioFile } from '../../../sim/scenario/index.js';

const SEEDS = 500;

test(`saga-orchestrated passes ${SEEDS} random-nemesis seeds`, () => {
  const scenario = loadScenarioFile('scenarios/saga/random-nemesis.yaml', { protocols: PROTOCOLS, overrides: [] });
  const failing: string[] = [];
  let ended = 0;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const r = runSeed(scenario, PROTOCOLS.get(scenario.protocol)!, seed);
    if (r.verdict !== 'pass') failing.push(`seed ${seed}: ${r.reason}`);
    ended += r.verdict === 'pass' ? 1 : 0;
  }
  expect(failing).toEqual([]);
  expect(ended).toBe(SEEDS);
}, 300_000);
