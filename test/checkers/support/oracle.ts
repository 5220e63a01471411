// The brute-force oracle: try every order of the operations that respects real time,
// with info (crashed / never completed) operations optional, stepping the model and
// pruning a prefix as soon as it is illegal. No memoization, no partitioning, its own
// pairing of invocations and completions: an implementation independent of the checker.

import type { HistoryOp } from '../../../checkers/history.js';
import { INCONSISTENT } from '../../../checkers/models/model.js';
import type { Model, ModelOp, Outcome } from '../../../checkers/models/model.js';
import { canonicalKey } from '../../../checkers/values.js';

interface OracleOp extends ModelOp {
  call: number;
  ret: number;
  required: boolean;
}

export interface OracleOptions {
  readonly initial?: unknown;
  readonly failedCas?: 'did-not-happen' | 'compare-mismatch';
}

export function bruteForceLinearizable(history: readonly HistoryOp[], model: Model<unknown>, opts: OracleOptions = {}): boolean {
  const raw: { inv: HistoryOp; call: number; comp: HistoryOp | null; ret: number }[] = [];
  const open = new Map<number, number>();
  history.forEach((h, pos) => {
    if (typeof h.process !== 'number') return;
    if (h.type === 'invoke') {
      open.set(h.process, raw.length);
      raw.push({ inv: h, call: pos, comp: null, ret: Infinity });
    } else {
      const i = open.get(h.process);
      if (i === undefined) throw new Error('oracle: completion without invocation');
      open.delete(h.process);
      const r = raw[i]!;
      r.comp = h;
      r.ret = h.type === 'info' ? Infinity : pos;
    }
  });
  const ops: OracleOp[] = [];
  for (const r of raw) {
    const f = model.canonicalF(r.inv.f);
    if (f === null) throw new Error(`oracle: unknown f ${r.inv.f}`);
    const type = r.comp?.type ?? 'info';
    let outcome: Outcome;
    if (type === 'ok') outcome = 'ok';
    else if (type === 'fail') {
      if (opts.failedCas === 'compare-mismatch' && f === 'cas') outcome = 'fail';
      else continue; // did not happen
    } else outcome = 'unknown';
    ops.push({
      f,
      input: r.inv.value ?? null,
      output: outcome === 'ok' ? (r.comp!.value ?? null) : undefined,
      outcome,
      process: r.inv.process,
      key: r.inv.key ?? r.comp?.key ?? null,
      call: r.call,
      ret: r.ret,
      required: outcome !== 'unknown',
    });
  }

  // The state: one model state, or one per key for partitioned models.
  const init = model.init(opts.initial);
  type State = unknown;
  const step = (state: State, op: OracleOp): State | typeof INCONSISTENT => {
    if (!model.partitioned) return model.step(state, op);
    const m = state as Record<string, unknown>;
    const k = canonicalKey(op.key);
    const cur = Object.prototype.hasOwnProperty.call(m, k) ? m[k] : init;
    const next = model.step(cur, op);
    if (next === INCONSISTENT) return INCONSISTENT;
    return { ...m, [k]: next };
  };
  const n = ops.length;
  const placed = new Array<boolean>(n).fill(false);
  let requiredLeft = ops.filter((o) => o.required).length;

  const dfs = (state: State): boolean => {
    if (requiredLeft === 0) return true;
    for (let i = 0; i < n; i++) {
      if (placed[i]) continue;
      const op = ops[i]!;
      let ready = true;
      for (let j = 0; j < n; j++) {
        if (!placed[j] && j !== i && ops[j]!.ret < op.call) {
          ready = false;
          break;
        }
      }
      if (!ready) continue;
      const next = step(state, op);
      if (next === INCONSISTENT) continue;
      placed[i] = true;
      if (op.required) requiredLeft--;
      const found = dfs(next);
      placed[i] = false;
      if (op.required) requiredLeft++;
      if (found) return true;
    }
    return false;
  };
  return dfs(model.partitioned ? {} : init);
}
