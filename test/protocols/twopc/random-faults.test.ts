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

// The benchmark's histories (60 virtual seconds, ~600 info transfers): the bank model's
// witness decides them where the general search alone ran out of its 200,000 steps.
test('2pc random-faults at 60s: the bank check decides seeds 1..5 within 200,000 steps', () => {
  const scenario = loadTwopcScenario('random-faults', ['duration=60s', 'nemesis.stop=57s', 'clients=16', 'checks.searchSteps=200000']);
  for (let seed = 1; seed <= 5; seed++) {
    const r = runOne(scenario, seed);
    expect(r.verdict, `seed ${seed}: ${r.reason}`).toBe('pass');
  }
}, 120_000);
