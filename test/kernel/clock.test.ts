// Clocks: NodeClock on its own, then through the world with the register protocol's
// `tickMs` timer, which logs ctx.now() each time it fires.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NodeClock } from '../../sim/clock.js';
import type { FaultSpec, Scenario } from '../../sim/scenario/types.js';
import type { TraceEvent } from '../../sim/trace.js';
import { registerProtocol } from '../support/register-protocol.js';
import { makeScenario } from '../support/scenario.js';
import { logs, runTraced } from '../support/traced.js';

describe('NodeClock', () => {
  it('reads true time scaled by drift plus the offset', () => {
    const clock = new NodeClock(5_000, 100_000);
    expect(clock.localAt(0)).toBe(5_000);
    expect(clock.localAt(1_000_000)).toBe(5_000 + 1_100_000);
    const slow = new NodeClock(-2_000, -200_000);
    expect(slow.localAt(1_000_000)).toBe(-2_000 + 800_000);
  });

  it('trueAt finds the earliest true time at which the local clock reads a value', () => {
    const clock = new NodeClock(0, 100_000);
    expect(clock.trueAt(10_000, 0)).toBe(9_091); // 9091 * 1.1 = 10000.1
    expect(clock.localAt(9_090)).toBeLessThan(10_000);
    expect(clock.trueAt(10_000, 20_000)).toBe(20_000); // never before notBeforeUs
  });

  it('steps move the local clock, not true time', () => {
    const clock = new NodeClock(0, 0);
    clock.step(1_000, 500);
    expect(clock.localAt(1_000)).toBe(1_500);
    expect(clock.localAt(2_000)).toBe(2_500);
    clock.step(2_000, -2_000);
    expect(clock.localAt(2_000)).toBe(500);
    expect(clock.trueAt(1_000, 2_000)).toBe(2_500);
  });

  it('setDrift re-anchors at the change: no jump, new rate from then on', () => {
    const clock = new NodeClock(0, 0);
    clock.setDrift(1_000_000, 500_000);
    expect(clock.localAt(1_000_000)).toBe(1_000_000);
    expect(clock.localAt(2_000_000)).toBe(2_500_000);
    expect(clock.driftPpm).toBe(500_000);
  });

  it('refuses a drift that would stop or reverse time', () => {
    expect(() => new NodeClock(0, -1_000_000)).toThrow(/stop or reverse/);
    expect(() => new NodeClock(0, 0).setDrift(0, -2_000_000)).toThrow(/stop or reverse/);
  });

  it('property: local time never decreases without a step, and trueAt is exact and earliest', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -900_000, max: 2_000_000 }),
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.array(fc.record({ at: fc.integer({ min: 0, max: 1_000_000 }), drift: fc.integer({ min: -900_000, max: 900_000 }), step: fc.integer({ min: -100_000, max: 100_000 }) }), { maxLength: 4 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        (drift, offset, changes, probe, ahead) => {
          const clock = new NodeClock(offset, drift);
          let now = 0;
          for (const c of changes) {
            now += c.at;
            if (c.step % 2 === 0) clock.step(now, c.step);
            else clock.setDrift(now, c.drift);
          }
          const t = now + probe;
          expect(clock.localAt(t + 1)).toBeGreaterThanOrEqual(clock.localAt(t));
          const target = clock.localAt(now) + ahead;
          const at = clock.trueAt(target, now);
          expect(at).toBeGreaterThanOrEqual(now);
          expect(clock.localAt(at)).toBeGreaterThanOrEqual(target);
          if (at > now) expect(clock.localAt(at - 1)).toBeLessThan(target);
        },
      ),
      { numRuns: 500, seed: 42 },
    );
  });
});

// ---- through the world ----

function ticking(opts: { clocks?: Scenario['clocks']; faults?: FaultSpec[]; tickMs?: number; durationUs?: number }): Scenario {
  return makeScenario({
    config: { sync: true, tickMs: opts.tickMs ?? 10 },
    servers: ['n1', 'n2'],
    clients: [],
    durationUs: opts.durationUs ?? 300_000,
    settleUs: 0,
    workload: { mix: {} },
    clocks: opts.clocks ?? { driftPpm: 0, offsetUs: 0, nodes: {} },
    faults: opts.faults ?? [],
  });
}

interface Tick {
  readonly trueUs: number;
  readonly localUs: number;
}

function ticksOf(events: readonly TraceEvent[], node: string): Tick[] {
  return logs(events, 'tick', node).map((e) => ({ trueUs: e.timeUs, localUs: e.detail!['local'] as number }));
}

function gaps(ticks: readonly Tick[]): number[] {
  return ticks.slice(1).map((t, k) => t.trueUs - ticks[k]!.trueUs);
}

describe('clocks through the world', () => {
  it('no drift: a 10ms timer fires every 10ms of true time', () => {
    const { events } = runTraced(ticking({}), registerProtocol);
    const ticks = ticksOf(events, 'n1');
    expect(ticks.length).toBe(30);
    expect(ticks.map((t) => t.trueUs)).toEqual(ticks.map((_, k) => (k + 1) * 10_000));
    expect(ticks.map((t) => t.localUs)).toEqual(ticks.map((t) => t.trueUs));
  });

  it('drift +100000ppm: a 10ms local timer fires every ~9.09ms of true time', () => {
    const { events } = runTraced(ticking({ clocks: { driftPpm: 0, offsetUs: 0, nodes: { n1: { driftPpm: 100_000 } } } }), registerProtocol);
    const fast = ticksOf(events, 'n1');
    for (const gap of gaps(fast)) {
      expect(gap).toBeGreaterThanOrEqual(9_090);
      expect(gap).toBeLessThanOrEqual(9_092);
    }
    expect(fast.length).toBe(Math.floor(300_000 / 9_091));
    // The local clock reads ~10ms more at every tick.
    fast.forEach((t, k) => {
      expect(t.localUs).toBeGreaterThanOrEqual((k + 1) * 10_000);
      expect(t.localUs).toBeLessThanOrEqual((k + 1) * 10_000 + k + 1);
    });
    // The other node is unaffected.
    expect(gaps(ticksOf(events, 'n2')).every((g) => g === 10_000)).toBe(true);
  });

  it('drift -200000ppm: a 10ms local timer fires every 12.5ms of true time', () => {
    const { events } = runTraced(ticking({ clocks: { driftPpm: 0, offsetUs: 0, nodes: { n2: { driftPpm: -200_000 } } } }), registerProtocol);
    const slow = ticksOf(events, 'n2');
    expect(slow.length).toBe(24);
    for (const gap of gaps(slow)) expect(gap).toBe(12_500);
  });

  it('offset shifts what now() reads, not when timers fire', () => {
    const { events } = runTraced(
      ticking({ clocks: { driftPpm: 0, offsetUs: 0, nodes: { n1: { offsetUs: 5_000_000 }, n2: { offsetUs: -3_000 } } } }),
      registerProtocol,
    );
    for (const [node, offset] of [['n1', 5_000_000], ['n2', -3_000]] as const) {
      const ticks = ticksOf(events, node);
      expect(ticks.map((t) => t.trueUs)).toEqual(ticks.map((_, k) => (k + 1) * 10_000));
      expect(ticks.every((t) => t.localUs === t.trueUs + offset)).toBe(true);
    }
  });

  it('drawn drift and offset stay within the configured bounds and are reported', () => {
    const scenario = ticking({ clocks: { driftPpm: 500, offsetUs: 20_000, nodes: { n2: { driftPpm: 7, offsetUs: 0 } } } });
    const { result, events } = runTraced(scenario, registerProtocol);
    const n1 = result.drawn.clocks['n1']!;
    expect(Math.abs(n1.driftPpm)).toBeLessThanOrEqual(500);
    expect(Math.abs(n1.offsetUs)).toBeLessThanOrEqual(20_000);
    expect(n1.driftPpm).not.toBe(0);
    expect(result.drawn.clocks['n2']).toEqual({ driftPpm: 7, offsetUs: 0 });
    // What the node reads agrees with what was drawn: the first tick at local offset + 10ms.
    const first = ticksOf(events, 'n1')[0]!;
    expect(first.localUs - n1.offsetUs).toBeGreaterThanOrEqual(10_000);
    expect(first.localUs - n1.offsetUs).toBeLessThanOrEqual(10_001);
    expect(first.trueUs).toBe(new NodeClock(n1.offsetUs, n1.driftPpm).trueAt(n1.offsetUs + 10_000, 0));
  });

  it('a step forward fires a timer that became due at once; the next one follows on the new clock', () => {
    const { events } = runTraced(
      ticking({ faults: [{ atUs: 103_000, forUs: null, action: { kind: 'clock-step', targets: ['n1'], stepUs: 25_000 } }] }),
      registerProtocol,
    );
    const ticks = ticksOf(events, 'n1');
    const times = ticks.map((t) => t.trueUs);
    expect(times.filter((t) => t <= 100_000)).toEqual([10_000, 20_000, 30_000, 40_000, 50_000, 60_000, 70_000, 80_000, 90_000, 100_000]);
    // Due at local 110ms; at true 103ms the clock reads 128ms: fires right away.
    expect(times).toContain(103_000);
    expect(times.filter((t) => t > 100_000 && t < 113_000)).toEqual([103_000]);
    expect(ticks.find((t) => t.trueUs === 103_000)!.localUs).toBe(128_000);
    expect(times.filter((t) => t > 103_000).slice(0, 3)).toEqual([113_000, 123_000, 133_000]);
    // n2 is not touched.
    expect(ticksOf(events, 'n2').map((t) => t.trueUs).filter((t) => t > 100_000 && t < 125_000)).toEqual([110_000, 120_000]);
  });

  it('a step backward delays due timers by the step', () => {
    const { events } = runTraced(
      ticking({ faults: [{ atUs: 103_000, forUs: null, action: { kind: 'clock-step', targets: ['n1'], stepUs: -25_000 } }] }),
      registerProtocol,
    );
    const ticks = ticksOf(events, 'n1');
    const after = ticks.filter((t) => t.trueUs > 100_000);
    // Due at local 110ms; the clock reads 78ms at true 103ms: 32ms more, so true 135ms.
    expect(after[0]).toEqual({ trueUs: 135_000, localUs: 110_000 });
    expect(after[1]!.trueUs).toBe(145_000);
    expect(ticks.filter((t) => t.trueUs > 100_000 && t.trueUs < 135_000)).toEqual([]);
  });

  it('a step while paused: the due timer fires at resume', () => {
    const { events } = runTraced(
      ticking({
        faults: [
          { atUs: 101_000, forUs: 20_000, action: { kind: 'pause', targets: ['n1'] } },
          { atUs: 105_000, forUs: null, action: { kind: 'clock-step', targets: ['n1'], stepUs: -50_000 } },
        ],
      }),
      registerProtocol,
    );
    const after = ticksOf(events, 'n1').filter((t) => t.trueUs > 100_000);
    // Stepped back at 105ms to local 55ms: the 110ms timer is due at true 160ms, after the resume.
    expect(after[0]).toEqual({ trueUs: 160_000, localUs: 110_000 });
  });

  it('setDrift mid-run (a drift fault) changes the tick rate from then on, and `for` restores it', () => {
    const { events } = runTraced(
      ticking({ faults: [{ atUs: 100_000, forUs: 100_000, action: { kind: 'drift', targets: ['n1'], driftPpm: 100_000 } }] }),
      registerProtocol,
    );
    const ticks = ticksOf(events, 'n1');
    const before = ticks.filter((t) => t.trueUs <= 100_000);
    expect(gaps(before).every((g) => g === 10_000)).toBe(true);
    const fastWindow = ticks.filter((t) => t.trueUs > 100_000 && t.trueUs <= 200_000);
    for (const g of gaps(fastWindow)) {
      expect(g).toBeGreaterThanOrEqual(9_090);
      expect(g).toBeLessThanOrEqual(9_092);
    }
    // 100ms / 9.09ms: 11 ticks, or 10 when the 1us rounding of each re-arm carries the last past 200ms.
    expect(fastWindow.length).toBeGreaterThanOrEqual(10);
    expect(fastWindow.length).toBeLessThanOrEqual(11);
    const afterRestore = ticks.filter((t) => t.trueUs > 210_000);
    expect(afterRestore.length).toBeGreaterThan(5);
    expect(gaps(afterRestore).every((g) => g === 10_000)).toBe(true);
    // Local time never went backwards across the changes.
    for (let k = 1; k < ticks.length; k++) expect(ticks[k]!.localUs).toBeGreaterThan(ticks[k - 1]!.localUs);
  });
});
