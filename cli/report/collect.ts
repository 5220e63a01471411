// One run, watched closely enough to draw it: a trace sink that keeps messages, faults,
// protocol events, client ops and servers' views (read between handlers), every list
// bounded, then the report's data. Runs are deterministic, so this run is the run.
import type { AnyProtocol } from '../../sim/protocol.js';
import { runScenario, type RunResult } from '../../sim/run.js';
import type { Scenario } from '../../sim/scenario/types.js';
import type { TraceEvent, TraceSink } from '../../sim/trace.js';
import type { World } from '../../sim/world.js';
import { compactFields } from '../output/describe.js';
import { replayCommand } from '../output/summary.js';
import { FaultBands } from './fault-bands.js';
import { FATE_DELIVERED, FATE_DROPPED_AT_ARRIVAL, FATE_LOST, type LogMark, type MessageColumns, type ReportData } from './model.js';
import { OpTracker, opIdsOfInvokeIndices } from './op-tracker.js';
import { ServerViews } from './server-views.js';

/** Bounds on what a report keeps (its file stays a few megabytes; the page summarises beyond). */
export const REPORT_LIMITS = { messagesMax: 300_000, marksMax: 50_000, snapshotsMax: 100_000 };

export interface CollectedRun {
  readonly result: RunResult;
  readonly data: ReportData;
}

class Collector {
  readonly messages: MessageColumns = { from: [], to: [], sentUs: [], atUs: [], label: [], fate: [], event: [] };
  messagesTotal = 0;
  readonly marks: LogMark[] = [];
  marksTotal = 0;
  readonly labels: string[] = [];
  readonly faults = new FaultBands();
  readonly ops: OpTracker;
  views: ServerViews | null = null;
  private readonly labelIndex = new Map<string, number>();
  private readonly nodeIndex = new Map<string, number>();
  private readonly serverSet: ReadonlySet<string>;
  private previous: TraceEvent | null = null;

  constructor(readonly nodes: readonly string[], servers: readonly string[]) {
    nodes.forEach((id, i) => this.nodeIndex.set(id, i));
    this.serverSet = new Set(servers);
    this.ops = new OpTracker(this.serverSet);
  }

  readonly sink: TraceSink = (e) => {
    // The previous event's handler has returned: its node's view is settled.
    const prev = this.previous;
    if (prev !== null && this.serverSet.has(prev.node)) this.views?.look(prev.node, prev.timeUs);
    this.previous = e;
    this.faults.onEvent(e);
    this.ops.onEvent(e);
    if (e.kind === 'deliver' || e.kind === 'drop') this.message(e);
    else if (e.kind === 'log') this.mark(e);
  };

  private label(text: string): number {
    let i = this.labelIndex.get(text);
    if (i === undefined) {
      i = this.labels.length;
      this.labels.push(text);
      this.labelIndex.set(text, i);
    }
    return i;
  }

  private message(e: TraceEvent): void {
    this.messagesTotal++;
    if (this.messagesTotal > REPORT_LIMITS.messagesMax) return;
    const d = e.detail ?? {};
    const atArrival = e.kind === 'deliver' || d['reason'] === 'in-flight' || d['reason'] === 'node-down';
    const m = this.messages;
    m.from.push(this.nodeIndex.get(e.peer ?? '') ?? -1);
    m.to.push(this.nodeIndex.get(e.node) ?? -1);
    m.sentUs.push(typeof d['sentAtUs'] === 'number' ? d['sentAtUs'] : e.timeUs);
    m.atUs.push(e.timeUs);
    m.label.push(this.label(e.label));
    m.fate.push(e.kind === 'deliver' ? FATE_DELIVERED : atArrival ? FATE_DROPPED_AT_ARRIVAL : FATE_LOST);
    m.event.push(e.index);
  }

  private mark(e: TraceEvent): void {
    this.marksTotal++;
    if (this.marksTotal > REPORT_LIMITS.marksMax) return;
    const text = `${e.label} ${compactFields(e.detail)}`.trimEnd();
    this.marks.push({ timeUs: e.timeUs, node: this.nodeIndex.get(e.node) ?? -1, label: this.label(e.label), text, event: e.index });
  }
}

/** Other watchers of the same run (--trace, --out, --state-at). */
export interface AlsoWatching {
  readonly traceSink?: TraceSink | null;
  readonly onWorld?: (world: World) => void;
}

/** Run the scenario once, keeping what the report draws. */
export function collectRun(scenario: Scenario, protocol: AnyProtocol, overrides: readonly string[], also: AlsoWatching = {}): CollectedRun {
  const nodes = [...scenario.servers, ...scenario.clients];
  const c = new Collector(nodes, scenario.servers);
  const alsoTo = also.traceSink ?? null;
  const result = runScenario(scenario, protocol, {
    traceSink: alsoTo === null ? c.sink : (e) => { c.sink(e); alsoTo(e); },
    wallClockMs: () => performance.now(),
    onWorld: (world: World) => {
      c.views = new ServerViews(scenario.servers, (id) => world.hosts[nodes.indexOf(id)]!.view(), REPORT_LIMITS.snapshotsMax);
      c.views.lookAll(0);
      also.onWorld?.(world);
    },
  });
  c.views!.lookAll(result.stats.virtualTimeUs);
  return { result, data: reportData(c, scenario, result, overrides) };
}

function reportData(c: Collector, scenario: Scenario, result: RunResult, overrides: readonly string[]): ReportData {
  const lin = result.linearizability;
  const views = c.views!;
  return {
    meta: {
      scenario: result.scenario,
      description: scenario.description,
      file: result.file,
      protocol: result.protocol,
      variant: result.variant,
      seed: result.seed,
      verdict: result.verdict,
      asExpected: result.asExpected,
      reason: result.reason,
      traceHash: result.traceHash,
      replay: replayCommand(result, overrides),
      endUs: result.stats.virtualTimeUs,
      events: result.stats.traceEvents,
    },
    nodes: c.nodes,
    servers: scenario.servers,
    clients: scenario.clients,
    eraName: views.eraName,
    labels: c.labels,
    messages: c.messages,
    faults: c.faults.finish(),
    marks: c.marks,
    snapshots: views.snapshots,
    ops: c.ops.finish(result.history),
    violations: result.violations.map((v) => ({
      check: v.check,
      message: v.message,
      timeUs: v.timeUs,
      eventIndex: v.eventIndex,
      opIds: v.check === 'linearizability' && lin !== null ? opIdsOfInvokeIndices(result.history, lin.invokeIndices) : [],
      lines: v.check === 'linearizability' && lin !== null ? lin.lines.filter((l) => !l.startsWith('why:')) : [],
    })),
    limits: {
      messagesTotal: c.messagesTotal,
      messagesKept: c.messages.from.length,
      marksTotal: c.marksTotal,
      marksKept: c.marks.length,
      snapshotsTotal: views.total,
      snapshotsKept: views.kept,
    },
  };
}
