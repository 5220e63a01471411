// Message latency: a sampler per distribution, built once from the scenario's spec.
import type { LatencySpec } from './scenario/types.js';
import type { Micros } from './types.js';
import { exponential, lognormal, standardNormal, type Uniform } from './rng.js';

export type LatencySampler = (random: Uniform) => Micros;

/** Latencies are whole microseconds and at least 1us, so a reply never precedes its request. */
const LATENCY_US_MIN = 1;

function atLeastOne(us: number): Micros {
  const whole = Math.round(us);
  return whole < LATENCY_US_MIN ? LATENCY_US_MIN : whole;
}

export function latencySampler(spec: LatencySpec): LatencySampler {
  switch (spec.dist) {
    case 'constant': {
      const value = atLeastOne(spec.valueUs);
      return () => value;
    }
    case 'uniform': {
      const { minUs, maxUs } = spec;
      return (random) => atLeastOne(minUs + random() * (maxUs - minUs));
    }
    case 'normal': {
      const { meanUs, stddevUs } = spec;
      return (random) => atLeastOne(meanUs + stddevUs * standardNormal(random));
    }
    case 'exponential': {
      const { meanUs } = spec;
      return (random) => atLeastOne(exponential(random, meanUs));
    }
    case 'lognormal': {
      const draw = lognormal(spec.medianUs, spec.p99Us);
      return (random) => atLeastOne(draw(random));
    }
    case 'bimodal': {
      const fast = latencySampler(spec.fast);
      const slow = latencySampler(spec.slow);
      const slowProbability = spec.slowProbability;
      return (random) => (random() < slowProbability ? slow(random) : fast(random));
    }
  }
}
