import { describe, expect, it } from 'vitest';
import { defaultRaftConfig, leaseDurationUs, raftConfigSchema } from '../../../protocols/raft/config.js';
import { multiPaxosConfigSchema } from '../../../protocols/multi-paxos/config.js';

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

describe('leader timing checks (Raft and Multi-Paxos share them)', () => {
  const schemas = { raft: raftConfigSchema, 'multi-paxos': multiPaxosConfigSchema } as const;
  const cases = [
    [{ heartbeat: '150ms' }, 'heartbeat', 'shorter than the minimum election timeout'],
    [{ electionTimeout: '0ms..10ms', heartbeat: '1ms' }, 'electionTimeout', 'election timeout must be > 0'],
    [{ maxDriftPpm: '1000000ppm' }, 'maxDriftPpm', 'drift bound'],
    [{ clientTimeout: '0ms' }, 'clientTimeout', 'client timeout and backoff'],
  ] as const;
  it.each((['raft', 'multi-paxos'] as const).flatMap((name) => cases.map(([input, path, message]) => [name, input, path, message] as const)))(
    '%s rejects %j at %s',
    (name, input, path, message) => {
      const result = schemas[name].safeParse(input);
      expect(result.success).toBe(false);
      if (result.success) return;
      const issue = result.error.issues.find((i) => i.path.join('.') === path);
      expect(issue?.message).toContain(message);
    },
  );

  it('accepts the defaults of both', () => {
    for (const schema of Object.values(schemas)) expect(schema.safeParse({}).success).toBe(true);
  });
});
