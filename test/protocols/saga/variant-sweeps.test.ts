// Each saga variant is caught within 200 seeds of its own scenario, and the correct code
// passes the seed on which it was caught (same faults).
import { describe, expect, test } from 'vitest';
import { runSeed } from '../../../cli/sweep-core.js';
import { PROTOCOLS } from '../../../protocols/registry.js';
import { SAGA_VARIANTS } from '../../../protocols/saga/variants.js';
import { loadScenarioFile } from '../../../sim/scenario/index.js';

const SEEDS_MAX = 200;
const WITHOUT_VARIANT = ['variant=null', 'expect.verdict=pass', 'expect.violation=null'];
const load = (variant: string, set: readonly string[] = []) =>
  loadScenarioFile(`scenarios/saga/variant-${variant}.yaml`, { protocols: PROTOCOLS, overrides: set });
const run = (variant: string, seed: number, set: readonly string[] = []) => {
  const scenario = load(variant, set);
  return runSeed(scenario, PROTOCOLS.get(scenario.protocol)!, seed);
};

describe('saga variants are caught, the correct code passes the same seed', () => {
  for (const variant of Object.keys(SAGA_VARIANTS)) {
    test(variant, () => {
      const wanted = load(variant).expect.violation!;
      let caught: number | null = null;
      for (let seed = 1; seed <= SEEDS_MAX && caught === null; seed++) {
        const r = run(variant, seed);
        if (r.verdict === 'violation' && r.violated.includes(wanted)) caught = seed;
      }
      expect(caught, `${variant} not caught in ${SEEDS_MAX} seeds`).not.toBeNull();
      const correct = run(variant, caught!, WITHOUT_VARIANT);
      expect(correct.verdict, `${variant}: the correct code fails seed ${caught}: ${correct.reason}`).toBe('pass');
    }, 120_000);
  }
});
