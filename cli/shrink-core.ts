// `faultline shrink`: make a failing run small while it still fails the same check (the
// same invariant, linearizability, or the same no-progress / error verdict). The nemesis
// is written out first (the same run, sim/scenario/explicit.ts); then delta debugging drops
// faults, and smaller steps shorten them, narrow partitions and cut clients, keys, the op
// rate and the duration. Every candidate is a scenario document run with the same seed; a
// stated budget of runs bounds the search.
import { PROTOCOLS } from '../protocols/registry.js';
import type { AnyProtocol } from '../sim/protocol.js';
import { runScenario, type RunResult } from '../sim/run.js';
import { ScenarioError, scenarioFromDocument } from '../sim/scenario/index.js';
import { withDrawnFaults } from '../sim/scenario/explicit.js';
import { UsageError } from './errors.js';
import { cutAfter, cutClients, cutDuration, cutKeys, cutRate, dropFaults, narrowPartitions, shortenFaults, type Doc, type StillFails } from './shrink-steps.js';

export const SHRINK_RUNS_DEFAULT = 200;

type Step = (doc: Doc, stillFails: StillFails) => Doc;

/**
 * The steps, in order: drop faults, cut what follows the failure of the run kept last (a
 * cut first would pin the failure to the original timing and leave ddmin less room), the
 * other big cuts, the fine ones, then faults once more.
 */
const steps = (failedAt: () => number | null): readonly Step[] => [
  dropFaults,
  cutAfter(failedAt),
  cutDuration,
  cutClients,
  cutKeys,
  cutRate,
  shortenFaults,
  narrowPartitions,
  dropFaults,
];

export interface ShrinkSizes {
  /** Fault entries (after the nemesis is written out: each draw is one entry). */
  readonly faults: number;
  readonly clients: number;
  readonly keys: number;
  readonly durationUs: number;
  readonly ops: number;
  readonly events: number;
}

export interface ShrinkOutcome {
  /** The check the shrunk run still fails. */
  readonly check: string;
  readonly runs: number;
  readonly runsMax: number;
  /** The budget ran out before every step had its say. */
  readonly exhausted: boolean;
  /** Faults the nemesis drew (part of `before.faults`). */
  readonly nemesisFaults: number;
  readonly before: ShrinkSizes;
  readonly after: ShrinkSizes;
  readonly doc: Doc;
  /** The run of the shrunk scenario. */
  readonly final: RunResult;
}

/** The protocols a shrink may run: the built-ins, and the module `--protocol` or the file names. */
export type Protocols = ReadonlyMap<string, AnyProtocol>;

function runDoc(doc: Doc, file: string, protocols: Protocols): { result: RunResult; sizes: ShrinkSizes } {
  const scenario = scenarioFromDocument(doc, file, { protocols });
  // By the document's `protocol:` (a module's path, or a built-in's name), as the loader found it.
  const result = runScenario(scenario, protocols.get(String(doc['protocol']))!, { measures: false });
  const sizes = {
    faults: scenario.faults.length + result.drawn.nemesis.length,
    clients: scenario.clients.length,
    keys: scenario.workload.keys,
    durationUs: scenario.durationUs,
    ops: result.stats.ops.invoked,
    events: result.stats.events,
  };
  return { result, sizes };
}

/** What a run fails: its first violated check, or its verdict when that is no-progress or error; null for none. */
export function failureOf(result: RunResult): string | null {
  if (result.violations.length > 0) return result.violations[0]!.check;
  return result.verdict === 'no-progress' || result.verdict === 'error' ? result.verdict : null;
}

function fails(result: RunResult, check: string): boolean {
  return result.violations.some((v) => v.check === check) || result.verdict === check;
}

export function shrinkScenario(original: Doc, file: string, runsMax: number, wanted: string | null, protocols: Protocols = PROTOCOLS): ShrinkOutcome {
  const first = runDoc(original, file, protocols);
  const check = wanted ?? failureOf(first.result);
  const seed = first.result.seed;
  if (check === null) throw new UsageError(`${file} --seed ${seed} fails no check (verdict ${first.result.verdict}): nothing to shrink`);
  if (!fails(first.result, check)) {
    throw new UsageError(`${file} --seed ${seed} does not fail ${check} (it fails ${failureOf(first.result) ?? 'nothing'})`);
  }
  let runs = 1;
  let exhausted = false;
  let last = first;
  const stillFails: StillFails = (doc) => {
    if (runs >= runsMax) {
      exhausted = true;
      return false;
    }
    let attempt: ReturnType<typeof runDoc>;
    try {
      attempt = runDoc(doc, file, protocols);
    } catch (error) {
      if (error instanceof ScenarioError) return false; // the cut made the file invalid: not a candidate
      throw error;
    }
    runs++;
    if (!fails(attempt.result, check)) return false;
    last = attempt;
    return true;
  };
  let doc = withDrawnFaults(original, first.result.drawn.nemesis);
  const failedAt = () => last.result.violations.find((v) => v.check === check)?.timeUs ?? null;
  for (const step of steps(failedAt)) doc = step(doc, stillFails);
  return {
    check, runs, runsMax, exhausted,
    nemesisFaults: first.result.drawn.nemesis.length,
    before: first.sizes,
    after: last.sizes,
    doc,
    final: last.result,
  };
}
