// Seeded streams and latency distributions: named streams are reproducible and
// independent; each latency sampler has the shape its spec names, in whole microseconds.
import { describe, expect, it } from 'vitest';
import { latencySampler } from '../../sim/latency.js';
import { exponential, lognormal, pickIndex, shuffled, standardNormal, stream, uniformInt, weightedChoice, zipfSampler } from '../../sim/rng.js';
import type { LatencySpec } from '../../sim/scenario/types.js';

const N = 20_000;

function draw(spec: LatencySpec, seed = 1): number[] {
  const sample = latencySampler(spec);
  const random = stream(seed, 'latency-test');
  return Array.from({ length: N }, () => sample(random));
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const quantile = (xs: readonly number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;

describe('streams', () => {
  it('the same seed and name give the same sequence; another seed or name another one', () => {
    const take = (seed: number, name: string) => {
      const r = stream(seed, name);
      return Array.from({ length: 50 }, () => r());
    };
    expect(take(7, 'network')).toEqual(take(7, 'network'));
    expect(take(7, 'network')).not.toEqual(take(8, 'network'));
    expect(take(7, 'network')).not.toEqual(take(7, 'workload'));
    expect(take(7, 'node:n1')).not.toEqual(take(7, 'node:n2'));
  });

  it('draws are uniform in [0, 1)', () => {
    const r = stream(3, 'u');
    const xs = Array.from({ length: N }, () => r());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mean(xs)).toBeCloseTo(0.5, 1);
    const buckets = new Array<number>(10).fill(0);
    for (const x of xs) buckets[Math.floor(x * 10)]!++;
    for (const b of buckets) expect(Math.abs(b - N / 10)).toBeLessThan(N / 10 / 5);
  });

  it('helpers: pickIndex, uniformInt inclusive, weightedChoice by weight, shuffled is a permutation', () => {
    const r = stream(4, 'helpers');
    const picks = new Set(Array.from({ length: 1_000 }, () => pickIndex(r, 5)));
    expect([...picks].sort()).toEqual([0, 1, 2, 3, 4]);
    const ints = Array.from({ length: 1_000 }, () => uniformInt(r, 3, 5));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5]));
    const choices = Array.from({ length: N }, () => weightedChoice(r, { a: 1, b: 3 }));
    expect(choices.filter((c) => c === 'b').length / N).toBeCloseTo(0.75, 1);
    const items = [1, 2, 3, 4, 5, 6, 7];
    const s = shuffled(r, items);
    expect([...s].sort()).toEqual(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(() => weightedChoice(r, {})).toThrow(/no choices/);
  });

  it('distribution helpers have their textbook moments', () => {
    const r = stream(5, 'moments');
    const exp = Array.from({ length: N }, () => exponential(r, 100));
    expect(mean(exp)).toBeGreaterThan(95);
    expect(mean(exp)).toBeLessThan(105);
    const z = Array.from({ length: N }, () => standardNormal(r));
    expect(Math.abs(mean(z))).toBeLessThan(0.03);
    expect(mean(z.map((x) => x * x))).toBeCloseTo(1, 1);
    const draw = lognormal(1_000, 10_000);
    const ln = Array.from({ length: N }, () => draw(r));
    expect(quantile(ln, 0.5)).toBeGreaterThan(950);
    expect(quantile(ln, 0.5)).toBeLessThan(1_050);
    expect(quantile(ln, 0.99)).toBeGreaterThan(8_500);
    expect(quantile(ln, 0.99)).toBeLessThan(11_500);
    const zipf = zipfSampler(10, 1);
    const keys = Array.from({ length: N }, () => zipf(r));
    const share0 = keys.filter((k) => k === 0).length / N;
    expect(share0).toBeCloseTo(1 / 2.929, 1); // 1 / H(10)
    expect(Math.max(...keys)).toBe(9);
  });
});

describe('latency samplers', () => {
  it('constant', () => {
    expect(new Set(draw({ dist: 'constant', valueUs: 1_234 }))).toEqual(new Set([1_234]));
  });

  it('uniform stays within its bounds and covers them', () => {
    const xs = draw({ dist: 'uniform', minUs: 1_000, maxUs: 3_000 });
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(1_000);
    expect(Math.max(...xs)).toBeLessThanOrEqual(3_000);
    expect(mean(xs)).toBeGreaterThan(1_950);
    expect(mean(xs)).toBeLessThan(2_050);
  });

  it('normal has its mean and spread', () => {
    const xs = draw({ dist: 'normal', meanUs: 10_000, stddevUs: 1_000 });
    expect(mean(xs)).toBeGreaterThan(9_950);
    expect(mean(xs)).toBeLessThan(10_050);
    expect(quantile(xs, 0.841)).toBeGreaterThan(10_900);
    expect(quantile(xs, 0.841)).toBeLessThan(11_100);
  });

  it('exponential has its mean', () => {
    const xs = draw({ dist: 'exponential', meanUs: 2_000 });
    expect(mean(xs)).toBeGreaterThan(1_940);
    expect(mean(xs)).toBeLessThan(2_060);
  });

  it('lognormal has its median and p99', () => {
    const xs = draw({ dist: 'lognormal', medianUs: 2_000, p99Us: 20_000 });
    expect(quantile(xs, 0.5)).toBeGreaterThan(1_900);
    expect(quantile(xs, 0.5)).toBeLessThan(2_100);
    expect(quantile(xs, 0.99)).toBeGreaterThan(17_000);
    expect(quantile(xs, 0.99)).toBeLessThan(23_000);
  });

  it('bimodal takes the slow mode with its probability', () => {
    const xs = draw({
      dist: 'bimodal',
      fast: { dist: 'constant', valueUs: 100 },
      slow: { dist: 'constant', valueUs: 50_000 },
      slowProbability: 0.1,
    });
    expect(new Set(xs)).toEqual(new Set([100, 50_000]));
    expect(xs.filter((x) => x === 50_000).length / N).toBeCloseTo(0.1, 1);
  });

  it('every sampler gives whole microseconds, at least 1us, so a reply never precedes its request', () => {
    const specs: LatencySpec[] = [
      { dist: 'constant', valueUs: 0 },
      { dist: 'uniform', minUs: 0, maxUs: 3 },
      { dist: 'normal', meanUs: 1, stddevUs: 50 },
      { dist: 'exponential', meanUs: 0.5 },
      { dist: 'lognormal', medianUs: 1, p99Us: 3 },
    ];
    for (const spec of specs) {
      const xs = draw(spec);
      expect(xs.every((x) => Number.isInteger(x) && x >= 1), spec.dist).toBe(true);
    }
  });
});
