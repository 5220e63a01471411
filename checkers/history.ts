// The operation format, after Jepsen: one entry per invocation and one per completion.
// This file is the contract between whoever records a history (the simulator, a Jepsen
// run) and the checkers. It depends on nothing.

export type OpType = 'invoke' | 'ok' | 'fail' | 'info';

export interface HistoryOp {
  /** Position in the history (0-based). File order is real-time order. */
  readonly index: number;
  /** A client process number; non-integers (`nemesis`) are not client operations. */
  readonly process: number | string;
  readonly type: OpType;
  /** The function: read, write, cas, get, put, append, acquire, release, ... */
  readonly f: string;
  /** The key for multi-key models; null/absent for single-object models. */
  readonly key?: unknown;
  /** Invoke: the argument (null for reads). ok: the result (what a read saw). */
  readonly value: unknown;
  /** Nanoseconds, informational (Jepsen's convention; need not be monotonic). */
  readonly time?: number;
  /** Why an op failed or is indeterminate, when known. */
  readonly error?: string;
  /**
   * The client node that ran the op (`c3`), when known. `process` stays an integer, as
   * Jepsen's tools expect: a client starts as process i (its index among all nodes) and
   * takes a new process number after each `info`; `client` names it across those changes.
   */
  readonly client?: string;
  /** The server whose reply decided the op, when known (completions only). */
  readonly server?: string;
  /** The checked history the op belongs to, when a run checks several (absent: `main`). */
  readonly history?: string;
  /** 1-based line of the source text the op was read from (set by the readers). */
  readonly line?: number;
}

/** True for client operations: their process is an integer (`nemesis` is not). */
export function isClientOp(op: HistoryOp): boolean {
  return typeof op.process === 'number' && Number.isInteger(op.process);
}

/** The history an op belongs to when it names none. */
export const MAIN_HISTORY = 'main';

/** The name of the history an op belongs to. */
export function historyOf(op: HistoryOp): string {
  return op.history ?? MAIN_HISTORY;
}
