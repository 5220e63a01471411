// One partition's check, resumable: its quiescent segments (cuts.ts) in order, each
// searched from every state the previous segments can end in, with the adaptive candidate
// order (order.ts). A segment of one op, the common case of a sequential history, is
// stepped directly from each state, with no search tables.

import { INCONSISTENT } from '../models/model.js';
import type { Model } from '../models/model.js';
import { quiescentSegments } from './cuts.js';
import { STATE_BYTES } from './memory.js';
import { createAdaptiveSearch } from './order.js';
import type { PreparedOp } from './prepare.js';
import { createSearch } from './search.js';
import type { PartitionSearchResult, Search, SearchBudget, UnknownReason, Verdict } from './search.js';

/** Why a partition is not linearizable: the segment that failed, searched from `start`. */
export interface SegmentFailure {
  readonly ops: readonly PreparedOp[];
  readonly start: unknown;
  readonly result: PartitionSearchResult;
}

export interface JobOutcome {
  readonly verdict: Verdict;
  readonly unknownReason?: UnknownReason;
  readonly failure?: SegmentFailure;
}

export interface PartitionJob {
  /** Walk at most `steps` steps; null: not done. */
  advance(steps: number): JobOutcome | null;
  /** Steps and memo entries so far, and the number of quiescent segments. */
  readonly stats: { steps: number; cacheEntries: number; segments: number };
}

/** Ops of the last segments searched again as one piece for a violation's report. */
const REPORT_WINDOW_OPS = 10_000;

interface Recent {
  readonly seg: number;
  readonly starts: unknown[];
}

/** A set of model states, by the model's hash and equality, in insertion order. */
class StateSet {
  readonly items: unknown[] = [];
  private readonly byHash = new Map<number, unknown[]>();
  constructor(private readonly model: Model<unknown>) {}
  add(s: unknown): void {
    const h = this.model.hash(s) | 0;
    const bucket = this.byHash.get(h);
    if (bucket === undefined) this.byHash.set(h, [s]);
    else if (bucket.some((x) => this.model.equal(x, s))) return;
    else bucket.push(s);
    this.items.push(s);
  }
}

export function createPartitionJob(model: Model<unknown>, init: unknown, ops: readonly PreparedOp[], budget: SearchBudget): PartitionJob {
  const segments = quiescentSegments(ops);
  const stats = { steps: 0, cacheEntries: 0, segments: segments.length };
  let seg = 0;
  let starts: unknown[] = [init];
  let startIdx = 0;
  let ends = new StateSet(model);
  let search: Search | null = null;
  let failure: SegmentFailure | undefined;
  let unknownReason: UnknownReason | undefined;
  let carriedBytes = STATE_BYTES;
  budget.memoryBytesLeft ??= Number.POSITIVE_INFINITY;
  // the last segments (up to REPORT_WINDOW_OPS ops) and the states they start from
  const recent: Recent[] = [{ seg: 0, starts }];
  let recentHead = 0;
  let windowOps = segments.length > 0 ? (segments[0] as PreparedOp[]).length : 0;

  /** The counterexample over the report window, searched as one piece, so that its longest
   *  prefix reaches back across the cuts inside it (to the history's start when short). */
  const report = (segmentFailure: SegmentFailure): SegmentFailure => {
    const from = recent[recentHead] as Recent;
    if (from.seg === seg) return segmentFailure;
    const ops = segments.slice(from.seg, seg + 1).flat();
    const start = from.starts[0];
    const r = createSearch(model, start, ops, budget).advance(Number.POSITIVE_INFINITY) as PartitionSearchResult;
    return r.verdict === 'not-linearizable' ? { ops, start, result: r } : segmentFailure;
  };

  /** The job is done: the carried states' memory goes back to the budget. */
  const release = (): void => {
    (budget.memoryBytesLeft as number) += carriedBytes;
    carriedBytes = 0;
  };

  /** Every start of the segment is done: carry its end states to the next one. */
  const nextSegment = (): JobOutcome | null => {
    const last = seg === segments.length - 1;
    if (ends.items.length === 0 || last) {
      release();
      if (ends.items.length > 0) return { verdict: 'linearizable' };
      if (unknownReason !== undefined) return { verdict: 'unknown', unknownReason };
      return { verdict: 'not-linearizable', failure: report(failure as SegmentFailure) };
    }
    (budget.memoryBytesLeft as number) += carriedBytes;
    carriedBytes = ends.items.length * STATE_BYTES;
    (budget.memoryBytesLeft as number) -= carriedBytes;
    if ((budget.memoryBytesLeft as number) < 0) return { verdict: 'unknown', unknownReason: 'memory' };
    starts = ends.items;
    ends = new StateSet(model);
    seg++;
    recent.push({ seg, starts });
    windowOps += (segments[seg] as PreparedOp[]).length;
    while (recent.length - recentHead > 1 && windowOps - (segments[(recent[recentHead] as Recent).seg] as PreparedOp[]).length >= REPORT_WINDOW_OPS) {
      windowOps -= (segments[(recent[recentHead] as Recent).seg] as PreparedOp[]).length;
      recentHead++;
    }
    if (recentHead > 1024 && recentHead * 2 > recent.length) recent.splice(0, recentHead), (recentHead = 0);
    startIdx = 0;
    failure = undefined;
    return null;
  };

  /** One op from every start state, without a search. */
  const stepSingle = (op: PreparedOp): void => {
    for (const s of starts) {
      const t = model.step(s, op);
      if (t !== INCONSISTENT) ends.add(t);
      if (!op.required) ends.add(s); // a crashed op may never have taken effect
    }
    const n = starts.length;
    stats.steps += n;
    budget.stepsLeft = Math.max(0, budget.stepsLeft - n);
    if (ends.items.length === 0) {
      const blocked: PartitionSearchResult = { verdict: 'not-linearizable', steps: 1, cacheEntries: 0, states: 1, bestPrefix: [], bestState: starts[0], blocked: 0 };
      failure = { ops: [op], start: starts[0], result: blocked };
    }
  };

  const advance = (quota: number): JobOutcome | null => {
    if (segments.length === 0) return { verdict: 'linearizable' }; // the rewrites dropped every op
    let left = quota;
    while (left > 0) {
      if (budget.stepsLeft <= 0) return { verdict: 'unknown', unknownReason: 'steps' };
      const ops = segments[seg] as PreparedOp[];
      const last = seg === segments.length - 1;
      if (ops.length === 1) {
        stepSingle(ops[0] as PreparedOp);
        left -= starts.length;
        const done = nextSegment();
        if (done !== null) return done;
        continue;
      }
      search ??= createAdaptiveSearch(model, starts[startIdx], ops, budget, !last);
      const before = budget.stepsLeft;
      const r = search.advance(left);
      stats.steps += before - budget.stepsLeft; // the budget is finite (check.ts)
      if (r === null) return null;
      left -= before - budget.stepsLeft;
      stats.cacheEntries += r.cacheEntries;
      search = null;
      if (r.verdict === 'linearizable') {
        if (last) {
          release();
          return { verdict: 'linearizable' };
        }
        for (const s of r.ends ?? []) ends.add(s);
      } else if (r.verdict === 'unknown') {
        if (r.unknownReason !== 'memory' || !last) return { verdict: 'unknown', unknownReason: r.unknownReason ?? 'steps' };
        unknownReason = 'memory'; // another start state may still succeed
      } else {
        failure ??= { ops, start: starts[startIdx], result: r };
      }
      startIdx++;
      if (startIdx === starts.length) {
        const done = nextSegment();
        if (done !== null) return done;
      }
    }
    return null;
  };
  return { advance, stats };
}
