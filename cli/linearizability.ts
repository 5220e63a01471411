// The linearizability check a run uses: checkers' search with a real clock for its time
// budget (the kernel and the checkers read no clock themselves).
import type { HistoryOp } from '../checkers/history.js';
import { isClientOp } from '../checkers/history.js';
import { checkHistory } from '../checkers/linearizability/check.js';
import { renderCounterexample } from '../checkers/linearizability/render.js';
import type { LinearizabilityOutcome } from '../sim/run.js';

export function checkRunHistory(history: readonly HistoryOp[], model: string, timeoutMs: number, maxMemoryBytes?: number): LinearizabilityOutcome {
  const started = performance.now();
  if (!history.some(isClientOp)) {
    // nothing to check is no evidence: the checker refuses it, the run says so
    return { verdict: 'unknown', message: 'no client operation to check', lines: [], invokeIndices: [], elapsedMs: 0, deterministic: true };
  }
  const result = checkHistory(history, { model, clock: () => performance.now(), timeoutMs, ...(maxMemoryBytes !== undefined ? { maxMemoryBytes } : {}) });
  const elapsedMs = Math.round((performance.now() - started) * 100) / 100;
  const counterexample = result.counterexample;
  return {
    verdict: result.verdict,
    message:
      result.verdict === 'not-linearizable'
        ? (counterexample?.explanation ?? 'no order of the operations explains what clients saw')
        : result.verdict === 'unknown'
          ? result.unknownReason === 'timeout'
            ? 'the search ran out of its time budget (checks.timeout, wall clock: not reproducible)'
            : `the search ran out of its ${result.unknownReason ?? 'step'} budget`
          : '',
    lines: counterexample === null ? [] : renderCounterexample(counterexample),
    invokeIndices: counterexample === null ? [] : counterexample.involved.map((op) => op.invokeIndex),
    elapsedMs,
    deterministic: result.unknownReason !== 'timeout',
  };
}
