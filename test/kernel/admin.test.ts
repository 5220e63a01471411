// Admin commands: a membership fault resolves its target when it fires and is handed to
// every server that is up (paused and crashed ones miss it); the nemesis draws membership
// changes only where a scenario lists the kind, and they have no duration.
import { describe, expect, it } from 'vitest';
import { drawNemesis } from '../../sim/nemesis.js';
import { stream } from '../../sim/rng.js';
import { loadScenarioFile, parseScenarioText } from '../../sim/scenario/index.js';
import type { NemesisSpec } from '../../sim/scenario/types.js';
import { PROTOCOLS } from '../../protocols/registry.js';
import { runTraced } from '../support/traced.js';
import { plainKinds, population } from '../support/nemesis.js';

const SCENARIO = `
protocol: raft
nodes: 3
spares: 1
clients: 1
duration: 3s
workload: { rate: 10/s }
faults:
  - { at: 1s, pause: n2, for: 100ms }
  - { at: 1.05s, crash: n3, for: 100ms }
  - { at: 1.06s, membership: { remove: n4 } }
  - { at: 1.07s, membership: { add: leader } }
`;

describe('admin commands', () => {
  it('go to every server that is up, with the target resolved when the fault fires', () => {
    const scenario = parseScenarioText(SCENARIO, 'admin.yaml', { protocols: PROTOCOLS });
    const { result, events } = runTraced(scenario, PROTOCOLS.get('raft')!);
    expect(result.error).toBeNull();
    const faults = events.filter((e) => e.kind === 'fault' && e.label === 'membership');
    expect(faults.map((e) => e.detail!['change'])).toEqual(['remove', 'add']);
    const leader = faults[1]!.detail!['node'];
    expect(['n1', 'n2', 'n3']).toContain(leader);
    // Raft logs 'membership-ignored' on each server that heard "remove n4" (not a member).
    const heard = events.filter((e) => e.kind === 'log' && e.label === 'membership-ignored' && e.detail!['node'] === 'n4');
    expect(heard.map((e) => e.node).sort()).toEqual(['n1', 'n4']);
  });

  it('the nemesis draws membership changes only when listed, without a duration', () => {
    const scenario = loadScenarioFile('scenarios/raft/membership-random.yaml', { protocols: PROTOCOLS });
    const spec: NemesisSpec = { ...scenario.nemesis!, kinds: plainKinds('membership') };
    const faults = drawNemesis(spec, population(scenario.servers, ['leader']), stream(1, 'nemesis'));
    expect(faults.length).toBeGreaterThan(10);
    for (const fault of faults) {
      expect(fault.forUs).toBeNull();
      expect(fault.action.kind).toBe('membership');
      if (fault.action.kind !== 'membership') continue;
      expect([...scenario.servers, 'leader']).toContain(fault.action.target);
    }
    const adds = faults.filter((f) => f.action.kind === 'membership' && f.action.change === 'add');
    expect(adds.length).toBeGreaterThan(0);
    expect(adds.length).toBeLessThan(faults.length);
  });
});
