import { describe, expect, it } from 'vitest';
import { createRaftStats } from '../../../protocols/raft/stats.js';

function run(events: [node: string, name: string, fields: Record<string, unknown>, timeUs: number][], endUs: number) {
  const stats = createRaftStats();
  for (const [node, name, fields, timeUs] of events) stats.onEvent(node, name, fields, timeUs);
  return stats.result(endUs);
}

describe('raft stats', () => {
  it('counts elections and the time without a leader', () => {
    const result = run(
      [
        ['n1', 'became-leader', { term: 1 }, 200],
        ['n2', 'became-precandidate', { term: 1 }, 1000], // a lone pre-candidate does not depose anyone
        ['n1', 'became-follower', { term: 2, leader: null }, 2000],
        ['n3', 'became-leader', { term: 2 }, 2500],
        ['n2', 'became-candidate', { term: 3 }, 4000], // an election for a newer term: leaderless
        ['n2', 'became-leader', { term: 3 }, 4300],
        ['n2', 'boot', { term: 3 }, 6000], // the leader restarted
      ],
      7000,
    );
    expect(result).toMatchObject({ leaderElections: 3, leaderlessUs: 200 + 500 + 300 + 1000, commitsMeasured: 0 });
    expect(result).not.toHaveProperty('commitLatencyP50Us');
  });

  it('a crashed leader leaves the cluster leaderless from the crash, not from the next campaign', () => {
    const result = run(
      [
        ['n1', 'became-leader', { term: 1 }, 100],
        ['n2', 'crash', { lostWrites: 0 }, 1000], // a follower crash changes nothing
        ['n1', 'crash', { lostWrites: 0 }, 2000],
        ['n3', 'became-candidate', { term: 2 }, 2300],
        ['n3', 'became-leader', { term: 2 }, 2400],
      ],
      3000,
    );
    expect(result).toMatchObject({ leaderElections: 2, leaderlessUs: 100 + 400 });
  });

  it('measures commit latency from a leader’s propose to its commit', () => {
    const events: [string, string, Record<string, unknown>, number][] = [['n1', 'became-leader', { term: 1 }, 0]];
    for (let i = 1; i <= 100; i++) events.push(['n1', 'propose', { index: i, term: 1 }, i * 1000]);
    // commits arrive in batches; entry i waits i * 10us
    for (let i = 1; i <= 100; i++) events.push(['n1', 'commit', { index: i, term: 1 }, i * 1000 + i * 10]);
    events.push(['n2', 'commit', { index: 500, term: 1 }, 999_999]); // not the leader: ignored
    const result = run(events, 1_000_000);
    expect(result).toMatchObject({ commitsMeasured: 100, commitLatencyP50Us: 500, commitLatencyP99Us: 990 });
  });
});
