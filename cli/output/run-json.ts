// The `--json` shape of one run: a stable contract, documented in docs/cli.md.
import type { RunResult } from '../../sim/run.js';
import type { ServiceSpec } from '../../sim/scenario/types.js';
import { replayCommand } from './summary.js';

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
    linearizability:
      result.linearizability === null
        ? null
        : {
            verdict: result.linearizability.verdict,
            message: result.linearizability.message,
            elapsedMs: result.linearizability.elapsedMs,
          },
    stats: result.stats,
    drawn: result.drawn,
    services: services.map((s) => ({ name: s.name, kind: s.kind, nodes: s.nodes, spares: s.spares })),
    replay: result.reproducible ? replayCommand(result, overrides) : null,
    ...extra,
  };
}
