// The generic workload: what the next operation is (function, key, argument). When ops
// are issued (open loop at a rate, closed loop at a concurrency) is the world's job.
import type { WorkloadSpec } from './scenario/types.js';
import { exponential, pickIndex, weightedChoice, zipfSampler, type Uniform } from './rng.js';
import type { Micros } from './types.js';

export interface GeneratedOp {
  readonly f: string;
  readonly key: string | null;
  readonly value: unknown;
}

/** How many recent values per key a cas may expect (so some cas ops succeed). */
const RECENT_VALUES_MAX = 4;

/** Ops whose argument is a fresh value; reads and releases take none. */
const READ_LIKE = new Set(['get', 'read', 'dequeue', 'release', 'acquire']);

export class Workload {
  private readonly chooseKey: (random: Uniform) => number;
  private nextValue = 1;
  private readonly recent = new Map<string, unknown[]>();

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

  next(): GeneratedOp {
    const f = weightedChoice(this.random, this.spec.mix);
    const key = `k${this.chooseKey(this.random)}`;
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
