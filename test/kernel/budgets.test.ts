// Budgets: a runaway run ends with verdict 'budget-exhausted', never a hang. The wall-clock
// budget is driven by an injected fake clock, so the test reads no real time.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run.js';
import type { Scenario } from '../../sim/scenario/types.js';
import { pingPongProtocol } from '../support/kernel-protocols.js';
import { makeScenario } from '../support/scenario.js';

/** Two nodes bounce one message with 1us latency: a million events per virtual second. */
function runaway(durationUs: number, limits: Partial<Scenario['limits']>): Scenario {
  return makeScenario({
    protocol: 'test-pingpong',
    config: {},
    servers: ['n1', 'n2'],
    clients: [],
    durationUs,
    settleUs: 0,
    network: { latency: { dist: 'constant', valueUs: 1 } },
    workload: { mix: {} },
    limits: { eventsMax: 10_000_000, wallMsMax: 60_000, ...limits },
  });
}

/** A fake wall clock: each reading advances it by stepMs. Counts how often it was read. */
function fakeClock(stepMs: number): { read: () => number; readings: () => number } {
  let now = 1_000_000;
  let readings = 0;
  return {
    read: () => {
      readings++;
      now += stepMs;
      return now;
    },
    readings: () => readings,
  };
}

describe('events budget', () => {
  it('ends a runaway ping-pong with budget-exhausted after exactly eventsMax events', () => {
    const result = runScenario(runaway(3_600_000_000, { eventsMax: 20_000 }), pingPongProtocol);
    expect(result.verdict).toBe('budget-exhausted');
    expect(result.reason).toMatch(/more than 20000 events/);
    expect(result.stats.events).toBe(20_000);
    // 1us per hop: the run got ~20ms into its hour.
    expect(result.stats.virtualTimeUs).toBeGreaterThanOrEqual(19_999);
    expect(result.stats.virtualTimeUs).toBeLessThanOrEqual(20_001);
    expect(result.stats.messages.delivered).toBe(20_000);
  });

  it('control: the same ping-pong within its budget completes and passes', () => {
    const result = runScenario(runaway(10_000, { eventsMax: 20_000 }), pingPongProtocol);
    expect(result.verdict).toBe('pass');
    expect(result.stats.events).toBe(10_000);
    expect(result.stats.virtualTimeUs).toBe(10_000);
  });

  it('is deterministic: the same budget stops at the same event with the same hash', () => {
    const a = runScenario(runaway(1_000_000, { eventsMax: 5_000 }), pingPongProtocol);
    const b = runScenario(runaway(1_000_000, { eventsMax: 5_000 }), pingPongProtocol);
    const c = runScenario(runaway(1_000_000, { eventsMax: 5_001 }), pingPongProtocol);
    expect(b.traceHash).toBe(a.traceHash);
    expect(c.traceHash).not.toBe(a.traceHash);
  });
});

describe('wall-clock budget', () => {
  it('ends the run once the injected clock passes wallMsMax', () => {
    const clock = fakeClock(1);
    const result = runScenario(runaway(3_600_000_000, { wallMsMax: 25 }), pingPongProtocol, { wallClockMs: clock.read });
    expect(result.verdict).toBe('budget-exhausted');
    expect(result.reason).toMatch(/more than 25ms of wall time/);
    expect(result.stats.events).toBeLessThan(10_000_000);
    // Checked every few thousand events, so it stops within a bounded overshoot.
    expect(result.stats.events).toBeGreaterThan(1_000);
    expect(result.stats.events).toBeLessThan(200_000);
    expect(clock.readings()).toBeGreaterThan(25);
    // The reported wall time comes from the same injected clock.
    expect(result.stats.wallMs).toBe(clock.readings() - 1);
  });

  it('a clock that stands still never exhausts the budget', () => {
    const result = runScenario(runaway(100_000, { wallMsMax: 1 }), pingPongProtocol, { wallClockMs: () => 42 });
    expect(result.verdict).toBe('pass');
    expect(result.stats.events).toBe(100_000);
    expect(result.stats.wallMs).toBe(0);
  });

  it('without an injected clock, no wall budget applies and no wall time is reported', () => {
    const result = runScenario(runaway(100_000, { wallMsMax: 0 }), pingPongProtocol);
    expect(result.verdict).toBe('pass');
    expect(result.stats.wallMs).toBeNull();
  });

  it('whichever budget is hit first decides', () => {
    const clock = fakeClock(1_000);
    const wall = runScenario(runaway(3_600_000_000, { wallMsMax: 5_000, eventsMax: 1_000_000 }), pingPongProtocol, { wallClockMs: clock.read });
    expect(wall.reason).toMatch(/wall time/);
    const events = runScenario(runaway(3_600_000_000, { wallMsMax: 5_000, eventsMax: 1_000 }), pingPongProtocol, { wallClockMs: fakeClock(1_000).read });
    expect(events.reason).toMatch(/events/);
  });
});
