// The `--json` shape of one run: a stable contract, documented in docs/cli.md.
import type { RunResult } from '../../sim/run.js';
import type { ServiceSpec } from '../../sim/scenario/types.js';
import { replayCommand } from './summary.js';

export function runJson(result: RunResult, overrides: readonly string[], services: readonly ServiceSpec[] = []): Record<string, unknown> {
  return {
    scenario: result.scenario,
    file: result.file,
    protocol: result.protocol,
    variant: result.variant,
    seed: result.seed,
    verdict: result.verdict,
    asExpected: result.asExpected,
    expected: result.expected,
    reason: result.reason,
    traceHash: result.traceHash,
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
    replay: replayCommand(result, overrides),
  };
}
