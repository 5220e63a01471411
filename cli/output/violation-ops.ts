// Where a violation happened, for people: the client of each op it names, the server that
// answered, invoke and complete times and event indices, and a ready command that prints
// the trace around it. The history has no event indices, so the run is replayed once with
// a trace sink (runs are deterministic: the replay is the run).
import type { AnyProtocol } from '../../sim/protocol.js';
import { runScenario, type RunResult } from '../../sim/run.js';
import type { Scenario } from '../../sim/scenario/types.js';
import type { ReportOp } from '../report/model.js';
import { OpTracker, opIdsOfInvokeIndices } from '../report/op-tracker.js';
import { replayCommand } from './summary.js';

/** Trace shown before the first op and after the last, around a violation. */
const WINDOW_BEFORE_US = 50_000;
const WINDOW_AFTER_US = 10_000;
/** Around an invariant violation (one instant). */
const INSTANT_BEFORE_US = 100_000;

/** The ops a linearizability violation names, located in the trace (empty when there is none). */
export function locateViolationOps(scenario: Scenario, protocol: AnyProtocol, result: RunResult, known: readonly ReportOp[] | null): ReportOp[] {
  const indices = result.linearizability?.verdict === 'not-linearizable' ? result.linearizability.invokeIndices : [];
  if (indices.length === 0) return [];
  const ids = opIdsOfInvokeIndices(result.history, indices);
  let ops = known;
  if (ops === null) {
    const tracker = new OpTracker(new Set(scenario.servers));
    const replay = runScenario(scenario, protocol, { traceSink: (e) => tracker.onEvent(e) });
    if (replay.traceHash !== result.traceHash) return [];
    ops = tracker.finish(replay.history);
  }
  const byId = new Map(ops.map((op) => [op.id, op]));
  return ids.map((id) => byId.get(id)).filter((op): op is ReportOp => op !== undefined);
}

function seconds(us: number): string {
  return `${(us / 1e6).toFixed(6)}s`;
}

/** `3.011s`, rounded outwards to the millisecond so the window holds the events. */
function windowBound(us: number, round: (x: number) => number): string {
  return `${round(Math.max(0, us) / 1000) / 1000}s`;
}

export function traceCommand(result: RunResult, overrides: readonly string[], fromUs: number, toUs: number): string {
  return `${replayCommand(result, overrides)} --trace --trace-from ${windowBound(fromUs, Math.floor)} --trace-to ${windowBound(toUs, Math.ceil)}`;
}

export function describeOp(op: ReportOp): string {
  const what = `${op.f}${op.key !== null ? ` ${op.key}` : ''}${op.value !== '' ? ` ${op.value}` : ''}${op.output !== null ? ` -> ${op.output}` : ''}`;
  const answered = op.server !== null ? ` from ${op.server}` : '';
  const completed = op.completeUs === null ? 'never completed' : `completed ${seconds(op.completeUs)} (event ${op.completeEvent})`;
  return `${op.client} (process ${op.process}) ${what}: ${op.type}${answered}, invoked ${seconds(op.invokeUs)} (event ${op.invokeEvent}), ${completed}`;
}

/** Lines for the terminal: each op, then the command that shows the trace around them. */
export function violationOpLines(result: RunResult, overrides: readonly string[], ops: readonly ReportOp[]): string[] {
  const lines: string[] = [];
  if (ops.length > 0) {
    lines.push('  the ops it names:');
    for (const op of ops) lines.push(`    ${describeOp(op)}`);
    const from = Math.min(...ops.map((op) => op.invokeUs));
    const to = Math.max(...ops.map((op) => op.completeUs ?? result.stats.virtualTimeUs));
    lines.push(`  trace around it: ${traceCommand(result, overrides, from - WINDOW_BEFORE_US, to + WINDOW_AFTER_US)}`);
  }
  for (const v of result.violations) {
    if (v.timeUs === null) continue;
    lines.push(`  trace before ${v.check}: ${traceCommand(result, overrides, v.timeUs - INSTANT_BEFORE_US, v.timeUs + WINDOW_AFTER_US)}`);
  }
  return lines;
}
