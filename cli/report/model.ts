// The data an HTML report carries: what the page's script draws. Built by collect.ts from
// one run (and its trace), embedded in the page as JSON. Big arrays are columnar (one array
// per field) so 100,000 events stay a few megabytes.

/** How a message ended. */
export const FATE_DELIVERED = 0;
/** Lost on the way (loss, partition): drawn at the sender at send time. */
export const FATE_LOST = 1;
/** Dropped at arrival (cut while in flight, node down): drawn at the receiver. */
export const FATE_DROPPED_AT_ARRIVAL = 2;

export interface MessageColumns {
  /** Node indices into ReportData.nodes. */
  readonly from: number[];
  readonly to: number[];
  readonly sentUs: number[];
  /** Arrival (delivered or dropped at arrival); equal to sentUs when lost on the way. */
  readonly atUs: number[];
  /** Index into ReportData.labels (the message type). */
  readonly label: number[];
  readonly fate: number[];
  /** Trace event index of the delivery or drop. */
  readonly event: number[];
}

/** A shaded band: a fault that lasts (partition, crash, pause, clog, loss, drift), or a mark (clock step). */
export interface FaultBand {
  readonly kind: string;
  readonly startUs: number;
  /** null: lasted to the end of the run. Equal to startUs for instant faults (clock steps). */
  readonly endUs: number | null;
  /** The nodes it hits; for a partition, every node in its groups. */
  readonly nodes: readonly string[];
  /** One line: `partition n1 | n2 n3`, `clock-step n2 +200ms`. */
  readonly text: string;
  readonly event: number;
}

/** A protocol event (`became-leader`, `vote`, ...) shown as a tick on its node's lane. */
export interface LogMark {
  readonly timeUs: number;
  readonly node: number;
  readonly label: number;
  readonly text: string;
  readonly event: number;
}

/** What a server's inspect() said, from `timeUs` until its next snapshot. */
export interface ServerSnapshot {
  readonly timeUs: number;
  readonly role: string;
  /** term, ballot or epoch: whichever the protocol reports. */
  readonly term: number | null;
  readonly commitIndex: number | null;
  readonly lastIndex: number | null;
  /** [start, term, start, term, ...] runs of terms up to lastIndex (Raft's logTerms). */
  readonly logTerms: readonly number[] | null;
  /** The view's other scalar fields, for the state panel. */
  readonly fields: Readonly<Record<string, string | number | boolean | null>>;
}

export interface ReportOp {
  /** 1-based, in invocation order (the trace's `op`). */
  readonly id: number;
  readonly client: string;
  readonly process: number;
  readonly f: string;
  readonly key: string | null;
  readonly value: string;
  /** What an ok op returned when it differs from its argument (what a read saw), as text; else null. */
  readonly output: string | null;
  readonly type: 'ok' | 'fail' | 'info';
  readonly invokeUs: number;
  /** null: still open when the run ended. */
  readonly completeUs: number | null;
  /** The server whose reply completed it, when a reply did. */
  readonly server: string | null;
  readonly invokeEvent: number;
  readonly completeEvent: number | null;
}

export interface ReportViolation {
  readonly check: string;
  readonly message: string;
  readonly timeUs: number | null;
  readonly eventIndex: number | null;
  /** Ops the explanation names (ids of ReportData.ops). */
  readonly opIds: readonly number[];
  /** Counterexample lines (linearizability). */
  readonly lines: readonly string[];
}

export interface ReportMeta {
  readonly scenario: string;
  readonly description: string;
  readonly file: string | null;
  readonly protocol: string;
  readonly variant: string | null;
  readonly seed: number;
  readonly verdict: string;
  readonly asExpected: boolean;
  readonly reason: string;
  readonly traceHash: string;
  readonly replay: string;
  readonly endUs: number;
  readonly events: number;
}

export interface ReportLimits {
  readonly messagesTotal: number;
  readonly messagesKept: number;
  readonly marksTotal: number;
  readonly marksKept: number;
  readonly snapshotsTotal: number;
  readonly snapshotsKept: number;
}

export interface ReportData {
  readonly meta: ReportMeta;
  /** Servers first, then clients; lanes in this order. */
  readonly nodes: readonly string[];
  readonly servers: readonly string[];
  readonly clients: readonly string[];
  /** What the protocol calls its era number (`term`, `ballot`, `epoch`), for headings. */
  readonly eraName: string;
  readonly labels: readonly string[];
  readonly messages: MessageColumns;
  readonly faults: readonly FaultBand[];
  readonly marks: readonly LogMark[];
  /** Per server, in time order. */
  readonly snapshots: Readonly<Record<string, readonly ServerSnapshot[]>>;
  readonly ops: readonly ReportOp[];
  readonly violations: readonly ReportViolation[];
  readonly limits: ReportLimits;
}
