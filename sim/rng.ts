// Seeded randomness. One root seed is split into named streams (`network`, `faults`,
// `workload`, `node:n1`, ...), each derived from the seed and its name, so adding a
// consumer in one place does not perturb the others. Every use of Math.log/exp/cos for
// distributions lives here, so the arithmetic that shapes a run is in one file.
import seedrandom from 'seedrandom';

/** A uniform [0, 1) generator. */
export type Uniform = () => number;

export function stream(seed: number, name: string): Uniform {
  return seedrandom.alea(`${seed}/${name}`);
}

/** Integer in [0, n). */
export function pickIndex(random: Uniform, n: number): number {
  return Math.floor(random() * n);
}

/** Integer in [min, max], inclusive. */
export function uniformInt(random: Uniform, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function exponential(random: Uniform, mean: number): number {
  return -mean * Math.log(1 - random());
}

/** Standard normal by Box–Muller (one draw per call; the pair's twin is discarded for simplicity). */
export function standardNormal(random: Uniform): number {
  const u1 = 1 - random(); // (0, 1]
  const u2 = random();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** z such that P(Z <= z) = 0.99 for a standard normal. */
const Z_99 = 2.3263478740408408;

/**
 * Lognormal given its median and 99th percentile, as a sampler: mu and sigma are worked
 * out once, not per draw (this runs once per message sent).
 */
export function lognormal(median: number, p99: number): (random: Uniform) => number {
  const mu = Math.log(median);
  const sigma = p99 > median ? (Math.log(p99) - mu) / Z_99 : 0;
  return (random) => Math.exp(mu + sigma * standardNormal(random));
}

/**
 * Zipfian choice over n items (item 0 most popular) with exponent theta: a precomputed
 * cumulative table and a binary search per draw.
 */
export function zipfSampler(n: number, theta: number): (random: Uniform) => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += 1 / Math.pow(i + 1, theta);
    cumulative[i] = total;
  }
  return (random) => {
    const target = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** Choose a key of `weights` with probability proportional to its weight (insertion order). */
export function weightedChoice<K extends string>(random: Uniform, weights: Readonly<Record<K, number>>): K {
  let total = 0;
  for (const key in weights) total += weights[key];
  let target = random() * total;
  let last: K | undefined;
  for (const key in weights) {
    last = key;
    target -= weights[key];
    if (target < 0) return key;
  }
  if (last === undefined) throw new Error('weightedChoice: no choices');
  return last;
}

/** Fisher–Yates shuffle of a copy. */
export function shuffled<T>(random: Uniform, items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = out[i]!;
    out[i] = out[j]!;
    out[j] = tmp;
  }
  return out;
}
