// The `--json` shape of one run: a stable contract, documented in docs/cli.md.
import type { RunResult } from '../../sim/run.js';
import type { LinearizabilityOutcome } from '../../sim/checks.js';
import { measuresJson } from './measures.js';
import type { ServiceSpec } from '../../sim/scenario/types.js';
import { replayCommand } from './summary.js';
import { faultEntry } from '../../sim/scenario/fault-entries.js';

/**
 * `model` is the checker model of the protocol's history, so `faultline check` of a run
 * directory can use it; `extra`: fields present only when asked for (`violationOps`,
 * `stateAt`), after the stable ones; `services`: the scenario's service groups.
 */
export function runJson(
  result: RunResult,
  overrides: readonly string[],
  model: string,
  extra: Record<string, unknown> = {},
  services: readonly ServiceSpec[] = [],
): Record<string, unknown> {
  return {
    scenario: result.scenario,
    file: result.file,
    protocol: result.protocol,
    variant: result.variant,
    model,
    seed: result.seed,
    set: overrides,
    verdict: result.verdict,
    asExpected: result.asExpected,
    expected: result.expected,
    reason: result.reason,
    traceHash: result.traceHash,
    reproducible: result.reproducible,
    violations: result.violations,
    error: result.error,
    reported: result.reported,
    linearizability: result.linearizability === null ? null : historyCheckJson(result.linearizability),
    histories: result.histories.map(historyCheckJson),
    drain: result.drain,
    stats: result.stats,
    ...measuresJson(result),
    drawn: result.drawn,
    nemesisFaults: result.drawn.nemesis.map(faultEntry),
    services: services.map((s) => ({ name: s.name, kind: s.kind, nodes: s.nodes, spares: s.spares })),
    replay: result.reproducible ? replayCommand(result, overrides) : null,
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
