// A kv history's paired ops (op-stats.ts `pairOps`) grouped by key into what the
// consistency measures need: who wrote which value and when, and what each ok read
// returned. Works on any kv history (ours, Raft's, primary-backup's, a Jepsen one).
import { ValueMap, canonicalKey } from '../values.js';
import type { PairedOp } from './op-stats.js';

/** One write that may have taken effect: a put, a delete (value null) or a cas's new value. */
export interface KvWrite {
  readonly value: unknown;
  readonly invokeUs: number;
  /** Completion time when acknowledged (ok); Infinity when it ended info or never ended. */
  readonly completeUs: number;
  readonly acknowledged: boolean;
}

/** One ok read: what it returned (several values when the store returned siblings). */
export interface KvRead {
  readonly values: readonly unknown[];
  readonly invokeUs: number;
  readonly completeUs: number;
}

export interface KvKeyOps {
  readonly key: string;
  readonly writes: KvWrite[];
  readonly reads: KvRead[];
}

function isRead(f: string): boolean {
  return f === 'get' || f === 'read';
}

/** The value an op writes, or undefined when it is no plain write (append, ...). */
function writtenValue(op: PairedOp): unknown {
  const f = op.f;
  if (f === 'put' || f === 'write') return op.argument;
  if (f === 'delete') return null;
  if (f === 'cas' && Array.isArray(op.argument) && op.argument.length === 2) return op.argument[1];
  return undefined;
}

/** Reads and writes per key, keys in order of first appearance. Failed ops took no effect and are left out. */
export function kvOps(ops: readonly PairedOp[]): KvKeyOps[] {
  const keys: KvKeyOps[] = [];
  const byKey = new ValueMap<KvKeyOps>();
  for (const op of ops) {
    if (op.type === 'fail') continue;
    let entry = byKey.get(op.key);
    if (entry === undefined) {
      entry = { key: canonicalKey(op.key ?? null), writes: [], reads: [] };
      byKey.set(op.key, entry);
      keys.push(entry);
    }
    const invokeUs = op.invokedNs / 1000;
    const completeUs = op.latencyUs === null ? Infinity : invokeUs + op.latencyUs;
    if (isRead(op.f)) {
      if (op.type !== 'ok') continue;
      const value = op.okValue;
      entry.reads.push({ values: Array.isArray(value) ? value : [value], invokeUs, completeUs });
      continue;
    }
    const value = writtenValue(op);
    if (value !== undefined) entry.writes.push({ value, invokeUs, completeUs, acknowledged: op.type === 'ok' });
  }
  return keys;
}
