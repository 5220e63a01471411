// The entry point: check a history against a model.
//
//   checkHistory(ops, { model: 'cas-register', clock: myMillisecondClock, timeoutMs: 10_000 })
//
// checkers/ reads no clock of its own: the caller injects one (or a deadline callback),
// so the search stays deterministic when only the step budget is used.

import { HistoryFormatError } from '../errors.js';
import type { HistoryOp } from '../history.js';
import { INCONSISTENT } from '../models/model.js';
import type { Model } from '../models/model.js';
import { getModel, MODEL_NAMES } from '../models/registry.js';
import { isMultiKey, normalizeKeys } from '../formats/history-io.js';
import { explainViolation, findViolationPattern } from './explain.js';
import type { ViolationKind } from './explain.js';
import { prepareHistory } from './prepare.js';
import type { FailedCasSemantics, OpCounts, Partition, PreparedOp } from './prepare.js';
import { MEMORY_BYTES_DEFAULT } from './memory.js';
import { createPartitionCheck } from './plain-first.js';
import { tryWitness } from './witness.js';
import type { PartitionJob, SegmentFailure } from './partition-job.js';
import type { SearchBudget, UnknownReason, Verdict } from './search.js';

/** Steps (list entries visited) in one turn of a partition in the round-robin. */
const SLICE_STEPS = 1 << 14;
/** Partitions of at most this many ops get the violation-pattern pre-pass (its cost grows
 *  with the square of a partition's size). */
const PATTERN_PASS_OPS_MAX = 2_000;
/** The step budget when there is no time budget either. */
export const MAX_STEPS_DEFAULT = 100_000_000;

export type { Verdict, UnknownReason } from './search.js';
export type { FailedCasSemantics, OpCounts } from './prepare.js';

export interface CheckOptions {
  /** A model name (see MODEL_NAMES) or a model object. */
  readonly model: string | Model<unknown>;
  /** The initial value (default nil: absent). */
  readonly initial?: unknown;
  /** How a failed cas counts (default 'did-not-happen'). */
  readonly failedCas?: FailedCasSemantics;
  /** A clock in milliseconds; with timeoutMs, bounds the search. */
  readonly clock?: () => number;
  readonly timeoutMs?: number;
  /** Alternatively: returns true once the time is up (polled every 1024 steps). */
  readonly deadline?: () => boolean;
  /** Step budget (list entries visited over all partitions). Default: 100M without a
   *  time budget, unlimited with one. */
  readonly maxSteps?: number;
  /** The memory budget in bytes, counted from entries (memo entries, model states, cached
   *  transitions at fixed sizes: memory.ts), shared by every partition. Default 2 GiB. */
  readonly maxMemoryBytes?: number;
  /** Memo entries allowed per search (default: only the memory budget). */
  readonly maxCacheEntries?: number;
  /** Distinct model states allowed per search (default: only the memory budget). */
  readonly maxStates?: number;
  /** Partitions of at most this many ops are first searched plainly, without the
   *  model's rewrites (plain-first.ts; default 256; 0: never). */
  readonly plainOpsMax?: number;
  /** Named in input errors. */
  readonly file?: string;
}

/** One operation as reports show it. */
export interface OpSummary {
  /** Position of the operation among the client operations (invocation order). */
  readonly id: number;
  readonly process: number | string;
  readonly f: string;
  readonly key?: unknown;
  /** The invocation's value. */
  readonly value: unknown;
  /** What the completion returned (ok ops); null otherwise. */
  readonly output: unknown;
  readonly status: 'ok' | 'fail' | 'info';
  /** History indices of the invocation and completion (null when never completed). */
  readonly invokeIndex: number;
  readonly completeIndex: number | null;
  /** Source lines, when the history was read from text. */
  readonly line?: number;
  readonly completeLine?: number;
  /** The model's description: "write 3", "read -> 3". */
  readonly text: string;
}

export interface Counterexample {
  /** The key whose sub-history is not linearizable (multi-key models), else null. */
  readonly key: unknown;
  readonly kind: ViolationKind;
  /** One sentence on why no order works. */
  readonly explanation: string;
  /** The longest partial linearization found, in order. */
  readonly linearized: readonly OpSummary[];
  /** The model state after it. */
  readonly stateAfter: string;
  /** The op that could not be placed after it. */
  readonly failedOp: OpSummary | null;
  /** The ops concurrent (overlapping in real time) with failedOp. */
  readonly concurrent: readonly OpSummary[];
  /** The ops the explanation is about (reports highlight these), in the sentence's order. */
  readonly involved: readonly OpSummary[];
}

export interface LinearizabilityResult {
  readonly verdict: Verdict;
  readonly model: string;
  readonly counts: OpCounts;
  /** Sub-histories checked separately (keys for kv). */
  readonly partitions: number;
  /** Search steps (list entries visited) and memo entries, summed over partitions. */
  readonly steps: number;
  readonly cacheEntries: number;
  /** Why the verdict is unknown. */
  readonly unknownReason?: UnknownReason;
  /** Measured with the injected clock, when there is one. */
  readonly elapsedMs?: number;
  readonly counterexample: Counterexample | null;
}

/** The clock of a check without a time budget: one function for every check, so that the
 *  optimized search loops that call it never meet a second one (and are not thrown away). */
const neverOutOfTime = (): boolean => false;

/** Resolve a model by name, or throw an Error listing the names. */
export function resolveModel(model: string | Model<unknown>): Model<unknown> {
  if (typeof model !== 'string') return model;
  const m = getModel(model);
  if (m === undefined) throw new Error(`unknown model '${model}' (expected one of: ${MODEL_NAMES.join(', ')})`);
  return m;
}

/** The model to use when none is named: kv when ops carry keys, else cas-register. */
export function defaultModelName(ops: readonly HistoryOp[]): string {
  return isMultiKey(ops) ? 'kv' : 'cas-register';
}

export function summarizeOp(model: Model<unknown>, op: PreparedOp): OpSummary {
  const s: { -readonly [K in keyof OpSummary]: OpSummary[K] } = {
    id: op.id,
    process: op.process,
    f: op.rawF,
    value: op.input,
    output: op.status === 'ok' ? op.output : null,
    status: op.status,
    invokeIndex: op.invocation.index,
    completeIndex: op.completion === null ? null : op.completion.index,
    text: model.describeOp(op),
  };
  if (op.key !== null && op.key !== undefined) s.key = op.key;
  if (op.invocation.line !== undefined) s.line = op.invocation.line;
  if (op.completion?.line !== undefined) s.completeLine = op.completion.line;
  return s;
}

/** The counterexample of a partition's failed segment, in the original ops' terms. */
function describeFailure(model: Model<unknown>, initial: unknown, part: Partition, failure: SegmentFailure): Counterexample {
  const r = failure.result;
  const pops = part.ops;
  // positions in the segment -> the original ops (optimize may rewrite or drop some)
  const byId = new Map<number, PreparedOp>();
  for (const o of pops) byId.set(o.id, o);
  const original = (i: number): PreparedOp => byId.get((failure.ops[i] as PreparedOp).id) as PreparedOp;
  const blocked = r.blocked !== undefined && r.blocked >= 0 ? original(r.blocked) : null;
  const prefix = (r.bestPrefix ?? []).map(original);
  const concurrent = blocked === null ? [] : pops.filter((o) => o !== blocked && o.call < blocked.ret && blocked.call < o.ret);
  // the state after the prefix, in the original ops' terms (the search's state may hold
  // values an optimize hook renamed; the rewrites keep every step's outcome, so the
  // original prefix is legal too)
  let after: unknown = failure.start;
  for (const o of prefix) {
    const s = model.step(after, o);
    if (s === INCONSISTENT) {
      after = r.bestState;
      break;
    }
    after = s;
  }
  const why = explainViolation(model, pops, initial, blocked, after, prefix.length, concurrent.length);
  return {
    key: model.partitioned ? part.key : null,
    kind: why.kind,
    explanation: why.sentence,
    linearized: prefix.map((o) => summarizeOp(model, o)),
    stateAfter: model.describeState(after),
    failedOp: blocked === null ? null : summarizeOp(model, blocked),
    concurrent: concurrent.map((o) => summarizeOp(model, o)),
    involved: why.ops.map((id) => summarizeOp(model, byId.get(id) as PreparedOp)),
  };
}

/** The unfinished partitions, those a violation pattern condemns first (each to be searched
 *  alone to its end: the search, not the pattern, gives the verdict and the counterexample). */
function condemnedFirst<J extends { part: Partition; alone: boolean }>(model: Model<unknown>, initial: unknown, jobs: J[]): J[] {
  for (const j of jobs) j.alone = j.part.ops.length <= PATTERN_PASS_OPS_MAX && findViolationPattern(model, j.part.ops, initial) !== null;
  return jobs.filter((j) => j.alone).concat(jobs.filter((j) => !j.alone));
}

/** Check a history (invocations and completions in real-time order) for linearizability. */
export function checkHistory(history: readonly HistoryOp[], opts: CheckOptions): LinearizabilityResult {
  const model = resolveModel(opts.model);
  const start = opts.clock ? opts.clock() : 0;
  const ops = model.partitioned && !history.some((o) => o.key !== undefined && o.key !== null) ? normalizeKeys(history) : history;
  const prepared = prepareHistory(ops, model, opts.failedCas ?? 'did-not-happen', opts.file);
  if (prepared.counts.ops === 0) {
    // nothing to check is not evidence of correctness: never a silent pass
    const last = history[history.length - 1];
    throw new HistoryFormatError('expected at least one client operation (every process but the nemesis is a client), found none', last?.line ?? 1, opts.file);
  }
  let outOfTime = neverOutOfTime;
  const timed = opts.deadline !== undefined || (opts.clock !== undefined && opts.timeoutMs !== undefined);
  if (opts.deadline !== undefined) outOfTime = opts.deadline;
  else if (opts.clock !== undefined && opts.timeoutMs !== undefined) {
    const clock = opts.clock;
    const limit = start + opts.timeoutMs;
    outOfTime = () => clock() > limit;
  }
  const maxMemoryBytes = opts.maxMemoryBytes ?? MEMORY_BYTES_DEFAULT;
  const budget: SearchBudget = {
    outOfTime,
    // finite, so that steps can be counted as the budget's difference
    stepsLeft: opts.maxSteps ?? (timed ? Number.MAX_SAFE_INTEGER : MAX_STEPS_DEFAULT),
    memoryBytesLeft: maxMemoryBytes,
    cacheEntriesMax: opts.maxCacheEntries ?? Number.MAX_SAFE_INTEGER,
    cacheWordsMax: Number.MAX_SAFE_INTEGER,
    statesMax: opts.maxStates ?? Number.MAX_SAFE_INTEGER,
  };
  const init = model.init(opts.initial);
  // Round-robin over the partitions, SLICE_STEPS each, under the one step budget: a key
  // that is clearly not linearizable is found even when an earlier key is hard. After the
  // first round, a key that a known violation pattern condemns (explain.ts: sound, cheap)
  // is searched to its end before the others take another turn.
  const jobs = prepared.partitions.map((part) => ({ part, job: null as PartitionJob | null, alone: false, witnessSteps: 0 }));
  let active = jobs;
  let round = 0;
  let unknownReason: UnknownReason | undefined;
  let counterexample: Counterexample | null = null;
  schedule: while (active.length > 0) {
    const still: typeof jobs = [];
    for (const j of active) {
      if (outOfTime()) {
        unknownReason = 'timeout';
        break schedule;
      }
      if (j.job === null) {
        const witness = tryWitness(model, init, j.part.ops, budget.stepsLeft);
        budget.stepsLeft -= witness.steps;
        j.witnessSteps = witness.steps;
        if (witness.proved) continue; // a verified linearization: nothing left to search
        j.job = createPartitionCheck(model, init, j.part.ops, budget, opts.plainOpsMax);
      }
      const out = j.job.advance(j.alone ? Number.POSITIVE_INFINITY : SLICE_STEPS);
      if (out === null) still.push(j);
      else if (out.verdict === 'not-linearizable') {
        counterexample = describeFailure(model, opts.initial, j.part, out.failure as SegmentFailure);
        break schedule;
      } else if (out.verdict === 'unknown') {
        unknownReason ??= out.unknownReason;
        if (out.unknownReason !== 'memory') break schedule; // out of steps or time: for every key
      }
    }
    active = round++ === 0 && still.length > 1 ? condemnedFirst(model, opts.initial, still) : still;
  }
  let steps = 0;
  let cacheEntries = 0;
  for (const j of jobs) {
    steps += (j.job?.stats.steps ?? 0) + j.witnessSteps;
    cacheEntries += j.job?.stats.cacheEntries ?? 0;
  }
  const verdict: Verdict = counterexample !== null ? 'not-linearizable' : unknownReason !== undefined ? 'unknown' : 'linearizable';
  const result: { -readonly [K in keyof LinearizabilityResult]: LinearizabilityResult[K] } = {
    verdict,
    model: model.name,
    counts: prepared.counts,
    partitions: prepared.partitions.length,
    steps,
    cacheEntries,
    counterexample,
  };
  if (verdict === 'unknown' && unknownReason !== undefined) result.unknownReason = unknownReason;
  if (opts.clock) result.elapsedMs = opts.clock() - start;
  return result;
}
