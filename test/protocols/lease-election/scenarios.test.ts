// The lease-election scenarios end as their files say; each variant's scenario passes with
// the correct code on the same faults; the random-fault sweep holds with fencing and is
// caught without it; the variants are caught within 200 seeds of their scenarios.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROTOCOLS } from '../../../protocols/registry.js';
import { loadScenarioFile } from '../../../sim/scenario/index.js';
import type { Scenario } from '../../../sim/scenario/types.js';
import { runScenario } from '../../../sim/run.js';
import { firstViolation, runOne, unexpectedSeeds } from '../redlock/sweep.js';

const DIR = 'scenarios/lease-election';

function load(name: string, set: readonly string[] = []): Scenario {
  return loadScenarioFile(`${DIR}/${name}.yaml`, { protocols: PROTOCOLS, overrides: set });
}

describe('scenarios/lease-election', () => {
  const names = readdirSync(DIR).map((f) => f.replace(/\.yaml$/, ''));

  it.each(names)('%s ends as it expects at its own seed', (name) => {
    const scenario = load(name);
    const r = runOne(scenario, scenario.seed);
    expect(r.asExpected, `${r.verdict}: ${r.reason}`).toBe(true);
  });

  it.each(['delayed-grant', 'client-clock-expiry'])('%s: the correct code passes the same faults, judged', (name) => {
    const r = runOne(load(name, ['variant=null', 'expect.verdict=pass', 'expect.violation=null']), 1);
    expect(r.verdict, r.reason).toBe('pass');
  });
});

describe('variants are caught within 200 seeds; the correct code passes the seeds that caught them', () => {
  it.each(['delayed-grant', 'client-clock-expiry'])('%s', (name) => {
    const seed = firstViolation(load(name), 1, 200);
    expect(seed).not.toBeNull();
    expect(runOne(load(name, ['variant=null']), seed!).verdict).toBe('pass');
  });
});

describe('random-faults.yaml', () => {
  it('with fencing passes seeds 1..500', () => {
    const failures = unexpectedSeeds(load('random-faults'), 1, 500);
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('without fencing loses an update within 200 seeds, and the fenced code passes that seed', () => {
    const seed = firstViolation(load('random-faults', ['config.fencing=false']), 1, 200);
    expect(seed).not.toBeNull();
    expect(runOne(load('random-faults'), seed!).verdict).toBe('pass');
  });

  it('reports time with two leaders when a paused leader wakes up, and none on the happy path', () => {
    const twoLeadersUs = (name: string): number => runScenario(load(name), PROTOCOLS.get('lease-election')!).stats.protocol['twoLeadersUs']!;
    expect(twoLeadersUs('paused-leader-fenced')).toBeGreaterThan(500_000);
    expect(twoLeadersUs('happy-path')).toBe(0);
  });
});

describe('lease stats', () => {
  it('count time with two leaders, with none, and beliefs begun, ending a belief at a crash', () => {
    const stats = PROTOCOLS.get('lease-election')!.createStats!(undefined as never);
    stats.onEvent('c1', 'lease-held', { token: 1 }, 100);
    stats.onEvent('c2', 'lease-held', { token: 2 }, 400);
    stats.onEvent('c1', 'crash', {}, 700);
    stats.onEvent('c2', 'lease-lost', { token: 2 }, 1_000);
    stats.onEvent('c3', 'lease-lost', { token: 3 }, 1_100); // not a leader: changes nothing
    expect(stats.result(1_500)).toEqual({ twoLeadersUs: 300, leaderlessUs: 100 + 500, leaderTerms: 2 });
  });
});
