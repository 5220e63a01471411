// One run, start to verdict: build the world, run it, check what clients saw
// (linearizability of each history against its model) and what nodes did (invariants),
// compute the measures, then judge the outcome against what the scenario expects. Every
// check the scenario asks for happens here: no caller can forget one.
import type { HistoryOp } from '../checkers/history.js';
import type { KvMeasures } from '../checkers/measures/kv-measures.js';
import { percentiles, type OpBreakdown } from '../checkers/measures/op-stats.js';
import { checkHistories, type CheckClock, type LinearizabilityOutcome } from './checks.js';
import { judge, matchesExpectation, measureViolations } from './judge.js';
import { computeMeasures } from './measures.js';
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
  | 'budget-exhausted' // the event, virtual-time or wall-clock budget ended the run
  | 'skipped'; // safe, but a capture bound nothing, and the scenario says that skips the run

export interface Violation {
  /** Invariant name, or 'linearizability'. */
  readonly check: string;
  readonly message: string;
  readonly eventIndex: number | null;
  readonly timeUs: number | null;
}

export type { LinearizabilityOutcome } from './checks.js';

export interface RunOptions {
  readonly traceSink?: TraceSink | null;
  /** Milliseconds from some fixed point, for the wall-clock budget and figures; sim/ reads no clock itself. */
  readonly wallClockMs?: () => number;
  /**
   * Compute the measures and the per-op breakdown (default true). A caller that shows
   * neither (a sweep) may skip them; measures that `expect.measures` bounds are computed
   * regardless, so bounds are always judged.
   */
  readonly measures?: boolean;
  readonly onProgress?: (virtualUs: Micros, events: number) => void;
  /** Called once before the linearizability checks start, with the history's length. */
  readonly onChecking?: (historyEntries: number) => void;
  /**
   * Called once the world is built, before it runs: reports and `--state-at` read node
   * views through it (from a trace sink, so at a known event). Never needed to run.
   */
  readonly onWorld?: (world: World) => void;
}

export interface RunStats {
  readonly ops: WorldOutcome['ops'];
  readonly latencyUs: { readonly p50: number | null; readonly p99: number | null; readonly p999: number | null };
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
  /**
   * Does the same scenario and seed give this result again? Not when a wall-clock budget
   * decided it (the run's, or the linearizability search's): then no replay is promised.
   */
  readonly reproducible: boolean;
  readonly violations: readonly Violation[];
  /** Failures of report-only checks: shown, not part of the verdict. */
  readonly reported: readonly Violation[];
  /** Why the run is not a pass, in one line (empty for a pass). */
  readonly reason: string;
  readonly error: ProtocolError | null;
  /** The main history's linearizability check (null when the check is off or the run failed). */
  readonly linearizability: LinearizabilityOutcome | null;
  /** Every history's check, main first. */
  readonly histories: readonly LinearizabilityOutcome[];
  /** Named measures (sim/measures.ts); only the bounded ones when the caller skipped measures. */
  readonly measures: Readonly<Record<string, number | null>>;
  /** Per op type and per client counts and latencies, availability per window (null when skipped). */
  readonly breakdown: OpBreakdown | null;
  /** The consistency measures in full, t-visibility curve included (null when skipped). */
  readonly consistency: KvMeasures | null;
  /** The drain after the end: configured and used. */
  readonly drain: { readonly configuredUs: Micros; readonly usedUs: Micros };
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
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  options.onWorld?.(world);
  const outcome = world.run();
  const wallMs = startedMs === null ? null : wallClockMs!() - startedMs;

  const invariantFailures: Violation[] = outcome.invariantViolations.map((v) => ({
    check: v.invariant,
    message: v.message,
    eventIndex: v.eventIndex < 0 ? null : v.eventIndex,
    timeUs: v.timeUs,
  }));
  const reportInvariants = scenario.checks.reportOnly.includes('invariants');
  const violations: Violation[] = reportInvariants ? [] : invariantFailures;
  const reported: Violation[] = reportInvariants ? [...invariantFailures] : [];
  const clock: CheckClock | null = wallClockMs === undefined ? null : { nowMs: wallClockMs, deadlineMs: startedMs! + scenario.limits.wallMsMax };
  const checking = scenario.checks.linearizability && outcome.endReason !== 'error';
  if (checking) options.onChecking?.(outcome.history.length);
  const histories = checking ? checkHistories(scenario, protocol, outcome.history, clock) : { outcomes: [], unchecked: [] };
  for (const { message } of histories.unchecked) violations.push({ check: 'histories', message, eventIndex: null, timeUs: null });
  for (const check of histories.outcomes) {
    if (check.verdict !== 'not-linearizable') continue;
    const where = check.history === 'main' ? '' : `${check.history} history (${check.model}): `;
    (check.mode === 'report' ? reported : violations).push({ check: 'linearizability', message: where + check.message, eventIndex: null, timeUs: null });
  }
  const stats = summarize(outcome, wallMs);
  const wanted = options.measures ?? true;
  const measured =
    wanted || Object.keys(scenario.expect.measures).length > 0
      ? computeMeasures({
          history: outcome.history,
          endUs: outcome.endUs,
          messagesSent: stats.messages.sent,
          availabilityWindowUs: scenario.checks.availabilityWindowUs,
        })
      : { values: {}, breakdown: null, consistency: null };
  violations.push(...measureViolations(scenario.expect.measures, { ...stats.protocol, ...measured.values }));
  const { verdict, reason } = judge(scenario, outcome, violations, histories.outcomes);
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
    reproducible: outcome.endReason !== 'wall-budget' && histories.outcomes.every((h) => h.unknownReason !== 'wall-time'),
    violations,
    reported,
    reason,
    error: outcome.error,
    linearizability: histories.outcomes[0] ?? null,
    histories: histories.outcomes,
    measures: measured.values,
    breakdown: wanted ? measured.breakdown : null,
    consistency: wanted ? measured.consistency : null,
    drain: { configuredUs: scenario.drainUs, usedUs: outcome.drainedUs },
    stats,
    drawn: outcome.drawn,
    history: outcome.history,
  };
}

function summarize(outcome: WorldOutcome, wallMs: number | null): RunStats {
  const latencies = percentiles(outcome.okLatenciesUs);
  const net = outcome.network;
  return {
    ops: outcome.ops,
    latencyUs: latencies,
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
