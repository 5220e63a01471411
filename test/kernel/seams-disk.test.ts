// Disk latency on the seams toy: a sync takes simulated time, the message behind it leaves
// when it completes, the node hears `synced`, a crash during a sync keeps or loses its
// writes, and the variant escape (sendUnsynced) does not wait.
import { describe, expect, it } from 'vitest';
import { SimDisk } from '../../sim/disk.js';
import type { FaultSpec, LatencySpec, Scenario } from '../../sim/scenario/types.js';
import type { TraceEvent } from '../../sim/trace.js';
import { makeScenario } from '../support/scenario.js';
import { toyProtocol } from '../support/toy-protocol.js';
import { deliveries, runTraced } from '../support/traced.js';

const FIVE_MS: LatencySpec = { dist: 'constant', valueUs: 5_000 };

function storeScenario(extra: Record<string, unknown> = {}, faults: FaultSpec[] = []): Scenario {
  return makeScenario({
    protocol: toyProtocol.name,
    config: { replyToPing: true },
    servers: ['store-1'],
    services: [{ name: 'store', kind: 'store', nodes: ['store-1'], spares: [] }],
    clients: ['c1'],
    durationUs: 100_000,
    settleUs: 0,
    network: { latency: { dist: 'constant', valueUs: 2_000 } },
    // One write at 0, the next long after.
    workload: { mix: { write: 1 }, concurrency: 1, thinkUs: 1_000_000, timeoutUs: 1_000_000 },
    faults,
    ...extra,
  } as Parameters<typeof makeScenario>[0]);
}

const at = (events: readonly TraceEvent[], kind: string, node?: string) =>
  events.filter((e) => e.kind === kind && (node === undefined || e.node === node)).map((e) => e.timeUs);

describe('sync latency', () => {
  it('without it (the default) a sync is instant: the reply leaves with the write, synced runs at the same instant', () => {
    const { events } = runTraced(storeScenario(), toyProtocol);
    expect(deliveries(events).find((d) => d.to === 'c1')).toMatchObject({ sentAtUs: 2_000, atUs: 4_000 });
    expect(at(events, 'sync', 'store-1')).toEqual([2_000]);
    expect(events.find((e) => e.kind === 'log' && e.label === 'durable')?.detail).toEqual({ syncId: 1 });
  });

  it('a sync taking 5ms holds the reply behind it: it leaves when the sync completes, after which synced runs', () => {
    const { events } = runTraced(storeScenario({ syncLatency: FIVE_MS }), toyProtocol);
    expect(deliveries(events).find((d) => d.to === 'c1')).toMatchObject({ sentAtUs: 7_000, atUs: 9_000 });
    const sync = events.find((e) => e.kind === 'sync')!;
    const durable = events.find((e) => e.kind === 'log' && e.label === 'durable')!;
    expect([sync.timeUs, durable.timeUs]).toEqual([7_000, 7_000]);
    expect(sync.index).toBeLessThan(durable.index);
  });

  it('the variant escape sendUnsynced does not wait for the sync', () => {
    const { events } = runTraced(storeScenario({ syncLatency: FIVE_MS, variant: 'ack-before-durable' }), toyProtocol);
    expect(deliveries(events).find((d) => d.to === 'c1')).toMatchObject({ sentAtUs: 2_000, atUs: 4_000 });
    expect(at(events, 'sync', 'store-1')).toEqual([7_000]);
  });

  it('a crash during the sync loses its writes with loseUnsyncedWrites, keeps them without; the reply and the notice are lost', () => {
    for (const lose of [true, false]) {
      const crash: FaultSpec = { atUs: 4_000, forUs: 1_000, action: { kind: 'crash', targets: ['store-1'] } };
      const { events } = runTraced(storeScenario({ syncLatency: FIVE_MS, loseUnsyncedWrites: lose }, [crash]), toyProtocol);
      expect(events.find((e) => e.kind === 'crash')!.detail).toEqual({ lostWrites: lose ? 1 : 0 });
      expect(at(events, 'sync')).toEqual([]);
      expect(deliveries(events).filter((d) => d.to === 'c1')).toEqual([]);
    }
  });

  it('a sync that completes while the node is paused is told at the resume, with its held reply', () => {
    const pause: FaultSpec = { atUs: 3_000, forUs: 10_000, action: { kind: 'pause', targets: ['store-1'] } };
    const { events } = runTraced(storeScenario({ syncLatency: FIVE_MS }, [pause]), toyProtocol);
    expect(at(events, 'sync', 'store-1')).toEqual([13_000]);
    expect(deliveries(events).find((d) => d.to === 'c1')).toMatchObject({ sentAtUs: 13_000, atUs: 15_000 });
  });

  it('draws each sync from the node\'s own disk stream: the same seed, the same times; syncs complete in order', () => {
    const uniform: LatencySpec = { dist: 'uniform', minUs: 1_000, maxUs: 20_000 };
    const busy = { syncLatency: uniform, clients: ['c1', 'c2', 'c3'], workload: { mix: { write: 1 }, concurrency: 3, thinkUs: 0, timeoutUs: 1_000_000 } };
    const times = (seed: number) => at(runTraced(storeScenario({ ...busy, seed }), toyProtocol).events, 'sync');
    const a = times(1);
    expect(a.length).toBeGreaterThan(10);
    expect(times(1)).toEqual(a);
    expect(times(2)).not.toEqual(a);
    expect(a).toEqual([...a].sort((x, y) => x - y));
    const durable = runTraced(storeScenario({ ...busy, seed: 1 }), toyProtocol)
      .events.filter((e) => e.label === 'durable')
      .map((e) => e.detail!['syncId'] as number);
    expect(durable).toEqual(durable.map((_, k) => k + 1));
  });
});

describe('SimDisk with syncs in flight', () => {
  it('reads see syncing writes; completeSync makes them durable in order; a crash keeps or loses them', () => {
    for (const lose of [true, false]) {
      const disk = new SimDisk();
      const started: number[] = [];
      disk.setSyncListener((id, inFlight) => inFlight && started.push(id), true);
      disk.put('a', 1);
      const first = disk.sync();
      disk.put('b', 2);
      disk.delete('a');
      const second = disk.sync();
      disk.put('c', 3);
      expect(started).toEqual([first, second]);
      expect([disk.get('a'), disk.get('b'), disk.get('c'), disk.keys()]).toEqual([undefined, 2, 3, ['b', 'c']]);
      expect(disk.completeSync(second)).toBe(false); // not the oldest
      expect(disk.completeSync(first)).toBe(true);
      expect([disk.durableGet('a'), disk.durableGet('b')]).toEqual([1, undefined]);
      expect(disk.crash(lose)).toBe(lose ? 3 : 0);
      expect([disk.get('a'), disk.get('b'), disk.get('c')]).toEqual(lose ? [1, undefined, undefined] : [undefined, 2, 3]);
      expect(disk.completeSync(second)).toBe(false); // gone with the crash
    }
  });
});
