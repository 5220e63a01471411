// The correct sagas, orchestrated and choreographed, each pass 500 seeds of the random
// nemesis: every order ends COMPLETED or fully compensated, none charged twice, no orphan
// reservation, every dead letter accounted for.
import { describe, expect, test } from 'vitest';
import { runSaga } from './sweep-support.js';

const SEEDS = 500;

describe('random nemesis', () => {
  for (const file of ['random-nemesis.yaml', 'choreographed-random-nemesis.yaml']) {
    test(`${file} passes ${SEEDS} seeds`, () => {
      const failing: string[] = [];
      for (let seed = 1; seed <= SEEDS; seed++) {
        const r = runSaga(file, seed);
        if (r.verdict !== 'pass') failing.push(`seed ${seed}: ${r.reason}`);
      }
      expect(failing).toEqual([]);
    }, 300_000);
  }
});
