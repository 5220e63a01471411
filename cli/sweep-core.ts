// What one seed of a sweep produces, computed the same way in-process and in a worker,
// so a parallel sweep's results are identical to a single-threaded one.
import { runScenario, type Verdict } from '../sim/run.js';
import type { Scenario } from '../sim/scenario/types.js';
import type { AnyProtocol } from '../sim/protocol.js';
import { UsageError } from './errors.js';

export interface SeedResult {
  readonly seed: number;
  readonly verdict: Verdict;
  readonly asExpected: boolean;
  readonly traceHash: string;
  /** False when a wall-clock budget decided the verdict: no replay command is promised. */
  readonly reproducible: boolean;
  readonly reason: string;
  /** Names of the checks that failed. */
  readonly violated: readonly string[];
  readonly events: number;
  readonly virtualTimeUs: number;
  /** The protocol's figures for this seed (stats.protocol of `run --json`: elections, time without a leader, ...). */
  readonly figures: Readonly<Record<string, number>>;
}

export function runSeed(scenario: Scenario, protocol: AnyProtocol, seed: number): SeedResult {
  const result = runScenario({ ...scenario, seed }, protocol, {
    wallClockMs: () => performance.now(),
    measures: false, // a sweep shows neither measures nor breakdowns (bounded measures are still judged)
  });
  return {
    seed,
    verdict: result.verdict,
    asExpected: result.asExpected,
    traceHash: result.traceHash,
    reproducible: result.reproducible,
    reason: result.reason,
    violated: result.violations.map((v) => v.check),
    events: result.stats.events,
    virtualTimeUs: result.stats.virtualTimeUs,
    figures: result.stats.protocol,
  };
}

/** Upper bound on seeds in one sweep (a typo like 1..1e12 must not hang the machine). */
export const SWEEP_SEEDS_MAX = 1_000_000;

/** `1..100`, `5`, `1,4,9`, `1..10,20..30` -> the seeds, in order, without repeats. */
export function parseSeedList(text: string): number[] {
  const seeds: number[] = [];
  const seen = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^\s*(\d+)\s*(?:\.\.\s*(\d+)\s*)?$/.exec(part);
    if (!match) throw new UsageError(`--seeds: expected a range like 1..100 or a list like 1,5,9, got "${text}"`);
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (to < from) throw new UsageError(`--seeds: the range ${part.trim()} runs backwards`);
    if (seeds.length + (to - from + 1) > SWEEP_SEEDS_MAX) {
      throw new UsageError(`--seeds: at most ${SWEEP_SEEDS_MAX} seeds in one sweep`);
    }
    for (let seed = from; seed <= to; seed++) {
      if (!seen.has(seed)) {
        seen.add(seed);
        seeds.push(seed);
      }
    }
  }
  return seeds;
}
