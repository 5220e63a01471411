// Build a loaded Scenario in code, with small defaults, for kernel tests.
import type { Scenario } from '../../sim/scenario/types.js';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? Partial<T[K]> : T[K] };

export function makeScenario(overrides: DeepPartial<Scenario> & { servers?: readonly string[] } = {}): Scenario {
  const base: Scenario = {
    file: null,
    name: 'test',
    description: '',
    protocol: 'test-register',
    config: { sync: true, tickMs: 0 },
    variant: null,
    servers: ['n1', 'n2', 'n3'],
    clients: ['c1', 'c2'],
    seed: 1,
    durationUs: 1_000_000,
    network: {
      latency: { dist: 'uniform', minUs: 1_000, maxUs: 3_000 },
      drop: 0,
      duplicate: 0,
      reorder: 0,
      reorderDelayUs: 10_000,
      fifo: false,
      links: [],
      partitionDropsInFlight: true,
    },
    clocks: { driftPpm: 0, offsetUs: 0, nodes: {} },
    loseUnsyncedWrites: false,
    workload: {
      keys: 1,
      keyDistribution: 'uniform',
      zipfTheta: 0.99,
      mix: { read: 0.5, write: 0.5 },
      ratePerSecond: null,
      concurrency: 2,
      thinkUs: 0,
      timeoutUs: 100_000,
      startUs: 0,
      stopUs: 1_000_000,
    },
    faults: [],
    nemesis: null,
    settleUs: 500_000,
    checks: { linearizability: false, invariants: true, checkTimeoutUs: 10_000_000 },
    expect: { verdict: 'pass', violation: null, sometimes: [] },
    limits: { eventsMax: 10_000_000, wallMsMax: 60_000 },
  };
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = (base as unknown as Record<string, unknown>)[key];
    out[key] =
      value !== null && typeof value === 'object' && !Array.isArray(value) && current !== null && typeof current === 'object' && !Array.isArray(current)
        ? { ...current, ...value }
        : value;
  }
  return out as unknown as Scenario;
}
