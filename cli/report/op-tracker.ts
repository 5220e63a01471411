// Client operations as the trace saw them: which client ran each, when it was invoked and
// completed (time and event index), and which server's reply completed it. The history
// knows none of that; reports and violation messages need all of it.
import type { HistoryOp } from '../../checkers/history.js';
import { formatValue, valueEqual } from '../../checkers/values.js';
import type { TraceEvent } from '../../sim/trace.js';
import type { ReportOp } from './model.js';

const VALUE_CHARS_MAX = 60;

interface Tracked {
  id: number;
  client: string;
  f: string;
  key: string | null;
  value: unknown;
  invokeUs: number;
  invokeEvent: number;
  type: 'ok' | 'fail' | 'info' | null;
  output: unknown;
  completeUs: number | null;
  completeEvent: number | null;
  server: string | null;
}

export class OpTracker {
  private readonly ops: Tracked[] = [];
  private readonly byId = new Map<number, Tracked>();
  /** The last message each client received: a completion at that instant answers it. */
  private readonly lastReply = new Map<string, { from: string; timeUs: number }>();

  constructor(private readonly servers: ReadonlySet<string>) {}

  onEvent(e: TraceEvent): void {
    const d = e.detail ?? {};
    if (e.kind === 'deliver' && e.peer !== undefined && this.servers.has(e.peer)) {
      this.lastReply.set(e.node, { from: e.peer, timeUs: e.timeUs });
    } else if (e.kind === 'invoke') {
      const op: Tracked = {
        id: Number(d['op']), client: e.node, f: e.label, key: d['key'] === null || d['key'] === undefined ? null : String(d['key']),
        value: d['value'], invokeUs: e.timeUs, invokeEvent: e.index, type: null, output: null, completeUs: null, completeEvent: null, server: null,
      };
      this.ops.push(op);
      this.byId.set(op.id, op);
    } else if (e.kind === 'complete') {
      const op = this.byId.get(Number(d['op']));
      if (op === undefined) return;
      op.type = d['type'] as Tracked['type'];
      op.output = d['value'];
      op.completeUs = e.timeUs;
      op.completeEvent = e.index;
      const reply = this.lastReply.get(e.node);
      // A timeout completes an op too (as info); only a reply at this instant names a server.
      if (reply !== undefined && reply.timeUs === e.timeUs && op.type !== 'info') op.server = reply.from;
    }
  }

  /**
   * The ops, with process numbers from the history (the k-th invocation in the history is
   * op k + 1). Ops still open at the end are `info` with no completion.
   */
  finish(history: readonly HistoryOp[]): ReportOp[] {
    const processes: number[] = [];
    for (const h of history) if (h.type === 'invoke') processes.push(typeof h.process === 'number' ? h.process : -1);
    return this.ops.map((op) => ({
      id: op.id,
      client: op.client,
      process: processes[op.id - 1] ?? -1,
      f: op.f,
      key: op.key,
      value: op.value === null || op.value === undefined ? '' : formatValue(op.value, VALUE_CHARS_MAX),
      output: op.type === 'ok' && op.output !== undefined && !valueEqual(op.output, op.value) ? formatValue(op.output, VALUE_CHARS_MAX) : null,
      type: op.type ?? 'info',
      invokeUs: op.invokeUs,
      completeUs: op.completeUs,
      server: op.server,
      invokeEvent: op.invokeEvent,
      completeEvent: op.completeEvent,
    }));
  }
}

/** Op ids (1-based invocation order) for history indices of invocations. */
export function opIdsOfInvokeIndices(history: readonly HistoryOp[], invokeIndices: readonly number[]): number[] {
  const idByIndex = new Map<number, number>();
  let ordinal = 0;
  for (const h of history) if (h.type === 'invoke') idByIndex.set(h.index, ++ordinal);
  return invokeIndices.map((i) => idByIndex.get(i)).filter((id): id is number => id !== undefined);
}
