// The correct Multi-Paxos under the random nemesis (partitions, crashes, pauses, clock
// jumps and drift, loss, clogs): seeds 1..250 must all pass. Half of a 500-seed sweep; the
// other half is multi-paxos-sweep-2.test.ts, so vitest's two forks share the work.
import { describe, expect, it } from 'vitest';
import { sweepFailures } from '../raft/sweep.js';

describe('scenarios/paxos/multi-paxos-random-faults.yaml sweep', () => {
  it('passes seeds 1..250 (no violation, progress after healing)', () => {
    const failures = sweepFailures('multi-paxos-random-faults', 1, 250, [], 'scenarios/paxos');
    expect(failures, failures.join('\n')).toEqual([]);
  });
});
