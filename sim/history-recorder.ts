// The history of a run as Jepsen records it: one entry per invocation and one per
// completion, in real-time order, with the client and (when known) the answering server.
import type { HistoryOp } from '../checkers/history.js';
import type { Micros } from './types.js';

export interface OpStats {
  invoked: number;
  ok: number;
  fail: number;
  info: number;
  /** Open-loop arrivals that found every client busy (or with nothing to do). */
  skipped: number;
}

/** What an entry takes from the op it records (the kernel's op in progress is one). */
export interface RecordedOp {
  readonly process: number;
  readonly f: string;
  readonly key: string | null;
  readonly generated: { readonly history?: string | undefined };
}

export class HistoryRecorder {
  readonly ops: HistoryOp[] = [];
  readonly stats: OpStats = { invoked: 0, ok: 0, fail: 0, info: 0, skipped: 0 };
  readonly okLatenciesUs: number[] = [];

  /**
   * One entry: the op's own fields, and what varies per entry. Positional, so that a
   * recorded op costs the history its entry object and nothing else.
   */
  append(
    nowUs: Micros, op: RecordedOp, type: HistoryOp['type'], value: unknown,
    error: string | undefined, client: string, server: string | undefined,
  ): void {
    if (type === 'invoke') this.stats.invoked++;
    else this.stats[type]++;
    // One shape for every entry (absent fields undefined; the writers skip them), so that
    // the checker's reads of these objects stay monomorphic.
    const entry: HistoryOp = {
      index: this.ops.length,
      process: op.process,
      type,
      f: op.f,
      key: op.key === null ? undefined : op.key,
      value: value === undefined ? null : value,
      time: nowUs * 1000,
      error,
      client,
      server,
      history: op.generated.history,
    };
    this.ops.push(entry);
  }
}
