// The correct 2PC passes 500 seeds of the random nemesis (crashes with lost unsynced
// writes, partitions, pauses, clocks, loss, clogs, a lossy and duplicating network).
import { expect, test } from 'vitest';
import { loadTwopcScenario, runOne } from './sweep.js';

test('2pc random-faults: seeds 1..500 all pass', () => {
  const scenario = loadTwopcScenario('random-faults');
  const failures: string[] = [];
  for (let seed = 1; seed <= 500; seed++) {
    const r = runOne(scenario, seed);
    if (!r.asExpected) failures.push(`seed ${seed}: ${r.verdict} ${r.reason.slice(0, 200)}`);
  }
  expect(failures).toEqual([]);
}, 300_000);
