// Disk and crash: SimDisk's buffered writes on their own, then crashes through the world:
// volatile state lost, unsynced writes lost only when asked, persist-before-send, and
// timers that must not outlive the node that set them.
import { describe, expect, it } from 'vitest';
import { SimDisk } from '../../sim/disk.js';
import type { FaultSpec, Scenario } from '../../sim/scenario/types.js';
import { bootOnceProtocol, lazySyncProtocol, withInstances } from '../support/kernel-protocols.js';
import { registerProtocol } from '../support/register-protocol.js';
import { makeScenario } from '../support/scenario.js';
import { deliveries, logs, runTraced } from '../support/traced.js';

describe('SimDisk', () => {
  it('reads see buffered writes; sync makes them durable; keys are sorted and filtered', () => {
    const disk = new SimDisk();
    let synced = 0;
    disk.setSyncListener(() => synced++);
    expect(disk.dirty).toBe(false);
    disk.put('b', 2);
    disk.put('a/1', 1);
    disk.put('a/2', { x: 1 });
    expect(disk.dirty).toBe(true);
    expect(disk.get('b')).toBe(2);
    expect(disk.keys()).toEqual(['a/1', 'a/2', 'b']);
    expect(disk.keys('a/')).toEqual(['a/1', 'a/2']);
    disk.sync();
    expect(disk.dirty).toBe(false);
    expect(synced).toBe(1);
    disk.delete('a/1');
    expect(disk.get('a/1')).toBeUndefined();
    expect(disk.keys('a/')).toEqual(['a/2']);
    expect(disk.dirty).toBe(true);
    expect(disk.writes).toBe(4);
  });

  it('a crash that loses unsynced writes keeps exactly what was synced', () => {
    const disk = new SimDisk();
    disk.put('kept', 1);
    disk.sync();
    disk.put('kept', 2);
    disk.put('lost', 3);
    disk.delete('kept');
    expect(disk.crash(true)).toBe(2);
    expect(disk.get('kept')).toBe(1);
    expect(disk.get('lost')).toBeUndefined();
    expect(disk.keys()).toEqual(['kept']);
    expect(disk.dirty).toBe(false);
  });

  it('a clean crash keeps unsynced writes (the OS flushed them)', () => {
    const disk = new SimDisk();
    disk.put('a', 1);
    disk.put('b', 2);
    disk.delete('a');
    expect(disk.crash(false)).toBe(0);
    expect(disk.get('a')).toBeUndefined();
    expect(disk.get('b')).toBe(2);
    expect(disk.dirty).toBe(false);
  });

  it('refuses undefined values', () => {
    expect(() => new SimDisk().put('k', undefined)).toThrow(/use delete/);
  });

  it('reads the latest of many buffered and syncing writes (a large batch is indexed)', () => {
    const disk = new SimDisk();
    disk.setSyncListener(() => {}, true);
    // 40 writes to 10 keys: past the size at which a batch stops being scanned.
    for (let i = 0; i < 40; i++) disk.put(`k${i % 10}`, i);
    disk.delete('k3');
    const expected = (batchEnd: number) => Array.from({ length: 10 }, (_, j) => (j === 3 ? undefined : batchEnd - 10 + j));
    const read = () => Array.from({ length: 10 }, (_, j) => disk.get(`k${j}`));
    expect(read()).toEqual(expected(40));
    disk.sync(); // the indexed batch is now in flight, and reads still find its latest writes
    for (let i = 40; i < 60; i++) if (i % 10 < 5) disk.put(`k${i % 10}`, i);
    expect(read()).toEqual([50, 51, 52, 53, 54, 35, 36, 37, 38, 39]);
    expect(disk.keys()).toEqual(Array.from({ length: 10 }, (_, j) => `k${j}`));
    expect(disk.crash(true)).toBe(10 + 5); // distinct keys per batch: 10 in flight, 5 buffered
    expect(read()).toEqual(Array.from({ length: 10 }, () => undefined));
  });
});

function registerRun(opts: {
  sync: boolean;
  loseUnsyncedWrites: boolean;
  faults: FaultSpec[];
  tickMs?: number;
  workloadStopUs?: number;
}): Scenario {
  return makeScenario({
    config: { sync: opts.sync, tickMs: opts.tickMs ?? 0 },
    servers: ['n1', 'n2', 'n3'],
    clients: ['c1', 'c2'],
    durationUs: 400_000,
    settleUs: 50_000,
    loseUnsyncedWrites: opts.loseUnsyncedWrites,
    workload: { mix: { write: 1 }, stopUs: opts.workloadStopUs ?? 80_000, timeoutUs: 30_000 },
    faults: opts.faults,
  });
}

const crashN1 = (atUs: number, forUs: number | null): FaultSpec => ({ atUs, forUs, action: { kind: 'crash', targets: ['n1'] } });

interface RegisterView {
  value: unknown;
  ticks: number;
}

function view(node: unknown): RegisterView {
  return (node as { inspect(): RegisterView }).inspect();
}

describe('crash and restart', () => {
  it('a crash loses the node object and its volatile state; a restart rebuilds it from disk', () => {
    const { protocol, instances } = withInstances(registerProtocol);
    const { events } = runTraced(registerRun({ sync: true, loseUnsyncedWrites: true, faults: [crashN1(100_000, 50_000)], tickMs: 10 }), protocol);
    const n1 = instances.get('n1')!;
    expect(n1.length).toBe(2);
    expect(instances.get('n2')!.length).toBe(1);
    // Volatile: the tick counter starts over in the new object.
    const ticksBefore = logs(events, 'tick', 'n1').filter((e) => e.timeUs < 100_000).length;
    expect(ticksBefore).toBe(9);
    expect(view(n1[1]).ticks).toBe(logs(events, 'tick', 'n1').filter((e) => e.timeUs > 150_000).length);
    expect(view(n1[1]).ticks).toBeLessThan(view(n1[0]).ticks + 25);
    // Durable: the value comes back from disk, equal to the last write n1 handled.
    const writes = deliveries(events).filter((d) => d.to === 'n1' && d.msg['type'] === 'write');
    expect(writes.length).toBeGreaterThan(10);
    const last = writes[writes.length - 1]!.msg['value'];
    expect(view(n1[0]).value).toBe(last);
    expect(view(n1[1]).value).toBe(last);
    // The trace shows the crash and the restart at their times.
    expect(events.filter((e) => e.node === 'n1' && (e.kind === 'crash' || e.kind === 'restart')).map((e) => [e.kind, e.timeUs])).toEqual([
      ['crash', 100_000],
      ['restart', 150_000],
    ]);
  });

  it('a node that is down handles nothing: messages to it are dropped as node-down', () => {
    const { result, events } = runTraced(
      registerRun({ sync: true, loseUnsyncedWrites: false, faults: [crashN1(40_000, 60_000)], workloadStopUs: 200_000 }),
      registerProtocol,
    );
    const ds = deliveries(events);
    expect(ds.filter((d) => d.to === 'n1' && d.atUs > 40_000 && d.atUs < 100_000)).toEqual([]);
    const downDrops = events.filter((e) => e.kind === 'drop' && e.node === 'n1' && e.detail!['reason'] === 'node-down');
    expect(downDrops.length).toBeGreaterThan(0);
    expect(downDrops.every((e) => e.timeUs >= 40_000 && e.timeUs < 100_000)).toBe(true);
    expect(result.stats.messages.droppedBy['node-down']).toBe(downDrops.length);
  });

  it('with loseUnsyncedWrites, only unsynced writes are lost: sync:false loses the value, sync:true keeps it', () => {
    const outcomes = [true, false].map((sync) => {
      const { protocol, instances } = withInstances(registerProtocol);
      const { events } = runTraced(registerRun({ sync, loseUnsyncedWrites: true, faults: [crashN1(100_000, 50_000)] }), protocol);
      const crash = events.find((e) => e.kind === 'crash')!;
      const written = deliveries(events).filter((d) => d.to === 'n1' && d.msg['type'] === 'write');
      return { sync, lost: crash.detail!['lostWrites'], before: view(instances.get('n1')![0]).value, after: view(instances.get('n1')![1]).value, written };
    });
    const [synced, unsynced] = outcomes;
    expect(synced!.lost).toBe(0);
    expect(synced!.after).toBe(synced!.before);
    expect(synced!.after).not.toBeNull();
    expect(unsynced!.written.length).toBeGreaterThan(0);
    expect(unsynced!.before).not.toBeNull();
    expect(unsynced!.lost).toBe(1); // one key, 'value', buffered
    expect(unsynced!.after).toBeNull();
  });

  it('without loseUnsyncedWrites, a crash keeps unsynced writes too', () => {
    const { protocol, instances } = withInstances(registerProtocol);
    const { events } = runTraced(registerRun({ sync: false, loseUnsyncedWrites: false, faults: [crashN1(100_000, 50_000)] }), protocol);
    expect(events.find((e) => e.kind === 'crash')!.detail!['lostWrites']).toBe(0);
    const before = view(instances.get('n1')![0]).value;
    expect(before).not.toBeNull();
    expect(view(instances.get('n1')![1]).value).toBe(before);
  });

  it('crash of a node that is down and restart of a node that is up do nothing', () => {
    const { protocol, instances } = withInstances(registerProtocol);
    const { events } = runTraced(
      registerRun({
        sync: true,
        loseUnsyncedWrites: false,
        faults: [
          { atUs: 10_000, forUs: null, action: { kind: 'restart', targets: ['n2'] } },
          crashN1(20_000, null),
          crashN1(30_000, null),
          { atUs: 40_000, forUs: null, action: { kind: 'restart', targets: ['n1'] } },
          { atUs: 50_000, forUs: null, action: { kind: 'restart', targets: ['n1'] } },
        ],
      }),
      protocol,
    );
    expect(instances.get('n1')!.length).toBe(2);
    expect(instances.get('n2')!.length).toBe(1);
    expect(events.filter((e) => e.kind === 'crash').length).toBe(1);
    expect(events.filter((e) => e.kind === 'restart').length).toBe(1);
  });
});

describe('persist-before-send', () => {
  const lazy = (syncAfterUs: number, faults: FaultSpec[] = [], loseUnsyncedWrites = false) =>
    makeScenario({
      protocol: 'test-lazysync',
      config: { syncAfterUs },
      servers: ['n1', 'n2'],
      clients: ['c1'],
      durationUs: 300_000,
      settleUs: 50_000,
      loseUnsyncedWrites,
      workload: { mix: { write: 1 }, concurrency: 1, timeoutUs: 50_000, stopUs: 200_000 },
      faults,
    });

  it('a reply sent while the disk is dirty leaves only when the disk is synced', () => {
    const { result, events } = runTraced(lazy(20_000), lazySyncProtocol);
    const syncTimes = new Set(logs(events, 'synced', 'n1').map((e) => e.timeUs));
    const replies = deliveries(events).filter((d) => d.from === 'n1' && d.msg['type'] === 'reply');
    expect(replies.length).toBeGreaterThan(3);
    for (const reply of replies) expect(syncTimes.has(reply.sentAtUs), `reply sent at ${reply.sentAtUs}`).toBe(true);
    // So every write takes at least the sync delay.
    expect(result.stats.ops.ok).toBeGreaterThan(3);
    expect(result.stats.latencyUs.p50!).toBeGreaterThanOrEqual(20_000);
  });

  it('a held reply is lost when the node crashes before the sync (even if the write itself survives)', () => {
    // The first write reaches n1 at ~1-3ms; its sync is due 20ms later; n1 crashes at 10ms.
    const { result, events } = runTraced(lazy(20_000, [crashN1(10_000, 20_000)]), lazySyncProtocol);
    const firstWrite = deliveries(events).find((d) => d.to === 'n1' && d.msg['type'] === 'write')!;
    expect(firstWrite.atUs).toBeLessThan(10_000);
    const op = firstWrite.msg['op'];
    expect(deliveries(events).filter((d) => d.msg['type'] === 'reply' && d.msg['op'] === op)).toEqual([]);
    expect(logs(events, 'synced', 'n1').filter((e) => e.timeUs < 30_000)).toEqual([]);
    // The op ends `info` (timed out): the client cannot know.
    expect(result.history.find((h) => h.type !== 'invoke')).toMatchObject({ type: 'info', error: 'timeout' });
    // The write was buffered; a clean crash kept it on disk: the restarted node boots with it.
    const boot = logs(events, 'boot', 'n1').find((e) => e.timeUs === 30_000)!;
    expect(boot.detail!['value']).toBe(firstWrite.msg['value']);
  });

  it('with loseUnsyncedWrites the same crash loses the write as well as the reply', () => {
    const { events } = runTraced(lazy(20_000, [crashN1(10_000, 20_000)], true), lazySyncProtocol);
    const boot = logs(events, 'boot', 'n1').find((e) => e.timeUs === 30_000)!;
    expect(boot.detail!['value']).toBeNull();
    expect(events.find((e) => e.kind === 'crash')!.detail!['lostWrites']).toBe(1);
  });

  it('a node that never syncs never answers', () => {
    const { result } = runTraced(lazy(0), lazySyncProtocol);
    expect(result.stats.ops.ok).toBe(0);
    expect(result.stats.ops.info).toBeGreaterThan(2);
    expect(result.stats.messages.delivered).toBe(result.stats.ops.invoked);
  });
});

describe('timers and crashes', () => {
  const bootOnce = (faults: FaultSpec[]) =>
    makeScenario({
      protocol: 'test-bootonce',
      config: { firstBootTimerUs: 100_000 },
      servers: ['n1', 'n2'],
      clients: [],
      durationUs: 300_000,
      settleUs: 0,
      workload: { mix: {} },
      faults,
    });

  it('a timer set before a crash never fires, not even after the restart', () => {
    const control = runTraced(bootOnce([]), bootOnceProtocol).events;
    expect(logs(control, 'fired', 'n1').map((e) => e.timeUs)).toEqual([100_000]);
    const crashed = runTraced(bootOnce([crashN1(50_000, 10_000)]), bootOnceProtocol).events;
    expect(logs(crashed, 'boot', 'n1').map((e) => e.detail!['boots'])).toEqual([1, 2]);
    expect(logs(crashed, 'fired', 'n1')).toEqual([]);
    expect(crashed.filter((e) => e.kind === 'timer' && e.node === 'n1')).toEqual([]);
    expect(logs(crashed, 'fired', 'n2').map((e) => e.timeUs)).toEqual([100_000]);
  });

  it('a restarted node ticks on its new timers only', () => {
    const { events } = runTraced(registerRun({ sync: true, loseUnsyncedWrites: false, faults: [crashN1(105_000, 2_000)], tickMs: 10 }), registerProtocol);
    const times = logs(events, 'tick', 'n1').map((e) => e.timeUs);
    expect(times.filter((t) => t > 100_000 && t < 140_000)).toEqual([117_000, 127_000, 137_000]);
  });

  it('a timer pending at a pause fires at the resume; a crash during the pause discards it', () => {
    const paused = runTraced(
      registerRun({ sync: true, loseUnsyncedWrites: false, tickMs: 10, faults: [{ atUs: 101_000, forUs: 25_000, action: { kind: 'pause', targets: ['n1'] } }] }),
      registerProtocol,
    ).events;
    const times = logs(paused, 'tick', 'n1').map((e) => e.timeUs);
    // Due at 110ms and 120ms would be the plan; the node wakes at 126ms and runs the one pending timer.
    expect(times.filter((t) => t > 100_000 && t < 140_000)).toEqual([126_000, 136_000]);
    const crashed = runTraced(
      registerRun({
        sync: true,
        loseUnsyncedWrites: false,
        tickMs: 10,
        faults: [
          { atUs: 101_000, forUs: null, action: { kind: 'pause', targets: ['n1'] } },
          { atUs: 115_000, forUs: 11_000, action: { kind: 'crash', targets: ['n1'] } },
        ],
      }),
      registerProtocol,
    ).events;
    const after = logs(crashed, 'tick', 'n1').map((e) => e.timeUs).filter((t) => t > 100_000 && t < 140_000);
    expect(after).toEqual([136_000]);
  });
});
