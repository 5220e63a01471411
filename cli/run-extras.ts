// What `run` can add around one run: the HTML report (--report), the servers' state at a
// moment (--state-at), the scenario's explanation (--explain) and a second run of the same
// seed to compare with (--check-determinism). One run feeds every watcher asked for; none
// of them changes the run.
import type { AnyProtocol } from '../sim/protocol.js';
import { runScenario, type RunResult } from '../sim/run.js';
import type { Scenario } from '../sim/scenario/types.js';
import { firstDifference, type TraceEvent, type TraceSink } from '../sim/trace.js';
import type { World } from '../sim/world.js';
import type { RunProgress } from './output/run-progress.js';
import { parseStateAt, StateAtWatcher } from './output/state-at.js';
import { collectRun } from './report/collect.js';
import type { ReportData } from './report/model.js';

export interface RunExtrasOptions {
  readonly report?: string;
  readonly stateAt?: string;
  readonly checkDeterminism?: boolean;
}

/** `--check-determinism`: the same seed run again in the same process, and where the two parted. */
export interface DeterminismCheck {
  readonly same: boolean;
  readonly traceHashes: readonly [string, string];
  /** The first event where the traces differ (null when they agree), each side described. */
  readonly firstDifference: { readonly index: number; readonly first: TraceEvent | null; readonly second: TraceEvent | null } | null;
}

export interface WatchedRun {
  readonly result: RunResult;
  readonly report: ReportData | null;
  readonly stateAt: StateAtWatcher | null;
  readonly determinism: DeterminismCheck | null;
}

function both(a: TraceSink | null, b: TraceSink | null): TraceSink | null {
  if (a === null || b === null) return a ?? b;
  return (e: TraceEvent) => {
    a(e);
    b(e);
  };
}

export function runWatched(
  scenario: Scenario,
  protocol: AnyProtocol,
  overrides: readonly string[],
  options: RunExtrasOptions,
  sink: TraceSink | null,
  progress: RunProgress | null = null,
): WatchedRun {
  const stateAt = options.stateAt === undefined ? null : new StateAtWatcher(scenario.servers, parseStateAt(options.stateAt));
  const firstTrace: TraceEvent[] = [];
  const keep = options.checkDeterminism === true ? (e: TraceEvent) => void firstTrace.push(e) : null;
  const traceSink = both(both(sink, stateAt?.sink ?? null), keep);
  const onWorld = (world: World) => stateAt?.onWorld(world);
  let result: RunResult;
  let report: ReportData | null = null;
  if (options.report !== undefined) {
    const collected = collectRun(scenario, protocol, overrides, { traceSink, onWorld });
    result = collected.result;
    report = collected.data;
  } else {
    result = runScenario(scenario, protocol, {
      traceSink,
      onWorld,
      wallClockMs: () => performance.now(),
      ...(progress !== null ? { onProgress: progress.running, onChecking: progress.checking } : {}),
    });
  }
  stateAt?.finish();
  const determinism = options.checkDeterminism === true ? runAgain(scenario, protocol, result.traceHash, firstTrace) : null;
  return { result, report, stateAt, determinism };
}

/**
 * Run the seed a second time and compare. Both traces are kept in memory, so this doubles
 * the time and the trace memory of a run. It catches what a protocol keeps between runs
 * (module-level state) and ambient inputs the scan and the guard missed.
 */
function runAgain(scenario: Scenario, protocol: AnyProtocol, firstHash: string, firstTrace: readonly TraceEvent[]): DeterminismCheck {
  const secondTrace: TraceEvent[] = [];
  const second = runScenario(scenario, protocol, { traceSink: (e) => void secondTrace.push(e) });
  const difference = firstHash === second.traceHash ? null : firstDifference(firstTrace, secondTrace);
  return {
    same: firstHash === second.traceHash,
    traceHashes: [firstHash, second.traceHash],
    firstDifference: difference === null ? null : { index: difference.index, first: difference.a ?? null, second: difference.b ?? null },
  };
}

/** `--explain`: the scenario's description, what its protocol and variant are, what it expects. */
export function explainLines(scenario: Scenario, protocol: AnyProtocol): string[] {
  const lines = [`scenario ${scenario.name}${scenario.file !== null ? ` (${scenario.file})` : ''}`];
  for (const line of scenario.description.trimEnd().split('\n')) lines.push(`  ${line}`);
  lines.push(`protocol ${protocol.name}: ${protocol.description}`);
  if (scenario.variant !== null) lines.push(`variant  ${scenario.variant}: ${protocol.variants[scenario.variant] ?? '?'}`);
  const e = scenario.expect;
  lines.push(`expects  ${e.verdict}${e.violation !== null ? ` (${e.violation})` : ''}${e.sometimes.length > 0 ? `; at least once: ${e.sometimes.join(', ')}` : ''}`);
  return lines;
}
