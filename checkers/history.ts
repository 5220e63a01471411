// The operation format, after Jepsen: one entry per invocation and one per completion.
// This file is the contract between whoever records a history (the simulator, a Jepsen
// run) and the checkers. It depends on nothing.

export type OpType = 'invoke' | 'ok' | 'fail' | 'info';

export interface HistoryOp {
  /** Position in the history (0-based). File order is real-time order. */
  readonly index: number;
  /** The process: a number, or a name (`:a`, `"client-1"`). Every process but the
   *  nemesis is a client. */
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
  /** 1-based line of the source text the op was read from (set by the readers). */
  readonly line?: number;
}

/** The process Jepsen's fault injector logs as: its entries are not client operations. */
export const NEMESIS_PROCESS = 'nemesis';

/** True for client operations: every process but the nemesis, whatever its type (Jepsen
 *  numbers its clients, other recorders name them: `:a`, `"client-1"`). */
export function isClientOp(op: HistoryOp): boolean {
  return op.process !== NEMESIS_PROCESS;
}
