import { describe, expect, it } from 'vitest';
import { faultline } from './cli-helpers.js';

const HAPPY = 'scenarios/primary-backup/happy-path.yaml';
const FAILOVER = 'scenarios/primary-backup/failover-loses-writes.yaml';

/**
 * Sweep `args` with 1 and with 2 workers: the per-seed [seed, verdict, traceHash] rows must
 * be equal (and are returned, from the serial sweep).
 */
function sameWithOneOrTwoWorkers(args: readonly string[]): [number, string, string][] {
  const rows = (jobs: string) => {
    const r = faultline('sweep', ...args, '--json', '--jobs', jobs);
    expect(r.code, r.stderr).toBeLessThan(2);
    return JSON.parse(r.stdout).results.map((x: { seed: number; verdict: string; traceHash: string }) => [x.seed, x.verdict, x.traceHash]);
  };
  const serial = rows('1');
  expect(rows('2'), args.join(' ')).toEqual(serial);
  return serial;
}

describe('faultline sweep', () => {
  it('gives the same per-seed results on worker threads as in one thread', () => {
    const rows = sameWithOneOrTwoWorkers([HAPPY, '--seeds', '1..6', '--set', 'duration=2s']);
    expect(rows.map(([, verdict]) => verdict)).toEqual(Array(6).fill('pass'));
  });

  it('message faults and captures: the same trace hashes with 1 or 2 workers', () => {
    const rows = sameWithOneOrTwoWorkers(['scenarios/raft/message-faults.yaml', '--seeds', '1..4', '--set', 'duration=6s']);
    expect(new Set(rows.map(([, , hash]) => hash)).size).toBe(4);
  });

  it("the nemesis's newer kinds (client faults, bursts, spikes, forever draws): the same trace hashes with 1 or 2 workers", () => {
    const kinds = 'nemesis.kinds={crash: {forever: 50%}, client-pause: 1, client-clock: 1, duplicate: 1, reorder: {target: servers}, latency: 1}';
    const rows = sameWithOneOrTwoWorkers(['scenarios/raft/random-faults.yaml', '--seeds', '1..4', '--set', kinds, '--set', 'duration=5s', '--set', 'nemesis.stop=3s']);
    expect(new Set(rows.map(([, , hash]) => hash)).size).toBe(4);
  });

  it('link faults, graphs and disk faults: the same trace hashes with 1 or 2 workers', () => {
    const durations = { 'links-and-graphs': '9s', 'wiped-voter': '5s', 'corrupt-entry': '5s' };
    for (const [name, duration] of Object.entries(durations)) {
      const file = `scenarios/raft/${name}.yaml`;
      const rows = sameWithOneOrTwoWorkers([file, '--seeds', '1..3', '--set', `duration=${duration}`, '--set', 'settle=1s']);
      expect(new Set(rows.map(([, , hash]) => hash)).size, file).toBe(3);
    }
  });

  it("reports each seed's protocol figures and their distribution across seeds", () => {
    const file = 'scenarios/raft/leader-crash.yaml';
    const sweep = JSON.parse(faultline('sweep', file, '--seeds', '1..5', '--jobs', '2', '--json', '--set', 'duration=6s').stdout);
    const run = JSON.parse(faultline('run', file, '--seed', '3', '--json', '--set', 'duration=6s').stdout);
    expect(sweep.results[2].figures).toEqual(run.stats.protocol);
    const elections = sweep.results.map((r: { figures: Record<string, number> }) => r.figures['leaderElections']).sort((a: number, b: number) => a - b);
    expect(sweep.figures.leaderElections).toEqual({ seeds: 5, p50: elections[2], p99: elections[4], max: elections[4] });
    expect(sweep.figures.leaderlessUs.max).toBeGreaterThan(0);
    expect(sweep.figureLabels.leaderlessUs).toBe('time without a leader');
    const text = faultline('sweep', file, '--seeds', '1..5', '--jobs', '2', '--set', 'duration=6s').stdout;
    expect(text).toContain('protocol figures across seeds (p50 / p99 / max):');
    expect(text).toMatch(/time without a leader\s+\d+(\.\d+)?m?s \/ \d+(\.\d+)?m?s \/ \d+(\.\d+)?m?s/);
  });

  it('lists failing seeds with the command that replays each', () => {
    const r = faultline('sweep', FAILOVER, '--seeds', '1..3', '--jobs', '2', '--set', 'expect.verdict=pass', '--set', 'expect.violation=null');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('seeds that did not pass');
    expect(r.stdout).toMatch(/npx faultline run scenarios\/primary-backup\/failover-loses-writes\.yaml --seed \d+ --set expect\.verdict=pass/);
    expect(r.stdout).toMatch(/npx faultline shrink scenarios\/primary-backup\/failover-loses-writes\.yaml --seed \d+ --set expect\.verdict=pass/);
  });

  it('a bug scenario sweep is as expected when some seed shows the violation', () => {
    const r = faultline('sweep', FAILOVER, '--seeds', '1..3', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).byVerdict.violation).toBeGreaterThan(0);
  });
});

describe('faultline list', () => {
  it('lists protocols, variants and the shipped scenarios', () => {
    const r = faultline('list', '--json');
    expect(r.code).toBe(0);
    const listed = JSON.parse(r.stdout);
    expect(listed.protocols.map((p: { name: string }) => p.name)).toContain('primary-backup');
    expect(listed.scenarios.map((s: { file: string }) => s.file)).toContain(HAPPY);
  });
});
