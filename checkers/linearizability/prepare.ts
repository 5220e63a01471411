// From a raw history (invocations and completions in real-time order) to operations with
// intervals, under Jepsen's semantics:
// - ok: took effect once, between invocation and completion;
// - fail: did not take effect (dropped), except a failed cas under failedCas =
//   'compare-mismatch', which is an observation that the compare did not match;
// - info, or never completed: may or may not have taken effect, at any point after the
//   invocation; it stays open to the end of the history. A crashed read-only op
//   constrains nothing and is dropped.
// A process whose op ended info never issues another op: a later invocation with the
// same process number starts a new process.

import { HistoryFormatError } from '../errors.js';
import type { HistoryOp } from '../history.js';
import { NEMESIS_PROCESS } from '../history.js';
import { OpenOps } from '../open-ops.js';
import type { Model, ModelOp, Outcome } from '../models/model.js';
import { canonicalKey } from '../values.js';

export type FailedCasSemantics = 'did-not-happen' | 'compare-mismatch';

/** One operation: an invocation and its completion (if any). */
export interface PreparedOp extends ModelOp {
  /** Position among the operations of the whole history (invocation order). */
  readonly id: number;
  /** History index of the invocation. */
  readonly call: number;
  /** History index of the completion; Infinity when info or never completed. */
  readonly ret: number;
  readonly status: 'ok' | 'fail' | 'info';
  /** False for info ops: they may be left out of a linearization. */
  readonly required: boolean;
  /** The f as written in the history. */
  readonly rawF: string;
  readonly invocation: HistoryOp;
  readonly completion: HistoryOp | null;
}

export interface OpCounts {
  /** Entries in the history (invocations + completions + nemesis entries). */
  readonly events: number;
  /** Client operations (invocations). */
  readonly ops: number;
  readonly ok: number;
  readonly fail: number;
  /** Ended info, or never completed. */
  readonly info: number;
  /** Entries of non-client processes (nemesis), kept for reports, not checked. */
  readonly nonClient: number;
  /** Operations the search considers (fails and crashed reads are dropped). */
  readonly checked: number;
}

export interface Partition {
  /** The key (as in the history), or null for single-object models. */
  readonly key: unknown;
  readonly ops: readonly PreparedOp[];
}

export interface PreparedHistory {
  /** Every client operation, including dropped ones. */
  readonly all: readonly PreparedOp[];
  readonly partitions: readonly Partition[];
  readonly counts: OpCounts;
}

function where(op: HistoryOp, file?: string): [number, string | undefined] {
  return [op.line ?? op.index + 1, file];
}

function fail(expected: string, op: HistoryOp, file?: string): never {
  const [line, f] = where(op, file);
  throw new HistoryFormatError(expected, line, f);
}

/** Invocations and, at the same position, their completions (null: info or never
 *  completed) and completion positions; filled in one pass, in invocation order. */
interface Pairing {
  readonly invs: HistoryOp[];
  readonly comps: (HistoryOp | null)[];
  readonly invPos: number[];
  readonly compPos: number[];
  readonly nonClient: number;
}

/**
 * Pair each invocation with its process's next completion. Each entry's fields are read
 * once: histories come from many readers, so their objects differ in shape and every
 * property load here is a slow (megamorphic) one.
 */
function pairOps(history: readonly HistoryOp[], file: string | undefined): Pairing {
  const open = new OpenOps();
  const pairing: Pairing = { invs: [], comps: [], invPos: [], compPos: [], nonClient: 0 };
  let nonClient = 0;
  for (let pos = 0; pos < history.length; pos++) {
    const op = history[pos] as HistoryOp;
    const p = op.process;
    if (p === NEMESIS_PROCESS) {
      nonClient++;
      continue;
    }
    const type = op.type;
    const pending = open.get(p);
    if (type === 'invoke') {
      if (pending !== undefined) {
        const inv = pairing.invs[pending] as HistoryOp;
        fail(`expected process ${p} to complete its :${inv.f} (invoked on line ${where(inv)[0]}) before it invokes again`, op, file);
      }
      open.set(p, pairing.invs.length);
      pairing.invs.push(op);
      pairing.comps.push(null);
      pairing.invPos.push(pos);
      pairing.compPos.push(Infinity);
      continue;
    }
    if (pending === undefined) fail(`expected an :invoke by process ${p} before this :${type}`, op, file);
    const inv = pairing.invs[pending] as HistoryOp;
    if (inv.f !== op.f) fail(`expected the completion of process ${p}'s :${inv.f} (invoked on line ${where(inv)[0]}), found :${op.f}`, op, file);
    pairing.comps[pending] = op;
    if (type !== 'info') pairing.compPos[pending] = pos;
    open.delete(p);
  }
  return { invs: pairing.invs, comps: pairing.comps, invPos: pairing.invPos, compPos: pairing.compPos, nonClient };
}

/** One operation from its invocation and completion (null: info or never completed). Its
 *  own function, out of prepareHistory's loop: a short loop stays in V8's baseline tiers
 *  longer, and this small function is cheap to compile when it gets hot. */
function prepareOp(f: string, rawF: string, inv: HistoryOp, comp: HistoryOp | null, id: number, call: number, ret: number): PreparedOp {
  const type = comp === null ? 'info' : comp.type;
  const status: 'ok' | 'fail' | 'info' = type === 'ok' ? 'ok' : type === 'fail' ? 'fail' : 'info';
  const outcome: Outcome = status === 'ok' ? 'ok' : status === 'fail' ? 'fail' : 'unknown';
  const invKey = inv.key;
  const key = invKey !== undefined && invKey !== null ? invKey : comp === null ? null : (comp.key ?? null);
  const input = inv.value;
  return {
    id,
    f,
    rawF,
    input: input === undefined ? null : input,
    output: status === 'ok' ? ((comp as HistoryOp).value ?? null) : undefined,
    outcome,
    process: inv.process,
    key,
    call,
    ret,
    status,
    required: status !== 'info',
    invocation: inv,
    completion: comp,
  };
}

/** Every client op (`all`), and those the search considers (`checked`), with the counts. */
interface PreparedOps {
  readonly all: PreparedOp[];
  readonly checked: PreparedOp[];
  readonly ok: number;
  readonly fail: number;
  readonly info: number;
}

/** The ops of a pairing, validated by the model; one loop, its own function (prepareHistory,
 *  which runs once per history, then stays out of the optimizing compiler's way). */
function prepareOps(pairing: Pairing, model: Model<unknown>, failedCas: FailedCasSemantics, file: string | undefined): PreparedOps {
  const { invs, comps, invPos, compPos } = pairing;
  const canonical = new Map<string, string | null>();
  const out = { all: [] as PreparedOp[], checked: [] as PreparedOp[], ok: 0, fail: 0, info: 0 };
  for (let i = 0; i < invs.length; i++) {
    const inv = invs[i] as HistoryOp;
    const rawF = inv.f;
    let f = canonical.get(rawF);
    if (f === undefined) canonical.set(rawF, (f = model.canonicalF(rawF)));
    if (f === null) {
      fail(`expected an operation of model ${model.name} (${model.functions.join(', ')}), found :${rawF}`, inv, file);
    }
    const op = prepareOp(f, rawF, inv, comps[i] as HistoryOp | null, i, invPos[i] as number, compPos[i] as number);
    const problem = model.validate(op);
    if (problem !== null) fail(problem, inv, file);
    out.all.push(op);
    // fails are dropped (but a failed cas observation), and crashed ops that change nothing
    let keep = true;
    if (op.status === 'ok') out.ok++;
    else if (op.status === 'fail') {
      out.fail++;
      keep = failedCas === 'compare-mismatch' && f === 'cas';
    } else {
      out.info++;
      keep = !model.readOnly(f);
    }
    if (keep) out.checked.push(op);
  }
  return out;
}

/** Pair invocations with completions and apply the semantics above. */
export function prepareHistory(
  history: readonly HistoryOp[],
  model: Model<unknown>,
  failedCas: FailedCasSemantics = 'did-not-happen',
  file?: string,
): PreparedHistory {
  const pairing = pairOps(history, file);
  const { all, checked, ok, fail: failed, info } = prepareOps(pairing, model, failedCas, file);
  let partitions: Partition[];
  if (model.partitioned) {
    const byKey = new Map<unknown, { key: unknown; ops: PreparedOp[] }>();
    for (const op of checked) {
      const k = model.partition(op) ?? canonicalKey(op.key);
      let part = byKey.get(k);
      if (part === undefined) {
        part = { key: op.key, ops: [] };
        byKey.set(k, part);
      }
      part.ops.push(op);
    }
    partitions = Array.from(byKey.values());
  } else {
    partitions = checked.length > 0 ? [{ key: null, ops: checked }] : [];
  }

  return {
    all,
    partitions,
    counts: { events: history.length, ops: all.length, ok, fail: failed, info, nonClient: pairing.nonClient, checked: checked.length },
  };
}
