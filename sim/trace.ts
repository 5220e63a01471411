// The trace: every event of a run, folded into a running hash. Same scenario + seed =>
// same hash. The records themselves are built only when someone asked for them (a sink is
// attached), so memory stays flat on long runs.
import { TraceHash } from './trace-hash.js';
import type { Micros } from './types.js';

export type TraceKind =
  | 'deliver' // a message arrived and its handler ran
  | 'drop' // a message was lost (detail.reason)
  | 'duplicate' // the network made a second copy
  | 'timer' // a timer fired
  | 'fault' // a scheduled or nemesis fault was applied
  | 'log' // a protocol event (ctx.log)
  | 'start' // first boot
  | 'crash'
  | 'restart'
  | 'pause'
  | 'resume'
  | 'invoke' // a client began an operation
  | 'complete' // an operation ended: ok, fail or info
  | 'error' // protocol code threw
  | 'sync' // a sync completed: held messages leave, the node's synced handler runs
  | 'delay'; // a message fault held a message back (detail.fault, detail.arrivalUs)

export interface TraceEvent {
  readonly index: number;
  readonly timeUs: Micros;
  readonly kind: TraceKind;
  readonly node: string;
  /** The other end of a message, when there is one. */
  readonly peer?: string;
  /** Message type, timer name, log event name, fault kind or op function. */
  readonly label: string;
  readonly detail?: Readonly<Record<string, unknown>>;
}

export type TraceSink = (event: TraceEvent) => void;

/**
 * Each kind's code: what the hash folds, and what callers pass to `Trace.record` (a
 * constant there, where looking a name up per event cost ~8 ns of a megamorphic load).
 */
export const TraceCode = {
  deliver: 1, drop: 2, duplicate: 3, timer: 4, fault: 5, log: 6, start: 7,
  crash: 8, restart: 9, pause: 10, resume: 11, invoke: 12, complete: 13, error: 14, sync: 15, delay: 16,
} as const satisfies Readonly<Record<TraceKind, number>>;
export type TraceCode = (typeof TraceCode)[TraceKind];

/** Slots of Trace's table of recent labels (a power of two). */
const LABEL_SLOTS = 64;

/** Every trace kind, for filters and docs. */
export const TRACE_KINDS = Object.keys(TraceCode) as readonly TraceKind[];

export class Trace {
  /** Events recorded so far (the index of the next one). */
  count = 0;
  private readonly hash = new TraceHash();
  /** Label -> its code's int32 bits (a small integer, so no number is boxed per event). */
  private readonly labelHashes = new Map<string, number>();
  /**
   * Labels recently looked up and their codes, in a small table indexed by the label's
   * length and end characters: a run's labels are a few dozen strings (message types,
   * timer and event names), so nearly every event finds its label there with one
   * comparison instead of a Map lookup. A slot holds the latest label that fell into it.
   * Every slot starts as '', which only '' itself reaches (slot 0), so slot 0 starts with
   * its code and the others are never read before they are filled.
   */
  private readonly recentLabels: string[] = new Array<string>(LABEL_SLOTS).fill('');
  private readonly recentCodes = new Int32Array(LABEL_SLOTS);

  constructor(private readonly sink: TraceSink | null) {
    this.recentCodes[0] = this.codeOf('');
  }

  get keeping(): boolean {
    return this.sink !== null;
  }

  /**
   * Record one event. `nodeIndex`/`peerIndex` are the world's numeric ids (peer -1 when
   * none); `names` maps them back to ids for the record. Returns the event's index.
   */
  record(
    code: TraceCode,
    timeUs: Micros,
    nodeIndex: number,
    peerIndex: number,
    label: string,
    detail: Readonly<Record<string, unknown>> | undefined,
    names: readonly string[],
    shown: Readonly<Record<string, unknown>> | undefined = detail,
  ): number {
    const index = this.count++;
    const h = this.hash;
    h.event(code, timeUs, nodeIndex, peerIndex, this.labelHash(label));
    if (detail !== undefined && code !== TraceCode.deliver && code !== TraceCode.drop) {
      if (Array.isArray(detail)) h.value(detail);
      else h.fields(detail);
    }
    if (this.sink !== null) this.emit(index, code, timeUs, nodeIndex, peerIndex, label, shown, names);
    return index;
  }

  /**
   * Record a client op's invocation (detail `{op, key, value}`) or completion (`{op, type,
   * value}`), hashed exactly as record() hashes that detail, but field by field from the
   * values: the object is built only when a sink keeps the record.
   */
  recordOp(
    code: TraceCode,
    timeUs: Micros,
    nodeIndex: number,
    label: string,
    opId: number,
    second: 'key' | 'type',
    secondValue: string | null,
    value: unknown,
    names: readonly string[],
  ): number {
    const index = this.count++;
    const h = this.hash;
    h.event(code, timeUs, nodeIndex, -1, this.labelHash(label));
    h.field('op', opId);
    h.field(second, secondValue);
    h.field('value', value);
    if (this.sink !== null) {
      const detail = second === 'key' ? { op: opId, key: secondValue, value } : { op: opId, type: secondValue, value };
      this.emit(index, code, timeUs, nodeIndex, -1, label, detail, names);
    }
    return index;
  }

  hex(): string {
    return this.hash.hex();
  }

  /** Give the sink its record of an event. */
  private emit(
    index: number,
    code: TraceCode,
    timeUs: Micros,
    nodeIndex: number,
    peerIndex: number,
    label: string,
    shown: Readonly<Record<string, unknown>> | undefined,
    names: readonly string[],
  ): void {
    this.sink!({
      index,
      timeUs,
      kind: TRACE_KINDS[code - 1]!,
      node: names[nodeIndex] ?? String(nodeIndex),
      ...(peerIndex >= 0 ? { peer: names[peerIndex] } : {}),
      label,
      ...(shown !== undefined ? { detail: shown } : {}),
    });
  }

  private labelHash(label: string): number {
    const last = label.length - 1;
    // (An empty label reads NaN at -1, and NaN | 0 is 0: slot 0.)
    const slot = (label.length * 7 + label.charCodeAt(last) * 3 + label.charCodeAt(last >> 1)) & (LABEL_SLOTS - 1);
    if (this.recentLabels[slot] === label) return this.recentCodes[slot]!;
    const code = this.codeOf(label);
    this.recentLabels[slot] = label;
    this.recentCodes[slot] = code;
    return code;
  }

  private codeOf(label: string): number {
    let code = this.labelHashes.get(label);
    if (code === undefined) {
      const h = new TraceHash();
      h.string(label);
      code = h.laneA();
      this.labelHashes.set(label, code);
    }
    return code;
  }
}

/** Where two traces first differ, or null if they are identical. */
export function firstDifference(
  a: readonly TraceEvent[],
  b: readonly TraceEvent[],
): { index: number; a: TraceEvent | undefined; b: TraceEvent | undefined } | null {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined || sameEvent(x, y) === false) return { index: i, a: x, b: y };
  }
  return null;
}

function sameEvent(x: TraceEvent, y: TraceEvent): boolean {
  return (
    x.timeUs === y.timeUs &&
    x.kind === y.kind &&
    x.node === y.node &&
    x.peer === y.peer &&
    x.label === y.label &&
    JSON.stringify(x.detail ?? null) === JSON.stringify(y.detail ?? null)
  );
}
