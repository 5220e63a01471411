// Redlock under the random nemesis (pauses, crashes, clock steps) plus pauses of the lock
// holder: with fencing, 500 seeds pass; without, the same faults lose an update within 200.
import { describe, expect, it } from 'vitest';
import { firstViolation, loadRedlockScenario, unexpectedSeeds } from './sweep.js';

describe('scenarios/redlock/random-faults.yaml', () => {
  it('with fencing passes seeds 1..500', () => {
    const failures = unexpectedSeeds(loadRedlockScenario('random-faults'), 1, 500);
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('without fencing is caught within 200 seeds, by the resource history and by mutual exclusion', () => {
    const unfenced = loadRedlockScenario('random-faults', ['config.fencing=false']);
    expect(firstViolation(unfenced, 1, 200)).not.toBeNull();
    const judged = loadRedlockScenario('random-faults', ['config.fencing=false', 'checks.invariants=true', 'checks.linearizability=false']);
    expect(firstViolation(judged, 1, 200)).not.toBeNull();
  });
});
