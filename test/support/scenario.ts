// Build a loaded Scenario in code for kernel tests: the register test protocol, two
// clients issuing reads and writes back to back, checks off but invariants.
import { buildScenario, mergeScenario, type ScenarioParts } from '../../sim/scenario/build.js';
import type { Scenario } from '../../sim/scenario/types.js';

const TEST_DEFAULTS = buildScenario({
  name: 'test',
  protocol: 'test-register',
  config: { sync: true, tickMs: 0 },
  clients: ['c1', 'c2'],
  workload: { mix: { read: 0.5, write: 0.5 }, concurrency: 2, timeoutUs: 100_000 },
  settleUs: 500_000,
  limits: { eventsMax: 10_000_000, wallMsMax: 60_000 },
});

export function makeScenario(overrides: ScenarioParts = {}): Scenario {
  return mergeScenario(TEST_DEFAULTS, overrides);
}
