// The generic key-value workload (`kv`, the default op generator): what the next
// operation is (function, key, argument), drawn from the mix independently of the client;
// and the open-loop arrival times. When ops are issued is the client driver's job
// (clients.ts); a protocol may supply other generators (Protocol.workloads).
import type { AnyProtocol, ProtocolSetup } from './protocol.js';
import type { Scenario, WorkloadSpec } from './scenario/types.js';
import { exponential, pickIndex, stream, weightedChoice, zipfSampler, type Uniform } from './rng.js';
import type { Micros, OpGenerator, WorkloadOp } from './types.js';

/** The kernel's own generator name, available to every protocol. */
export const KV_GENERATOR = 'kv';

/** How many recent values per key a cas may expect (so some cas ops succeed). */
const RECENT_VALUES_MAX = 4;

/**
 * Keys below this index keep their name once made (`k0`, `k1`, ...): an op's key is then
 * the same string each time, not a fresh one per op, and every Map keyed by it (the
 * stores, the checker) finds its hash already computed. The schema allows a million keys.
 */
const KEY_NAMES_KEPT_MAX = 4096;

/** Ops whose argument is a fresh value; reads and releases take none. */
const READ_LIKE = new Set(['get', 'read', 'dequeue', 'release', 'acquire']);

export class Workload implements OpGenerator {
  private readonly chooseKey: (random: Uniform) => number;
  private nextValue = 1;
  private readonly recent = new Map<string, unknown[]>();
  private readonly keyNames: string[] = [];

  constructor(
    private readonly spec: WorkloadSpec,
    private readonly random: Uniform,
  ) {
    this.chooseKey =
      spec.keyDistribution === 'zipfian'
        ? zipfSampler(spec.keys, spec.zipfTheta)
        : (r) => pickIndex(r, spec.keys);
  }

  /** Time to the next open-loop arrival (Poisson arrivals at the configured rate). */
  nextArrivalGapUs(): Micros {
    const rate = this.spec.ratePerSecond;
    if (rate === null) throw new Error('nextArrivalGapUs: the workload is closed-loop');
    return Math.max(1, Math.round(exponential(this.random, 1_000_000 / rate)));
  }

  /** The next op; the same draws whichever client asks. */
  next(): WorkloadOp {
    const f = weightedChoice(this.random, this.spec.mix);
    const key = this.keyName(this.chooseKey(this.random));
    if (READ_LIKE.has(f) || f === 'delete') return { f, key, value: null };
    if (f === 'cas') {
      const seen = this.recent.get(key);
      const expected = seen === undefined || seen.length === 0 ? null : seen[pickIndex(this.random, seen.length)];
      const value = this.nextValue++;
      this.remember(key, value);
      return { f, key, value: [expected, value] };
    }
    if (f === 'append') return { f, key, value: `${this.nextValue++},` };
    // put, write, add, enqueue, ...: a value never used before, so a read names its write.
    const value = this.nextValue++;
    this.remember(key, value);
    return { f, key, value };
  }

  private keyName(index: number): string {
    if (index >= KEY_NAMES_KEPT_MAX) return `k${index}`;
    const names = this.keyNames;
    while (names.length <= index) names.push(`k${names.length}`);
    return names[index]!;
  }

  private remember(key: string, value: unknown): void {
    let seen = this.recent.get(key);
    if (seen === undefined) {
      seen = [];
      this.recent.set(key, seen);
    }
    seen.push(value);
    if (seen.length > RECENT_VALUES_MAX) seen.shift();
  }
}

/**
 * The run's op generator: the scenario's `workload.generator`, resolved by the loader (a
 * protocol's generator or `kv`). A protocol's generator draws from its own stream
 * (`workload:<name>`), so it never shifts the arrival times drawn from `workload`.
 */
export function createGenerator(scenario: Scenario, protocol: AnyProtocol, kv: Workload, setup: ProtocolSetup<unknown>): OpGenerator {
  const name = scenario.workload.generator;
  if (name === KV_GENERATOR) return kv;
  const factory = protocol.workloads?.[name];
  if (factory === undefined) throw new Error(`${protocol.name} has no workload generator "${name}"`);
  return factory({
    config: setup.config,
    variant: setup.variant,
    servers: setup.servers,
    allServers: setup.allServers,
    services: setup.services,
    clients: scenario.clients,
    keys: scenario.workload.keys,
    mix: scenario.workload.mix,
    random: stream(scenario.seed, `workload:${name}`),
  });
}
