import { describe, expect, it } from 'vitest';
import { createRaftStats } from '../../../protocols/raft/stats.js';

type Step = [node: string, name: string, fields: Record<string, unknown>, timeUs: number];

/** Run the figures over events; `cut` lists [node, fromUs, toUs]: the node reaches no majority then. */
function run(events: Step[], endUs: number, cut: [string, number, number][] = []) {
  let nowUs = 0;
  const reachesMajority = (node: string) => !cut.some(([n, from, to]) => n === node && nowUs >= from && nowUs < to);
  const stats = createRaftStats(undefined, { reachesMajority });
  const changes = cut.flatMap(([, from, to]) => [from, to]);
  const steps = [...events.map((e) => ({ atUs: e[3], step: e })), ...changes.map((atUs) => ({ atUs, step: null }))];
  steps.sort((a, b) => a.atUs - b.atUs);
  for (const { atUs, step } of steps) {
    nowUs = atUs;
    if (step === null) stats.onWorldChange!(atUs);
    else stats.onEvent(step[0], step[1], step[2], step[3]);
  }
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
        ['n2', 'became-candidate', { term: 3 }, 4000], // a campaign deposes nobody: n3 could still serve
        ['n2', 'became-leader', { term: 3 }, 4300],
        ['n2', 'boot', { term: 3 }, 6000], // the leader restarted
      ],
      7000,
    );
    expect(result).toMatchObject({ leaderElections: 3, leaderlessUs: 200 + 500 + 1000, commitsMeasured: 0 });
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

  it('a leader cut off from the majority stops serving at the cut; a lone cut-off candidate costs nothing', () => {
    const result = run(
      [
        ['n1', 'became-leader', { term: 1 }, 100],
        ['n4', 'became-candidate', { term: 2 }, 1500], // cut off alone (no pre-vote): n1 still serves
        ['n4', 'became-candidate', { term: 3 }, 1800],
        ['n2', 'became-candidate', { term: 4 }, 3300],
        ['n2', 'became-leader', { term: 4 }, 3400], // n1 still believes it leads, in its minority
      ],
      5000,
      [['n1', 3000, 5000], ['n4', 1000, 2000]],
    );
    expect(result).toMatchObject({ leaderElections: 2, leaderlessUs: 100 + 400 });
  });

  it('a leader paused or cut off and then reconnected before anyone else leads: leaderless only while it could not serve', () => {
    const result = run([['n1', 'became-leader', { term: 1 }, 0]], 10_000, [['n1', 2000, 2600], ['n1', 7000, 7100]]);
    expect(result).toMatchObject({ leaderElections: 1, leaderlessUs: 600 + 100 });
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
