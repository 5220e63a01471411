// Clients as fault targets, service groups, spares, and nested pauses, on the seams toy.
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../sim/scenario/index.js';
import type { FaultSpec, Scenario, ServiceSpec } from '../../sim/scenario/types.js';
import type { TraceEvent } from '../../sim/trace.js';
import { chatterProtocol } from '../support/kernel-protocols.js';
import { makeScenario } from '../support/scenario.js';
import { toyProtocol } from '../support/toy-protocol.js';
import { deliveries, runTraced } from '../support/traced.js';

const SERVICES: ServiceSpec[] = [
  { name: 'store', kind: 'store', nodes: ['store-1'], spares: [] },
  { name: 'lock', kind: 'lock', nodes: ['lock-1', 'lock-2'], spares: ['lock-3'] },
];

function toyScenario(faults: FaultSpec[], extra: Record<string, unknown> = {}): Scenario {
  return makeScenario({
    protocol: toyProtocol.name,
    config: { replyToPing: true },
    servers: ['store-1', 'lock-1', 'lock-2', 'lock-3'],
    spares: ['lock-3'],
    services: SERVICES,
    clients: ['c1', 'c2'],
    durationUs: 300_000,
    settleUs: 0,
    network: { latency: { dist: 'constant', valueUs: 2_000 } },
    workload: { mix: { write: 1 }, concurrency: 2, thinkUs: 1_000, timeoutUs: 1_000_000 },
    faults,
    ...extra,
  } as Parameters<typeof makeScenario>[0]);
}

const scheduled = (events: readonly TraceEvent[], label: string) =>
  events.filter((e) => e.kind === 'fault' && e.label === label && e.detail!['origin'] === 'schedule').map((e) => e.detail!['nodes']);

describe('targets among clients', () => {
  it('clients, everyone, and a role only clients report (every:waiting, one:waiting)', () => {
    const { events } = runTraced(
      toyScenario([
        { atUs: 10_000, forUs: 1_000, action: { kind: 'pause', targets: ['clients'] } },
        { atUs: 20_000, forUs: 1_000, action: { kind: 'pause', targets: ['everyone'] } },
        { atUs: 30_500, forUs: 1_000, action: { kind: 'pause', targets: ['every:waiting'] } },
        { atUs: 40_500, forUs: 1_000, action: { kind: 'pause', targets: ['one:waiting'] } },
        { atUs: 50_000, forUs: 1_000, action: { kind: 'pause', targets: ['all'] } },
      ], { workload: { mix: { write: 1 }, concurrency: 2, thinkUs: 0, timeoutUs: 1_000_000 } }),
      toyProtocol,
    );
    expect(scheduled(events, 'pause')).toEqual([
      ['c1', 'c2'],
      ['store-1', 'lock-1', 'lock-2', 'lock-3', 'c1', 'c2'],
      ['c1', 'c2'],
      ['c1'],
      ['store-1', 'lock-1', 'lock-2', 'lock-3'],
    ]);
  });
});

describe('service groups', () => {
  it('a group name targets every server of the group; its numbered ids target one; the trace names groups', () => {
    const { events, result } = runTraced(
      toyScenario([
        { atUs: 10_000, forUs: 20_000, action: { kind: 'crash', targets: ['lock'] } },
        { atUs: 50_000, forUs: 20_000, action: { kind: 'crash', targets: ['lock-2'] } },
      ]),
      toyProtocol,
    );
    expect(result.error).toBeNull();
    expect(scheduled(events, 'crash')).toEqual([['lock-1', 'lock-2', 'lock-3'], ['lock-2']]);
    const starts = events.filter((e) => e.kind === 'start' && !e.node.startsWith('c'));
    expect(starts.map((e) => [e.node, e.detail])).toEqual([
      ['store-1', { group: 'store', kind: 'store' }],
      ['lock-1', { group: 'lock', kind: 'lock' }],
      ['lock-2', { group: 'lock', kind: 'lock' }],
      ['lock-3', { group: 'lock', kind: 'lock' }],
    ]);
    // Clients wrote to the store (their kind's server), which kept working through the lock crashes.
    expect(result.stats.ops.ok).toBeGreaterThan(10);
  });

  it('loads from a file: ids <group>-<k>, spares last, kinds checked against the protocol', () => {
    const protocols = new Map([[toyProtocol.name, toyProtocol]]);
    const text = [
      `protocol: ${toyProtocol.name}`,
      'services: { store: { count: 1 }, lock: { count: 2, spares: 1 } }',
      'faults: [{ at: 1s, crash: lock, for: 1s }, { at: 2s, pause: store-1, for: 1s }]',
    ].join('\n');
    const scenario = parseScenarioText(text, 'toy.yaml', { protocols });
    expect(scenario.servers).toEqual(['store-1', 'lock-1', 'lock-2', 'lock-3']);
    expect(scenario.spares).toEqual(['lock-3']);
    expect(scenario.services).toEqual(SERVICES);
    const refuse = (body: string) => () => parseScenarioText(`protocol: ${toyProtocol.name}\n${body}`, 'toy.yaml', { protocols });
    expect(refuse('services: { db: { count: 2 } }')).toThrow(/services\.db: .*several node kinds; say which \(kind: store \| lock\)/);
    expect(refuse('services: { db: { kind: stor } }')).toThrow(/services\.db\.kind: .*no node kind "stor" \(did you mean store\?/);
    expect(refuse('nodes: 3\nservices: { store: {} }')).toThrow(/services: give nodes or services, not both/);
    expect(refuse('services: { store: {} }\nfaults: [{ at: 1s, crash: stor }]')).toThrow(/did you mean store\?.*groups: store/);
    expect(refuse('clients: [db]\nservices: { db: { kind: store } }')).toThrow(/clients\[0\]: "db" is a service group/);
  });

  it('spares run but are not members: servers excludes them, allServers lists them', () => {
    const scenario = parseScenarioText(`protocol: ${toyProtocol.name}\nservices: { store: { count: 2, spares: 1 } }\n`, 'toy.yaml', {
      protocols: new Map([[toyProtocol.name, toyProtocol]]),
    });
    const setups: { servers: readonly string[]; allServers: readonly string[]; kind: string; group: string | null }[] = [];
    const spy = { ...toyProtocol, createServer: (id: string, setup: (typeof setups)[number]) => {
      setups.push(setup);
      return toyProtocol.createServer(id, setup as never);
    } };
    runTraced({ ...scenario, durationUs: 10_000 }, spy as typeof toyProtocol);
    expect(setups.map((s) => [s.servers, s.allServers, s.kind, s.group])).toEqual(
      Array(3).fill([['store-1', 'store-2'], ['store-1', 'store-2', 'store-3'], 'store', 'store']),
    );
    expect(parseScenarioText('protocol: toy\nnodes: 2\nspares: 2\n', 'toy.yaml', {
      protocols: new Map([[toyProtocol.name, toyProtocol]]),
    }).spares).toEqual(['n3', 'n4']);
  });
});

describe('pauses', () => {
  it('a paused client gets the replies that arrived during the pause at its resume, and completes then', () => {
    // c1 writes at 0; the store replies at 2ms, arriving at 4ms: the pause from 3ms holds it.
    const { events } = runTraced(
      toyScenario([{ atUs: 3_000, forUs: 10_000, action: { kind: 'pause', targets: ['c1'] } }], {
        clients: ['c1'],
        workload: { mix: { write: 1 }, concurrency: 1, thinkUs: 100_000, timeoutUs: 1_000_000 },
      }),
      toyProtocol,
    );
    const toC1 = deliveries(events).filter((d) => d.to === 'c1');
    expect(toC1[0]).toMatchObject({ atUs: 13_000, sentAtUs: 2_000, from: 'store-1' });
    const completed = events.find((e) => e.kind === 'complete' && e.node === 'c1')!;
    expect([completed.timeUs, completed.detail!['type']]).toEqual([13_000, 'ok']);
  });

  it('overlapping pauses of one node nest: a short pause of the group does not end a longer pause of a member', () => {
    const SERVERS = ['n1', 'n2', 'n3'];
    const run = (faults: FaultSpec[]) =>
      runTraced(
        makeScenario({
          protocol: 'test-chatter', config: { periodUs: 1_000 }, servers: SERVERS, clients: ['c1'],
          durationUs: 200_000, settleUs: 0, workload: { mix: {} }, faults,
        } as Parameters<typeof makeScenario>[0]),
        chatterProtocol,
      ).events.filter((e) => (e.kind === 'pause' || e.kind === 'resume') && e.node === 'n2').map((e) => [e.kind, e.timeUs]);
    // Member first (long), then the group (short, inside it).
    expect(run([
      { atUs: 10_000, forUs: 100_000, action: { kind: 'pause', targets: ['n2'] } },
      { atUs: 20_000, forUs: 10_000, action: { kind: 'pause', targets: ['all'] } },
    ])).toEqual([['pause', 10_000], ['resume', 110_000]]);
    // Group first (long), then the member (short).
    expect(run([
      { atUs: 10_000, forUs: 100_000, action: { kind: 'pause', targets: ['all'] } },
      { atUs: 20_000, forUs: 10_000, action: { kind: 'pause', targets: ['n2'] } },
    ])).toEqual([['pause', 10_000], ['resume', 110_000]]);
    // An explicit resume ends every pause of the node; a crash ends them too.
    expect(run([
      { atUs: 10_000, forUs: 100_000, action: { kind: 'pause', targets: ['all'] } },
      { atUs: 20_000, forUs: 100_000, action: { kind: 'pause', targets: ['n2'] } },
      { atUs: 30_000, forUs: null, action: { kind: 'resume', targets: ['n2'] } },
    ])).toEqual([['pause', 10_000], ['resume', 30_000]]);
    expect(run([
      { atUs: 10_000, forUs: 100_000, action: { kind: 'pause', targets: ['n2'] } },
      { atUs: 20_000, forUs: 5_000, action: { kind: 'crash', targets: ['n2'] } },
      { atUs: 40_000, forUs: 20_000, action: { kind: 'pause', targets: ['n2'] } },
    ])).toEqual([['pause', 10_000], ['pause', 40_000], ['resume', 60_000]]);
  });
});
