// The shipped 2PC scenarios end as they say, and the blocking story holds: a coordinator
// crash after yes votes leaves participants in doubt, with their locks, as long as it is
// down; cooperative termination resolves the cases where a peer knows the outcome.
import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { PROTOCOLS } from '../../../protocols/registry.js';
import { runScenario } from '../../../sim/run.js';
import { loadTwopcScenario, runOne } from './sweep.js';

const NAMES = readdirSync('scenarios/2pc')
  .filter((f) => f.endsWith('.yaml') && !f.startsWith('variant-'))
  .map((f) => f.slice(0, -5));

describe('2pc scenarios end as expected at their seed', () => {
  for (const name of NAMES) {
    test(name, () => {
      const r = runOne(loadTwopcScenario(name), loadTwopcScenario(name).seed);
      expect(r.asExpected, `${name}: ${r.verdict} ${r.reason}`).toBe(true);
    });
  }
});

function protocolStats(name: string, set: readonly string[]) {
  const scenario = loadTwopcScenario(name, set);
  return runScenario({ ...scenario, checks: { ...scenario.checks, linearizability: false } }, PROTOCOLS.get('2pc')!).stats.protocol;
}

test('blocking: participants stay in doubt about as long as the coordinator is down', () => {
  const short = protocolStats('blocking', ['faults.0.for=500ms']);
  const long = protocolStats('blocking', ['faults.0.for=2s']);
  expect(long['inDoubtMaxUs']!).toBeGreaterThanOrEqual(1_900_000);
  expect(short['inDoubtMaxUs']!).toBeLessThan(1_000_000);
  expect(short['inDoubtMaxUs']!).toBeGreaterThanOrEqual(400_000);
});

test('cooperative termination resolves in-doubt participants a peer can answer', () => {
  const alone = protocolStats('blocking', ['config.cooperative=false']);
  const together = protocolStats('blocking', ['config.cooperative=true']);
  expect(together['inDoubtP99Us']!).toBeLessThan(alone['inDoubtP99Us']!);
});
