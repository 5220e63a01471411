// `for: forever`: the settle phase heals everything except the faults given forever, and a
// standing fault without `for:` at the last fault time (which the settle phase would undo
// at once) is refused at load.
import { describe, expect, it } from 'vitest';
import { PROTOCOLS } from '../../protocols/registry.js';
import { parseScenarioText } from '../../sim/scenario/index.js';
import type { FaultAction, FaultSpec } from '../../sim/scenario/types.js';
import { chatterProtocol } from '../support/kernel-protocols.js';
import { makeScenario } from '../support/scenario.js';
import { deliveries, runTraced } from '../support/traced.js';

const SERVERS = ['n1', 'n2', 'n3', 'n4', 'n5'];
const AT = 50_000;
const SETTLE_AT = 100_000;

/** Each action at AT, forever or untimed, then a timed fault that ends at SETTLE_AT. */
function run(actions: FaultAction[], forever: boolean) {
  const faults: FaultSpec[] = [
    ...actions.map((action) => ({ atUs: AT, action, forUs: null, forever })),
    { atUs: AT, action: { kind: 'loss', drop: 0 }, forUs: SETTLE_AT - AT },
  ];
  const scenario = makeScenario({
    protocol: 'test-chatter',
    config: { periodUs: 1_000 },
    servers: SERVERS,
    clients: [],
    durationUs: 300_000,
    settleUs: 0,
    network: { latency: { dist: 'constant', valueUs: 1_000 } },
    workload: { mix: {} },
    faults,
  } as Parameters<typeof makeScenario>[0]);
  return runTraced(scenario, chatterProtocol);
}

/** Links that carried a message sent after the settle phase started. */
function linksAfterSettle(events: Parameters<typeof deliveries>[0]): Set<string> {
  return new Set(deliveries(events).filter((d) => d.sentAtUs > SETTLE_AT + 5_000).map((d) => `${d.from}>${d.to}`));
}

describe('for: forever', () => {
  const ACTIONS: FaultAction[] = [
    { kind: 'crash', targets: ['n1'] },
    { kind: 'pause', targets: ['n2'] },
    { kind: 'clog', targets: ['n3'] },
    { kind: 'partition', partition: { shape: 'oneway', from: ['n4'], to: ['n5'] } },
    { kind: 'drop', effect: { kind: 'drop' }, filter: { from: ['n5'], to: ['n4'], type: null, where: {} }, count: null },
  ];

  it('the settle phase heals untimed faults but leaves forever ones, each kind', () => {
    const healed = linksAfterSettle(run(ACTIONS, false).events);
    expect(healed.size).toBe(5 * 4); // every server link works again
    const { events } = run(ACTIONS, true);
    const links = linksAfterSettle(events);
    for (const link of links) {
      expect(link, 'crashed, paused or clogged forever: silent').not.toMatch(/n1|n2|n3/);
    }
    expect(links.has('n4>n5'), 'one-way cut forever').toBe(false);
    expect(links.has('n5>n4'), 'message drop forever').toBe(false);
    expect([...links].sort()).toEqual([]);
    const settle = events.find((e) => e.kind === 'fault' && e.label === 'settle')!;
    expect(settle.timeUs).toBe(SETTLE_AT);
    expect(settle.detail!['revived']).toEqual([]);
    expect(events.filter((e) => e.kind === 'fault' && e.detail!['forever'] === true)).toHaveLength(ACTIONS.length);
  });

  it('an explicit undo in the schedule still ends a forever fault', () => {
    const scenario = makeScenario({
      protocol: 'test-chatter', config: { periodUs: 1_000 }, servers: SERVERS, clients: [], durationUs: 300_000, settleUs: 0,
      network: { latency: { dist: 'constant', valueUs: 1_000 } }, workload: { mix: {} },
      faults: [
        { atUs: AT, action: { kind: 'crash', targets: ['n1'] }, forUs: null, forever: true },
        { atUs: SETTLE_AT, action: { kind: 'restart', targets: ['n1'] }, forUs: null },
      ],
    } as Parameters<typeof makeScenario>[0]);
    const links = linksAfterSettle(runTraced(scenario, chatterProtocol).events);
    expect(links.has('n1>n2')).toBe(true);
  });
});

describe('a standing fault without for: at the last fault time', () => {
  const text = (faults: string, extra = '') =>
    `protocol: raft\nnodes: 3\nduration: 10s\nfaults:\n${faults}\n${extra}`;
  const load = (t: string) => () => parseScenarioText(t, 'x.yaml', { protocols: PROTOCOLS });

  it('is refused with the field path and the two ways out', () => {
    expect(load(text('  - { at: 3s, partition: [[n1], rest], for: 1s }\n  - { at: 4s, crash: n2 }'))).toThrow(
      'x.yaml: faults[1]: crash at 4s is the last fault and has no for:, so the settle phase would undo it at once; give for: <duration>, or for: forever to keep it through the settle phase',
    );
    expect(load(text('  - { at: 4s, drop: { to: n1 } }'))).toThrow('faults[0]: drop at 4s is the last fault');
  });

  it('is accepted with for:, for: forever, a later end, as an instant, or as a next-k message fault', () => {
    expect(load(text('  - { at: 4s, crash: n2, for: forever }'))).not.toThrow();
    expect(load(text('  - { at: 3s, crash: n2 }\n  - { at: 3s, partition: [[n1], rest], for: 1s }'))).not.toThrow();
    expect(load(text('  - { at: 3s, crash: n2 }\n  - { at: 4s, restart: n2 }'))).not.toThrow();
    expect(load(text('  - { at: 4s, clock: { node: n1, step: 1s } }'))).not.toThrow();
    expect(load(text('  - { at: 4s, drop: { to: n1 }, count: 2 }'))).not.toThrow();
    expect(load(text('  - { at: 4s, crash: n2 }', 'nemesis: { kinds: [pause], stop: 5s }'))).not.toThrow();
  });

  it('for: forever goes only with faults that can be undone', () => {
    expect(load(text('  - { at: 4s, clock: { node: n1, step: 1s }, for: forever }'))).toThrow('faults[0].for: clock cannot be undone');
    expect(load(text('  - { at: 4s, crash: n2, for: ever }'))).toThrow('faults[0].for: expected a duration (2s) or forever');
  });
});
