// A loaded Scenario built in code rather than from a file (benchmarks, tests): quiet
// defaults (three servers, no clients, a clean 1..3ms network, no faults) with the given
// fields merged in, nested sections field by field.
import type { Scenario } from './types.js';

/** Top-level fields replace; object sections (network, workload, ...) merge one level deep. */
export type ScenarioParts = {
  readonly [K in keyof Scenario]?: unknown extends Scenario[K]
    ? unknown
    : Scenario[K] extends readonly unknown[] | null | string | number | boolean
      ? Scenario[K]
      : Partial<Scenario[K]>;
};

const DEFAULTS: Scenario = {
  file: null,
  name: 'built',
  description: '',
  protocol: '',
  config: {},
  variant: null,
  servers: ['n1', 'n2', 'n3'],
  spares: [],
  services: [],
  clients: [],
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
  syncLatency: null,
  workload: {
    generator: 'kv',
    keys: 1,
    keyDistribution: 'uniform',
    zipfTheta: 0.99,
    mix: {},
    ratePerSecond: null,
    concurrency: 0,
    thinkUs: 0,
    timeoutUs: 1_000_000,
    startUs: 0,
    stopUs: 1_000_000,
  },
  faults: [],
  nemesis: null,
  settleUs: 0,
  checks: { linearizability: false, invariants: true, reportOnly: [], models: {}, availabilityWindowUs: 500_000, searchStepsMax: 100_000_000 },
  drainUs: 0,
  expect: { verdict: 'pass', violation: null, sometimes: [], measures: {} },
  limits: { eventsMax: 5_000_000, virtualTimeUsMax: 3_600_000_000, wallMsMax: 300_000 },
};

function isSection(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `base` with `parts` merged in (sections one level deep). */
export function mergeScenario(base: Scenario, parts: ScenarioParts): Scenario {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(parts)) {
    const current = out[key];
    out[key] = isSection(value) && isSection(current) ? { ...current, ...value } : value;
  }
  return out as unknown as Scenario;
}

export function buildScenario(parts: ScenarioParts): Scenario {
  return mergeScenario(DEFAULTS, parts);
}
