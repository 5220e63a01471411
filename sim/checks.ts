// The history checks of a run, done by run() itself so that no caller can forget one:
// the client history is split by the `history` each op names, and each part is checked
// for linearizability against its model. The search budget that decides a verdict is a
// number of steps (deterministic); the wall-clock budget of the run (limits.wallTime)
// only stops a search that would outlast it, and says so.
import { HistoryFormatError } from '../checkers/errors.js';
import { historyOf, MAIN_HISTORY, type HistoryOp } from '../checkers/history.js';
import { checkHistory } from '../checkers/linearizability/check.js';
import { renderCounterexample } from '../checkers/linearizability/render.js';
import type { AnyProtocol } from './protocol.js';
import type { Scenario } from './scenario/types.js';

/** The outcome of one history's linearizability check. */
export interface LinearizabilityOutcome {
  /** The history checked (`main`, or a name the protocol's ops give). */
  readonly history: string;
  readonly model: string;
  /** `verdict`: a violation fails the run; `report`: measured and shown only. */
  readonly mode: 'verdict' | 'report';
  readonly verdict: 'linearizable' | 'not-linearizable' | 'unknown';
  /** Why the verdict is unknown: the step budget, or the run's wall-clock budget. */
  readonly unknownReason: 'steps' | 'wall-time' | 'memory' | null;
  /** One-sentence explanation for a violation. */
  readonly message: string;
  /** Compact counterexample lines for the terminal. */
  readonly lines: readonly string[];
  /** History indices of the invocations of the ops the explanation names (empty if none). */
  readonly invokeIndices: readonly number[];
  /** History entries (invocations and completions) checked. */
  readonly entries: number;
  /** Search steps taken (list entries visited): the deterministic cost. */
  readonly steps: number;
  /** Wall time of the search, when the caller gave a clock (informational). */
  readonly elapsedMs: number | null;
}

export interface CheckClock {
  /** Milliseconds from some fixed point (the CLI injects a real clock). */
  readonly nowMs: () => number;
  /** The search stops, with verdict unknown (wall-time), past this. */
  readonly deadlineMs: number;
}

/** The model of each history: the scenario's choice, else the protocol's. */
export function historyModels(scenario: Scenario, protocol: AnyProtocol): ReadonlyMap<string, string> {
  const models = new Map<string, string>([[MAIN_HISTORY, protocol.model]]);
  for (const [name, spec] of Object.entries(protocol.histories ?? {})) models.set(name, spec.model);
  for (const [name, model] of Object.entries(scenario.checks.models)) models.set(name, model);
  return models;
}

/**
 * The ops of each history, in history order (`main` first, even when empty). When no op
 * names a history (every run of a protocol without `histories`), `main` is the history
 * itself, not a copy of it.
 */
export function splitHistories(history: readonly HistoryOp[]): Map<string, readonly HistoryOp[]> {
  let named = false;
  for (let i = 0; i < history.length && !named; i++) named = (history[i] as HistoryOp).history !== undefined;
  if (!named) return new Map([[MAIN_HISTORY, history]]);
  const parts = new Map<string, HistoryOp[]>([[MAIN_HISTORY, []]]);
  for (const op of history) {
    const name = historyOf(op);
    let part = parts.get(name);
    if (part === undefined) parts.set(name, (part = []));
    part.push(op);
  }
  return parts;
}

/** Why a history could not be checked: no model for it, or ops its model cannot read. */
export interface UncheckedHistory {
  readonly history: string;
  readonly message: string;
}

/**
 * Check every history that has ops (an empty one has nothing to check: the checker takes
 * a history without client ops for bad input; a run without ops is judged by progress). A history no model is known for,
 * or whose ops its model cannot read, is an error of the protocol: the caller reports it
 * as a violation.
 */
export function checkHistories(
  scenario: Scenario,
  protocol: AnyProtocol,
  history: readonly HistoryOp[],
  clock: CheckClock | null,
): { outcomes: LinearizabilityOutcome[]; unchecked: UncheckedHistory[] } {
  const models = historyModels(scenario, protocol);
  const reportAll = scenario.checks.reportOnly.includes('linearizability');
  const modeOf = (name: string) => (reportAll || protocol.histories?.[name]?.reportOnly === true ? 'report' : 'verdict');
  const outcomes: LinearizabilityOutcome[] = [];
  const unchecked: UncheckedHistory[] = [];
  for (const [name, ops] of splitHistories(history)) {
    const model = models.get(name);
    if (model === undefined) {
      unchecked.push({ history: name, message: `ops name history "${name}", which ${protocol.name} does not declare (Protocol.histories)` });
    } else if (ops.length > 0) {
      try {
        outcomes.push(checkOne(name, model, modeOf(name), ops, scenario.checks, clock));
      } catch (error) {
        if (!(error instanceof HistoryFormatError)) throw error;
        // Lines of a recorded history are its entries, from 1.
        unchecked.push({ history: name, message: `the ${name} history does not fit model ${model}: ${error.expected} (entry ${error.line - 1})` });
      }
    }
  }
  return { outcomes, unchecked };
}

function checkOne(
  history: string,
  model: string,
  mode: LinearizabilityOutcome['mode'],
  ops: readonly HistoryOp[],
  budgets: Pick<Scenario['checks'], 'searchStepsMax' | 'checkMemoryBytesMax'>,
  clock: CheckClock | null,
): LinearizabilityOutcome {
  const startedMs = clock?.nowMs() ?? null;
  const result = checkHistory(ops, {
    model,
    maxSteps: budgets.searchStepsMax,
    maxMemoryBytes: budgets.checkMemoryBytesMax,
    ...(clock !== null ? { deadline: () => clock.nowMs() > clock.deadlineMs } : {}),
  });
  const elapsedMs = startedMs === null ? null : Math.round((clock!.nowMs() - startedMs) * 100) / 100;
  const counterexample = result.counterexample;
  const unknownReason =
    result.verdict !== 'unknown' ? null : result.unknownReason === 'timeout' ? 'wall-time' : result.unknownReason === 'steps' ? 'steps' : 'memory';
  return {
    history,
    model,
    mode,
    verdict: result.verdict,
    unknownReason,
    message:
      result.verdict === 'not-linearizable'
        ? (counterexample?.explanation ?? 'no order of the operations explains what clients saw')
        : result.verdict === 'unknown'
          ? `search stopped: ${UNKNOWN_TEXT[unknownReason!]}`
          : '',
    lines: counterexample === null ? [] : renderCounterexample(counterexample),
    invokeIndices: counterexample === null ? [] : counterexample.involved.map((op) => op.invokeIndex),
    entries: ops.length,
    steps: result.steps,
    elapsedMs,
  };
}

const UNKNOWN_TEXT: Readonly<Record<NonNullable<LinearizabilityOutcome['unknownReason']>, string>> = {
  steps: 'more than checks.searchSteps steps',
  'wall-time': "the run's wall-clock budget (limits.wallTime) ran out",
  memory: 'the memo or state budget ran out',
};
