// Three-phase commit, the contrast to 2PC: with crash-only faults it passes every seed and
// does not block on a coordinator crash (measured against 2PC on the same crash); under a
// partition the two sides decide differently and atomic-commit catches it within 200
// seeds, while 2PC, on the same faults and seed, stays safe (it blocks instead).
import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { PROTOCOLS } from '../../../protocols/registry.js';
import { runScenario } from '../../../sim/run.js';
import { firstSeedCaught, loadTwopcScenario, runOne } from '../twopc/sweep.js';

const load = (name: string, set: readonly string[] = []) => loadTwopcScenario(name, set, '3pc');

describe('3pc scenarios end as expected at their seed', () => {
  for (const file of readdirSync('scenarios/3pc').filter((f) => f.endsWith('.yaml'))) {
    const name = file.slice(0, -5);
    test(name, () => {
      const r = runOne(load(name), load(name).seed);
      expect(r.asExpected, `${name}: ${r.verdict} ${r.reason}`).toBe(true);
    });
  }
});

test('crash-only faults: seeds 1..200 all pass', () => {
  const scenario = load('crash-faults');
  const failures: string[] = [];
  for (let seed = 1; seed <= 200; seed++) {
    const r = runOne(scenario, seed);
    if (!r.asExpected) failures.push(`seed ${seed}: ${r.verdict} ${r.reason.slice(0, 200)}`);
  }
  expect(failures).toEqual([]);
}, 120_000);

test('a partition splits the decision: caught within 200 seeds; 2PC on the same faults and seed passes', () => {
  const seed = firstSeedCaught(load('partition'), 'atomic-commit', 200);
  expect(seed, '3pc partition not caught in 200 seeds').not.toBeNull();
  const twopc = runOne(load('partition', ['protocol=2pc', 'expect.verdict=pass', 'expect.violation=null']), seed!);
  expect(twopc.verdict, `2pc on seed ${seed}: ${twopc.reason}`).toBe('pass');
}, 120_000);

function inDoubtMaxUs(protocol: '2pc' | '3pc', downtime: string): number {
  const scenario = protocol === '3pc' ? load('coordinator-crash', [`faults.0.for=${downtime}`]) : loadTwopcScenario('blocking', [`faults.0.for=${downtime}`]);
  const r = runScenario({ ...scenario, checks: { ...scenario.checks, linearizability: false } }, PROTOCOLS.get(protocol)!);
  expect(r.verdict).toBe('pass');
  return r.stats.protocol['inDoubtMaxUs']!;
}

test('a coordinator crash: 2PC shards stay in doubt as long as it is down, 3PC shards for about the timeouts', () => {
  for (const downtime of ['1s', '4s']) {
    const down = downtime === '1s' ? 1_000_000 : 4_000_000;
    expect(inDoubtMaxUs('2pc', downtime)).toBeGreaterThanOrEqual(down * 0.95);
    expect(inDoubtMaxUs('3pc', downtime)).toBeLessThan(800_000);
  }
});
