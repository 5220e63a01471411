// A small partition is first searched plainly: one search of its ops as they are, with no
// register rewrites, no quiescent segments and no second candidate order. Most small
// histories (Knossos's cas-register tests: tens of ops) are decided that way in a few
// hundred steps, and the check then runs much less distinct code; in a fresh process that
// is what a first check costs, since the JIT compiles whatever code gets hot (measured in
// docs/checkers.md, "Set (3)"). A plain search that has not answered within its step
// allowance is abandoned (its memory goes back to the budget) and the partition gets the
// full treatment (partition-job.ts), so a small history that is hard only without the
// rewrites costs at most the allowance more. Both are complete searches of the same
// history: the verdict is the same either way, only the steps and, for a violation, which
// longest prefix the counterexample shows can differ. The plain search of at most
// WALK_OPS_MAX ops is plain-search.ts's compact walk, larger ones search.ts's.

import type { Model } from '../models/model.js';
import { createPartitionJob } from './partition-job.js';
import type { JobOutcome, PartitionJob } from './partition-job.js';
import type { PreparedOp } from './prepare.js';
import { createPlainSearch } from './plain-search.js';
import { createSearch } from './search.js';
import type { Search, SearchBudget } from './search.js';

/** Partitions of at most this many ops are searched plainly first (CheckOptions). */
export const PLAIN_OPS_MAX = 256;

/** Partitions of at most this many ops are searched plainly by plain-search.ts's walk
 *  (candidates in call order, as Porcupine tries them), larger ones by search.ts (the op
 *  that must return first, first). On 120 small cas-register histories (10 to 60 ops) the
 *  walk takes 15,076 steps where search.ts takes 19,651, and its loop is a fraction of the
 *  size to compile; on kv partitions of about 200 ops from 50 clients it takes 2 to 11
 *  times more steps (docs/checkers.md, "Set (3)"). */
export const WALK_OPS_MAX = 64;

/** Steps the plain search may walk before the full check takes over. */
export function plainStepsMax(opCount: number): number {
  return 10_000 + 100 * opCount;
}

/** The full check of a partition: the model's rewrites, then segments and both orders. */
function fullJob(model: Model<unknown>, init: unknown, ops: readonly PreparedOp[], budget: SearchBudget): PartitionJob {
  return createPartitionJob(model, init, model.optimize ? model.optimize(ops, init) : ops, budget);
}

/** A partition's check: plain first when it has at most `plainOpsMax` ops (and the model no witness), else full. */
export function createPartitionCheck(
  model: Model<unknown>,
  init: unknown,
  ops: readonly PreparedOp[],
  budget: SearchBudget,
  plainOpsMax = PLAIN_OPS_MAX,
): PartitionJob {
  // A model with a witness has its own cheap first pass (check.ts tries it first); a
  // history its witness could not prove is the kind its rewrite exists for (a lock
  // model's crashed acquires): the full check at once.
  if (ops.length > plainOpsMax || model.witness !== undefined) return fullJob(model, init, ops, budget);
  const stats = { steps: 0, cacheEntries: 0, segments: 1 };
  let plain: Search | null = ops.length <= WALK_OPS_MAX ? createPlainSearch(model, init, ops, budget) : createSearch(model, init, ops, budget);
  const plainMax = plainStepsMax(ops.length);
  let full: PartitionJob | null = null;
  let plainSteps = 0;
  let plainEntries = 0;

  /** The plain search's turn: an outcome, or null (not done, or handed over). */
  const advancePlain = (search: Search, quota: number): JobOutcome | null => {
    const before = budget.stepsLeft;
    const r = search.advance(Math.min(quota, plainMax - plainSteps));
    plainSteps += before - budget.stepsLeft; // the budget is finite (check.ts)
    stats.steps = plainSteps;
    if (r === null) {
      if (plainSteps < plainMax) return null;
      search.abandon(); // past its allowance: the full check from the start
    } else {
      plainEntries = r.cacheEntries;
      stats.cacheEntries = plainEntries;
      if (r.verdict === 'linearizable') return { verdict: 'linearizable' };
      if (r.verdict === 'not-linearizable') return { verdict: 'not-linearizable', failure: { ops, start: init, result: r } };
      if (r.unknownReason !== 'memory') return { verdict: 'unknown', unknownReason: r.unknownReason ?? 'steps' };
    }
    plain = null;
    full = fullJob(model, init, ops, budget);
    return null;
  };

  const advance = (quota: number): JobOutcome | null => {
    if (plain !== null) {
      const before = budget.stepsLeft;
      const out = advancePlain(plain, quota);
      if (out !== null || full === null) return out;
      quota -= before - budget.stepsLeft;
      if (quota <= 0) return null;
    }
    const job = full as PartitionJob | null; // set whenever plain is null (advancePlain hands over)
    if (job === null) throw new Error('plain-first: no full check after the plain search ended');
    const out = job.advance(quota);
    stats.steps = plainSteps + job.stats.steps;
    stats.cacheEntries = plainEntries + job.stats.cacheEntries;
    stats.segments = job.stats.segments;
    return out;
  };
  return { advance, stats };
}
