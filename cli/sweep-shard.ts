// `sweep --shard i/n`: one machine's share of a sweep. Shard i of n takes every n-th seed
// of the list, starting at the i-th (round-robin, so shards get equal counts and a mix of
// early and late seeds); the split depends only on the seed list and n, so n machines
// cover the list exactly once. `--shard auto/n` takes i from JOB_COMPLETION_INDEX
// (0-based), which Kubernetes sets for each pod of an Indexed Job.
import { UsageError } from './errors.js';

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

/** Upper bound on shards (far more machines than anyone has; a typo must not pass). */
export const SHARDS_MAX = 10_000;

export function parseShard(text: string, env: NodeJS.ProcessEnv = process.env): Shard {
  const match = /^\s*(\d+|auto)\s*\/\s*(\d+)\s*$/.exec(text);
  if (match === null) throw new UsageError(`--shard: expected i/n (e.g. 2/8, 1-based) or auto/n, got "${text}"`);
  const count = Number(match[2]);
  if (count < 1 || count > SHARDS_MAX) throw new UsageError(`--shard: the number of shards must be 1 to ${SHARDS_MAX}, got ${match[2]}`);
  let index: number;
  if (match[1] === 'auto') {
    const k8s = env['JOB_COMPLETION_INDEX'];
    if (k8s === undefined || !/^\d+$/.test(k8s)) {
      throw new UsageError(`--shard auto/${count}: JOB_COMPLETION_INDEX is ${k8s === undefined ? 'not set' : `"${k8s}"`} (Kubernetes sets it in Indexed Jobs; elsewhere give i/n)`);
    }
    index = Number(k8s) + 1;
  } else {
    index = Number(match[1]);
  }
  if (index < 1 || index > count) throw new UsageError(`--shard: shard ${index} of ${count} does not exist (shards are 1 to ${count})`);
  return { index, count };
}

/** The seeds shard `shard` runs, in list order. */
export function shardSeeds(seeds: readonly number[], shard: Shard): number[] {
  return seeds.filter((_, position) => position % shard.count === shard.index - 1);
}
