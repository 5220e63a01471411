// The correct single-decree Paxos under its random nemesis: seeds 1..200 must all pass
// (one value per instance, promises never going back, every client told the same value).
import { describe, expect, it } from 'vitest';
import { sweepFailures } from '../raft/sweep.js';

describe('scenarios/paxos/random-faults.yaml sweep', () => {
  it('passes seeds 1..200 (no violation, progress after healing)', () => {
    const failures = sweepFailures('random-faults', 1, 200, [], 'scenarios/paxos');
    expect(failures, failures.join('\n')).toEqual([]);
  });
});
