// The `--json` shape of one run: a stable contract, documented in docs/cli.md.
import type { RunResult } from '../../sim/run.js';
import type { LinearizabilityOutcome } from '../../sim/checks.js';
import { measuresJson } from './measures.js';
import { replayCommand } from './summary.js';

/** `extra`: fields present only when asked for (`violationOps`, `stateAt`), after the stable ones. */
export function runJson(result: RunResult, overrides: readonly string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    scenario: result.scenario,
    file: result.file,
    protocol: result.protocol,
    variant: result.variant,
    seed: result.seed,
    set: overrides,
    verdict: result.verdict,
    asExpected: result.asExpected,
    expected: result.expected,
    reason: result.reason,
    traceHash: result.traceHash,
    violations: result.violations,
    error: result.error,
    reported: result.reported,
    linearizability: result.linearizability === null ? null : historyCheckJson(result.linearizability),
    histories: result.histories.map(historyCheckJson),
    drain: result.drain,
    stats: result.stats,
    ...measuresJson(result),
    drawn: result.drawn,
    replay: replayCommand(result, overrides),
    ...extra,
  };
}

function historyCheckJson(check: LinearizabilityOutcome): Record<string, unknown> {
  return {
    history: check.history,
    model: check.model,
    mode: check.mode,
    verdict: check.verdict,
    unknownReason: check.unknownReason,
    message: check.message,
    entries: check.entries,
    steps: check.steps,
    elapsedMs: check.elapsedMs,
  };
}
