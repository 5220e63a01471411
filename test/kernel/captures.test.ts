// Named captures on the seams toy: names bound at a moment, used by later faults, printed
// in the trace; a capture that binds nothing makes the run vacuous or skipped.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run.js';
import { parseScenarioText } from '../../sim/scenario/index.js';
import type { Scenario } from '../../sim/scenario/types.js';
import type { TraceEvent } from '../../sim/trace.js';
import { toyProtocol } from '../support/toy-protocol.js';
import { runTraced } from '../support/traced.js';

const protocols = new Map([[toyProtocol.name, toyProtocol]]);

function toy(faults: string, extra = ''): Scenario {
  const text = [
    `protocol: ${toyProtocol.name}`,
    'services: { store: { count: 1 }, lock: { count: 3 } }',
    'clients: 3',
    'duration: 200ms',
    'network: { latency: 2ms }',
    'workload: { generator: kv, mix: { write: 1 }, think: 1ms, timeout: 20ms }',
    'checks: { model: register }',
    `faults: ${faults}`,
    extra,
  ].join('\n');
  return parseScenarioText(text, 'toy.yaml', { protocols });
}

const faultRecords = (events: readonly TraceEvent[], label: string) =>
  events.filter((e) => e.kind === 'fault' && e.label === label).map((e) => e.detail!);

describe('captures', () => {
  it('binds names at that moment; later faults hit exactly the bound nodes; the trace prints the bindings', () => {
    const { events } = runTraced(
      toy('[{ at: 10ms, capture: { L: random-lock, S: store } }, { at: 20ms, pause: L, for: 5ms }, { at: 30ms, crash: [S], for: 5ms }]'),
      toyProtocol,
    );
    const [capture] = faultRecords(events, 'capture');
    const bindings = capture!['bindings'] as Record<string, string[]>;
    expect(bindings['S']).toEqual(['store-1']);
    expect(bindings['L']).toHaveLength(1);
    expect(['lock-1', 'lock-2', 'lock-3']).toContain(bindings['L']![0]);
    expect(faultRecords(events, 'pause').map((d) => d['nodes'])).toEqual([bindings['L']]);
    expect(events.filter((e) => e.kind === 'pause').map((e) => e.node)).toEqual(bindings['L']);
    expect(faultRecords(events, 'crash').map((d) => d['nodes'])).toEqual([['store-1']]);
  });

  it('random-<role> picks from the seed: the same seed picks the same node, and seeds differ', () => {
    const picked = (seed: number) => {
      const { events } = runTraced({ ...toy('[{ at: 10ms, capture: { L: random-lock } }]'), seed }, toyProtocol);
      return (faultRecords(events, 'capture')[0]!['bindings'] as Record<string, string[]>)['L']![0];
    };
    expect(picked(1)).toBe(picked(1));
    expect(new Set([1, 2, 3, 4, 5, 6, 7, 8].map(picked)).size).toBeGreaterThan(1);
  });

  it('captures work in partitions with rest', () => {
    const { events } = runTraced(toy('[{ at: 10ms, capture: { L: random-lock } }, { at: 20ms, partition: [[L], rest], for: 5ms }]'), toyProtocol);
    const L = (faultRecords(events, 'capture')[0]!['bindings'] as Record<string, string[]>)['L']!;
    const groups = faultRecords(events, 'partition')[0]!['groups'] as string[][];
    expect(groups[0]).toEqual(L);
    expect([...groups[1]!].sort()).toEqual(['lock-1', 'lock-2', 'lock-3', 'store-1'].filter((id) => id !== L[0]));
  });

  it('a capture that binds nothing: vacuous by default, skipped when the scenario says so', () => {
    const empty = '[{ at: 10ms, capture: { W: every:nobody-role } }]';
    expect(() => toy(empty)).toThrow(/faults\[0\]\.capture\.W: no node "every:nobody-role"/);
    // No client is waiting at 10ms when the workload starts at 150ms.
    const base = toy('[{ at: 10ms, capture: { X: waiting } }]');
    const idle = { ...base, workload: { ...base.workload, startUs: 150_000 } };
    const a = runScenario(idle, toyProtocol);
    expect(a.verdict).toBe('vacuous');
    expect(a.reason).toMatch(/capture X \(waiting\) bound no node at 0\.01s/);
    const b = runScenario({ ...idle, expect: { ...idle.expect, emptyCapture: 'skipped' } }, toyProtocol);
    expect(b.verdict).toBe('skipped');
  });

  it('bad input: exit-2 errors with the field path', () => {
    const refuse = (faults: string) => () => toy(faults);
    expect(refuse('[{ at: 10ms, capture: { n1: store } }, { at: 1ms, capture: { lock-1: store } }]')).toThrow(/faults\[1\]\.capture\.lock-1: "lock-1" is already a node/);
    expect(refuse('[{ at: 10ms, capture: { L: random-lok } }]')).toThrow(/faults\[0\]\.capture\.L: random-<role> needs a role .*got "lok"/);
    expect(refuse('[{ at: 10ms, capture: { L: store } }, { at: 5ms, crash: L }]')).toThrow(/faults\[1\]: uses L before it is captured \(at 10ms\)/);
    expect(refuse('[{ at: 10ms, capture: { L: store } }, { at: 20ms, capture: { L: lock } }]')).toThrow(/faults\[1\]\.capture\.L: "L" is captured twice/);
    expect(refuse('[{ at: 10ms, capture: { 1x: store } }]')).toThrow(/faults\[0\]\.capture\["1x"\]: .*capture name/);
  });
});
