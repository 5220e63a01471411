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

/** What an entry needs besides its time: everything varies per op. */
export interface HistoryEntry {
  readonly process: number;
  readonly type: HistoryOp['type'];
  readonly f: string;
  readonly key: string | null;
  readonly value: unknown;
  readonly error: string | undefined;
  readonly client: string;
  readonly server: string | undefined;
  readonly history: string | undefined;
}

export class HistoryRecorder {
  readonly ops: HistoryOp[] = [];
  readonly stats: OpStats = { invoked: 0, ok: 0, fail: 0, info: 0, skipped: 0 };
  readonly okLatenciesUs: number[] = [];

  append(nowUs: Micros, e: HistoryEntry): void {
    if (e.type === 'invoke') this.stats.invoked++;
    else this.stats[e.type]++;
    // Optional fields only when present (the writers put every field in a fixed order).
    const op: { -readonly [K in keyof HistoryOp]: HistoryOp[K] } = {
      index: this.ops.length,
      process: e.process,
      type: e.type,
      f: e.f,
      value: e.value === undefined ? null : e.value,
      time: nowUs * 1000,
      client: e.client,
    };
    if (e.key !== null) op.key = e.key;
    if (e.error !== undefined) op.error = e.error;
    if (e.server !== undefined) op.server = e.server;
    if (e.history !== undefined) op.history = e.history;
    this.ops.push(op);
  }
}
