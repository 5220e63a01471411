// A kv history as operations with intervals, for the consistency measures. Works on any
// kv history (ours, Raft's, primary-backup's, a Jepsen one): invocations and completions
// are paired by process, times are the history's `time` (nanoseconds) converted to
// microseconds. Only the shapes the measures need: who wrote which value, when, and what
// each read returned.
import type { HistoryOp } from '../history.js';
import { isClientOp } from '../history.js';
import { canonicalKey } from '../values.js';

/** One write that may have taken effect: a put, a delete (value null) or a cas's new value. */
export interface KvWrite {
  readonly value: unknown;
  readonly invokeUs: number;
  /** Completion time when acknowledged (ok); Infinity when it ended info or never ended. */
  readonly completeUs: number;
  readonly acknowledged: boolean;
}

/** One ok read: what it returned (an array when the store returned siblings). */
export interface KvRead {
  readonly values: readonly unknown[];
  readonly siblings: boolean;
  readonly invokeUs: number;
  readonly completeUs: number;
}

export interface KvKeyOps {
  readonly key: string;
  readonly writes: KvWrite[];
  readonly reads: KvRead[];
}

/** An ok operation's latency, by function name as written (get, put, ...). */
export interface OpLatency {
  readonly f: string;
  readonly latencyUs: number;
}

export interface KvOps {
  readonly keys: readonly KvKeyOps[];
  readonly latencies: readonly OpLatency[];
}

const READS = new Set(['get', 'read']);
const WRITES = new Set(['put', 'write']);

function timeUs(op: HistoryOp): number {
  return op.time === undefined ? op.index : op.time / 1000;
}

/** Pair a history into per-key reads and writes (insertion-ordered by first appearance). */
export function kvOps(history: readonly HistoryOp[]): KvOps {
  const pending = new Map<unknown, HistoryOp>();
  const byKey = new Map<string, KvKeyOps>();
  const latencies: OpLatency[] = [];
  const keyOps = (key: unknown): KvKeyOps => {
    const name = canonicalKey(key);
    let entry = byKey.get(name);
    if (entry === undefined) {
      entry = { key: name, writes: [], reads: [] };
      byKey.set(name, entry);
    }
    return entry;
  };
  for (const op of history) {
    if (!isClientOp(op)) continue;
    if (op.type === 'invoke') {
      pending.set(op.process, op);
      continue;
    }
    const call = pending.get(op.process);
    if (call === undefined) continue;
    pending.delete(op.process);
    if (op.type === 'fail') continue;
    const acknowledged = op.type === 'ok';
    const invokeUs = timeUs(call);
    const completeUs = acknowledged ? timeUs(op) : Infinity;
    if (acknowledged) latencies.push({ f: call.f, latencyUs: completeUs - invokeUs });
    addOp(keyOps(call.key), call, op, invokeUs, completeUs, acknowledged);
  }
  for (const call of pending.values()) addOp(keyOps(call.key), call, null, timeUs(call), Infinity, false);
  return { keys: [...byKey.values()], latencies };
}

function addOp(
  entry: KvKeyOps,
  call: HistoryOp,
  done: HistoryOp | null,
  invokeUs: number,
  completeUs: number,
  acknowledged: boolean,
): void {
  if (READS.has(call.f)) {
    if (!acknowledged || done === null) return;
    const siblings = Array.isArray(done.value);
    const values = siblings ? (done.value as unknown[]) : [done.value];
    entry.reads.push({ values, siblings, invokeUs, completeUs });
  } else if (WRITES.has(call.f)) {
    entry.writes.push({ value: call.value, invokeUs, completeUs, acknowledged });
  } else if (call.f === 'delete') {
    entry.writes.push({ value: null, invokeUs, completeUs, acknowledged });
  } else if (call.f === 'cas' && Array.isArray(call.value) && call.value.length === 2) {
    entry.writes.push({ value: call.value[1], invokeUs, completeUs, acknowledged });
  }
  // append and anything else: not classified (a read of an appended string names no single write).
}
