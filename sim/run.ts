// One run, start to verdict: build the world, run it, check what clients saw
// (linearizability against the protocol's model) and what nodes did (invariants), then
// judge the outcome against what the scenario expects.
import type { HistoryOp } from '../checkers/history.js';
import { kvMeasures, type KvMeasures } from '../checkers/measures/index.js';
import type { AnyProtocol } from './protocol.js';
import type { Scenario } from './scenario/types.js';
import type { TraceSink } from './trace.js';
import type { Micros } from './types.js';
import { World, type DrawnSetup, type ProtocolError, type WorldOutcome } from './world.js';

export type Verdict =
  | 'pass' // safe, made progress, reached every `sometimes`
  | 'violation' // an invariant or linearizability failed
  | 'no-progress' // safe, but no operation succeeded after the faults healed
  | 'vacuous' // safe, but something that must happen at least once never did
  | 'unknown' // the linearizability search ran out of budget
  | 'error' // protocol code threw
  | 'budget-exhausted'; // the event or wall-clock budget ended the run

export interface Violation {
  /** Invariant name, or 'linearizability'. */
  readonly check: string;
  readonly message: string;
  readonly eventIndex: number | null;
  readonly timeUs: number | null;
}

/** The outcome of the linearizability check, as the run needs it. */
export interface LinearizabilityOutcome {
  readonly verdict: 'linearizable' | 'not-linearizable' | 'unknown';
  /** One-sentence explanation for a violation. */
  readonly message: string;
  /** Compact counterexample lines for the terminal. */
  readonly lines: readonly string[];
  readonly elapsedMs: number;
}

/** Check a history against a model; injected so sim/ reads no real clock itself. */
export type LinearizabilityChecker = (history: readonly HistoryOp[], model: string, timeoutMs: number) => LinearizabilityOutcome;

export interface RunOptions {
  readonly traceSink?: TraceSink | null;
  readonly wallClockMs?: () => number;
  readonly checkLinearizability?: LinearizabilityChecker;
}

export interface RunStats {
  readonly ops: WorldOutcome['ops'];
  readonly latencyUs: { readonly p50: number | null; readonly p99: number | null };
  readonly messages: {
    readonly sent: number;
    readonly delivered: number;
    readonly dropped: number;
    readonly droppedBy: Readonly<Record<string, number>>;
    readonly duplicated: number;
    readonly bytes: number;
    /** Messages sent per client operation invoked. */
    readonly perOp: number | null;
  };
  readonly faults: number;
  readonly events: number;
  readonly traceEvents: number;
  readonly virtualTimeUs: Micros;
  readonly wallMs: number | null;
  /** Virtual time / wall time. */
  readonly speedup: number | null;
  readonly protocol: Readonly<Record<string, number>>;
}

export interface RunResult {
  readonly scenario: string;
  readonly file: string | null;
  readonly protocol: string;
  readonly variant: string | null;
  readonly seed: number;
  readonly verdict: Verdict;
  /** Did the verdict match the scenario's `expect`? Decides the exit code. */
  readonly asExpected: boolean;
  readonly expected: Scenario['expect'];
  readonly traceHash: string;
  readonly violations: readonly Violation[];
  /** Why the run is not a pass, in one line (empty for a pass). */
  readonly reason: string;
  readonly error: ProtocolError | null;
  readonly linearizability: LinearizabilityOutcome | null;
  /** Consistency measures of a kv history (staleness, visibility, lost writes, siblings, latency per op); null for other models. */
  readonly measures: KvMeasures | null;
  readonly stats: RunStats;
  readonly drawn: DrawnSetup;
  readonly history: readonly HistoryOp[];
}

export function runScenario(scenario: Scenario, protocol: AnyProtocol, options: RunOptions = {}): RunResult {
  const wallClockMs = options.wallClockMs;
  const startedMs = wallClockMs?.() ?? null;
  const world = new World(scenario, protocol, {
    traceSink: options.traceSink ?? null,
    ...(wallClockMs ? { wallClockMs } : {}),
  });
  const outcome = world.run();
  const wallMs = startedMs === null ? null : wallClockMs!() - startedMs;

  const violations: Violation[] = outcome.invariantViolations.map((v) => ({
    check: v.invariant,
    message: v.message,
    eventIndex: v.eventIndex < 0 ? null : v.eventIndex,
    timeUs: v.timeUs,
  }));
  let linearizability: LinearizabilityOutcome | null = null;
  if (scenario.checks.linearizability && options.checkLinearizability && outcome.endReason !== 'error') {
    linearizability = options.checkLinearizability(
      outcome.history,
      protocol.model,
      scenario.checks.checkTimeoutUs / 1000,
    );
    if (linearizability.verdict === 'not-linearizable') {
      violations.push({ check: 'linearizability', message: linearizability.message, eventIndex: null, timeUs: null });
    }
  }
  const { verdict, reason } = judge(scenario, outcome, violations, linearizability);
  return {
    scenario: scenario.name,
    file: scenario.file,
    protocol: scenario.protocol,
    variant: scenario.variant,
    seed: scenario.seed,
    verdict,
    asExpected: matchesExpectation(scenario.expect, verdict, violations),
    expected: scenario.expect,
    traceHash: outcome.traceHash,
    violations,
    reason,
    error: outcome.error,
    linearizability,
    measures: protocol.model === 'kv' ? kvMeasures(outcome.history) : null,
    stats: summarize(outcome, wallMs),
    drawn: outcome.drawn,
    history: outcome.history,
  };
}

function judge(
  scenario: Scenario,
  outcome: WorldOutcome,
  violations: readonly Violation[],
  linearizability: LinearizabilityOutcome | null,
): { verdict: Verdict; reason: string } {
  if (outcome.error !== null) {
    const e = outcome.error;
    return { verdict: 'error', reason: `${e.node} threw in ${e.handler} at event ${e.eventIndex}: ${e.message}` };
  }
  if (violations.length > 0) {
    return { verdict: 'violation', reason: violations.map((v) => `${v.check}: ${v.message}`).join('; ') };
  }
  if (outcome.endReason === 'events-budget') {
    return { verdict: 'budget-exhausted', reason: `budget exhausted: more than ${scenario.limits.eventsMax} events` };
  }
  if (outcome.endReason === 'wall-budget') {
    return { verdict: 'budget-exhausted', reason: `budget exhausted: more than ${scenario.limits.wallMsMax}ms of wall time` };
  }
  if (linearizability?.verdict === 'unknown') {
    return { verdict: 'unknown', reason: 'the linearizability search ran out of budget' };
  }
  if (outcome.ops.invoked > 0 && outcome.firstOkAfterSettleUs === null) {
    const since = outcome.settleStartUs === null ? 'during the run' : `in the ${formatSeconds(outcome.endUs - outcome.settleStartUs)} after faults healed`;
    return { verdict: 'no-progress', reason: `no progress: no operation completed ok ${since}` };
  }
  const missing = scenario.expect.sometimes.filter((name) => !outcome.eventsSeen.has(name));
  if (missing.length > 0) {
    return { verdict: 'vacuous', reason: `never happened: ${missing.join(', ')}` };
  }
  return { verdict: 'pass', reason: '' };
}

function matchesExpectation(expect: Scenario['expect'], verdict: Verdict, violations: readonly Violation[]): boolean {
  if (expect.verdict === 'pass') return verdict === 'pass';
  if (expect.verdict === 'violation') {
    return verdict === 'violation' && (expect.violation === null || violations.some((v) => v.check === expect.violation));
  }
  return verdict === expect.verdict;
}

function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function summarize(outcome: WorldOutcome, wallMs: number | null): RunStats {
  const latencies = [...outcome.okLatenciesUs].sort((a, b) => a - b);
  const net = outcome.network;
  return {
    ops: outcome.ops,
    latencyUs: { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) },
    messages: {
      sent: net.sent,
      delivered: net.delivered,
      dropped: net.dropped,
      droppedBy: net.droppedBy,
      duplicated: net.duplicated,
      bytes: net.bytes,
      perOp: outcome.ops.invoked === 0 ? null : round2(net.sent / outcome.ops.invoked),
    },
    faults: outcome.faultsApplied,
    events: outcome.events,
    traceEvents: outcome.traceEvents,
    virtualTimeUs: outcome.endUs,
    wallMs: wallMs === null ? null : round2(wallMs),
    speedup: wallMs === null || wallMs <= 0 ? null : Math.round(outcome.endUs / 1000 / wallMs),
    protocol: outcome.protocolStats,
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function formatSeconds(us: Micros): string {
  return `${round2(us / 1_000_000)}s`;
}
