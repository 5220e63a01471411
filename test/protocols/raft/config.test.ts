import { describe, expect, it } from 'vitest';
import { defaultRaftConfig, leaseDurationUs, raftConfigSchema } from '../../../protocols/raft/config.js';

describe('raft config', () => {
  it('has documented defaults', () => {
    expect(defaultRaftConfig()).toEqual({
      electionTimeout: { minUs: 150_000, maxUs: 300_000 },
      heartbeat: 50_000,
      preVote: true,
      checkQuorum: true,
      reads: 'readindex',
      maxDriftPpm: 1000,
      snapshotEvery: 1000,
      entriesPerAppendMax: 64,
      membersMin: 1,
      learnerCatchUp: 2_000_000,
      clientTimeout: 100_000,
      clientBackoff: { minUs: 10_000, maxUs: 200_000 },
    });
  });

  it('reads units', () => {
    const config = defaultRaftConfig({ electionTimeout: '1s..2s', heartbeat: '100ms', maxDriftPpm: '200000ppm', reads: 'lease' });
    expect(config.electionTimeout).toEqual({ minUs: 1_000_000, maxUs: 2_000_000 });
    expect(config.heartbeat).toBe(100_000);
    expect(config.maxDriftPpm).toBe(200_000);
  });

  it.each([
    [{ heartbeat: '200ms' }, 'heartbeat'],
    [{ electionTimeout: '300ms..150ms' }, 'electionTimeout'],
    [{ reads: 'eventually' }, 'reads'],
    [{ snapshotEvery: -1 }, 'snapshotEvery'],
    [{ maxDriftPpm: '2000000ppm' }, 'maxDriftPpm'],
    [{ electionTimout: '1s' }, ''],
  ])('rejects %j (path %s)', (input, path) => {
    const result = raftConfigSchema.safeParse(input);
    expect(result.success).toBe(false);
    if (!result.success && path !== '') expect(result.error.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('shrinks the lease by the drift bound; the bug variant does not', () => {
    const config = defaultRaftConfig({ electionTimeout: '150ms..300ms', maxDriftPpm: '100000ppm' });
    // 150ms * 0.9 / 1.1
    expect(leaseDurationUs(config, false)).toBe(122_727);
    expect(leaseDurationUs(config, true)).toBe(150_000);
    expect(leaseDurationUs(defaultRaftConfig({ maxDriftPpm: 0 }), false)).toBe(150_000);
  });
});
