// The blocking story of the shipped 2PC scenarios holds: a coordinator crash after yes
// votes leaves participants in doubt, with their locks, as long as it is down; cooperative
// termination resolves the cases where a peer knows the outcome. (That each shipped file
// ends as it says is test/scenarios/shipped-*.test.ts.)
import { expect, test } from 'vitest';
import { PROTOCOLS } from '../../../protocols/registry.js';
import { runScenario } from '../../../sim/run.js';
import { loadTwopcScenario } from './sweep.js';

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
