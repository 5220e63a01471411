// What Raft assumes of its disk, shown by the disk faults: a wiped voter costs committed
// writes (the checks catch it on every seed swept, and a crash in its place is harmless on
// the same seeds), and a flipped bit in a committed entry goes undetected by Raft itself.
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../../sim/scenario/types.js';
import { loadRaftScenario, runOne } from './sweep.js';

const SEEDS = 8;

/** The same scenario with every wipe replaced by a crash of the same nodes, expecting a pass. */
function crashInsteadOfWipe(scenario: Scenario): Scenario {
  const faults = scenario.faults.map((f) => (f.action.kind === 'wipe' ? { ...f, action: { kind: 'crash' as const, targets: f.action.targets } } : f));
  expect(faults).not.toEqual(scenario.faults);
  return { ...scenario, faults, expect: { ...scenario.expect, verdict: 'pass', violation: null } };
}

describe('raft and disk faults', () => {
  it(`wiped-voter: the wiped voter votes again and committed writes are lost, caught on seeds 1..${SEEDS}; a crash instead of the wipe passes the same seeds`, () => {
    const scenario = loadRaftScenario('wiped-voter');
    const safe = crashInsteadOfWipe(scenario);
    for (let seed = 1; seed <= SEEDS; seed++) {
      const wiped = runOne(scenario, seed);
      expect(wiped.verdict, `seed ${seed}`).toBe('violation');
      // The repeated vote (election-safety), the diverging logs (log-matching), lost writes (linearizability) when a read meets them.
      expect(wiped.violated.length, `seed ${seed}`).toBeGreaterThan(0);
      const crashed = runOne(safe, seed);
      expect(crashed.verdict, `seed ${seed}: ${crashed.reason}`).toBe('pass');
    }
  });

  it('corrupt-entry: the flipped bit is taken for a committed entry; only the checks notice', () => {
    const scenario = loadRaftScenario('corrupt-entry');
    const r = runOne(scenario, scenario.seed);
    expect(r.verdict).toBe('violation');
    expect(r.violated).toContain('log-matching');
    const untouched = runOne({ ...scenario, faults: scenario.faults.filter((f) => f.action.kind !== 'corrupt'), expect: { ...scenario.expect, verdict: 'pass', violation: null } }, scenario.seed);
    expect(untouched.verdict, untouched.reason).toBe('pass');
  });
});
