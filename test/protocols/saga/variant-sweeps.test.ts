// Each saga variant, of both styles, is caught within 200 seeds of its own scenario, and
// the correct code passes the seed on which it was caught (same faults).
import { describe, expect, test } from 'vitest';
import { CHOREOGRAPHED_VARIANTS, SAGA_VARIANTS } from '../../../protocols/saga/variants.js';
import { loadSaga, runSaga } from './sweep-support.js';

const SEEDS_MAX = 200;
const WITHOUT_VARIANT = ['variant=null', 'expect.verdict=pass', 'expect.violation=null'];
const CASES = [
  ...Object.keys(SAGA_VARIANTS).map((variant) => ({ variant, file: `variant-${variant}.yaml` })),
  ...Object.keys(CHOREOGRAPHED_VARIANTS).map((variant) => ({ variant, file: `choreographed-variant-${variant}.yaml` })),
];

describe('saga variants are caught, the correct code passes the same seed', () => {
  for (const { variant, file } of CASES) {
    test(file, () => {
      const scenario = loadSaga(file);
      expect(scenario.variant).toBe(variant);
      const wanted = scenario.expect.violation!;
      let caught: number | null = null;
      for (let seed = 1; seed <= SEEDS_MAX && caught === null; seed++) {
        const r = runSaga(file, seed);
        if (r.verdict === 'violation' && r.violated.includes(wanted)) caught = seed;
      }
      expect(caught, `${variant} not caught in ${SEEDS_MAX} seeds`).not.toBeNull();
      const correct = runSaga(file, caught!, WITHOUT_VARIANT);
      expect(correct.verdict, `${variant}: the correct code fails seed ${caught}: ${correct.reason}`).toBe('pass');
    }, 120_000);
  }
});
