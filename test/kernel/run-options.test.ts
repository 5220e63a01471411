// runScenario's hooks: `onWorld` hands the caller the world once, before the first event
// (the report builds its state views there; a second call would build them twice).
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../sim/scenario/index.js';
import { runScenario } from '../../sim/run.js';
import type { World } from '../../sim/world.js';
import { toyProtocol } from '../support/toy-protocol.js';

const protocols = new Map([[toyProtocol.name, toyProtocol]]);

describe('runScenario options', () => {
  it('calls onWorld exactly once, before the run starts', () => {
    const text = [`protocol: ${toyProtocol.name}`, 'services: { store: { count: 1 } }', 'clients: 1', 'duration: 50ms'].join('\n');
    const scenario = parseScenarioText(text, 'toy.yaml', { protocols });
    const seen: { world: World; status: string }[] = [];
    const result = runScenario(scenario, toyProtocol, { onWorld: (world) => seen.push({ world, status: world.hosts[0]!.status }) });
    expect(seen).toHaveLength(1);
    // Not booted yet: the hook runs before the first event.
    expect(seen[0]!.status).not.toBe('up');
    expect(result.stats.events).toBeGreaterThan(0);
  });
});
