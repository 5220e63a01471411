// Each 2PC variant is caught by atomic-commit within 200 seeds of its own scenario, and
// the correct code passes the seeds on which it was caught (same faults).
import { describe, expect, test } from 'vitest';
import { TWOPC_VARIANTS } from '../../../protocols/twopc/variants.js';
import { firstSeedCaught, loadTwopcScenario, runOne, WITHOUT_VARIANT } from './sweep.js';

const SEEDS_MAX = 200;

describe('2pc variants are caught, the correct code passes the same seeds', () => {
  for (const variant of Object.keys(TWOPC_VARIANTS)) {
    test(variant, () => {
      const scenario = loadTwopcScenario(`variant-${variant}`);
      expect(scenario.variant).toBe(variant);
      const seed = firstSeedCaught(scenario, 'atomic-commit', SEEDS_MAX);
      expect(seed, `${variant} not caught in ${SEEDS_MAX} seeds`).not.toBeNull();
      const correct = runOne(loadTwopcScenario(`variant-${variant}`, WITHOUT_VARIANT), seed!);
      expect(correct.verdict, `${variant}: the correct code fails seed ${seed}: ${correct.reason}`).toBe('pass');
    }, 120_000);
  }
});
