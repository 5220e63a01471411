// The model interface, after Porcupine: a sequential specification as a pure step
// function over immutable states, with equality and a hash for memoization, an optional
// partition (P-compositionality: independent keys are checked separately), and
// descriptions for explanations.

import { formatValue } from '../values.js';

/** Returned by step when the op cannot happen in that state. */
export const INCONSISTENT: unique symbol = Symbol('inconsistent');
export type Inconsistent = typeof INCONSISTENT;

/**
 * How the op ended, as the model sees it: 'ok' with its output, 'fail' (only a failed
 * cas under failedCas = 'compare-mismatch': the compare did not match), or 'unknown'
 * (an info/crashed op: it may have taken effect with any output).
 */
export type Outcome = 'ok' | 'fail' | 'unknown';

/** One operation as the model steps it. */
export interface ModelOp {
  /** The canonical function name (aliases resolved: get -> read, put -> write). */
  readonly f: string;
  /** The invocation's value (the argument; null for reads). */
  readonly input: unknown;
  /** The completion's value (what a read saw); undefined when the outcome is unknown. */
  readonly output: unknown;
  readonly outcome: Outcome;
  readonly process: number | string;
  /** The key for multi-key models; null for single-object models. */
  readonly key: unknown;
}

/** An op with its interval, as the search sees it (prepare.ts's PreparedOp is one). */
export interface TimedOp extends ModelOp {
  /** Position of the invocation in the history. */
  readonly call: number;
  /** Position of the completion; Infinity for an op that may take effect any time after
   *  its call (crashed), or never. */
  readonly ret: number;
  /** False for ops a linearization may leave out (crashed ones). */
  readonly required: boolean;
}

/** The family of a model, used to pick the explanation of a violation. */
export type ModelKind = 'register' | 'mutex' | 'lock' | 'bank' | 'counter' | 'set' | 'queue';

export interface Model<S = unknown> {
  readonly name: string;
  readonly description: string;
  readonly kind: ModelKind;
  /** Canonical function names this model steps. */
  readonly functions: readonly string[];
  /** True for multi-key models (kv): ops are split by key and checked separately. */
  readonly partitioned: boolean;
  /** The canonical name of f (resolving aliases), or null when the model has no such op. */
  canonicalF(f: string): string | null;
  /** The initial state. `initial` is the user's initial value (undefined = default). */
  init(initial: unknown): S;
  step(state: S, op: ModelOp): S | Inconsistent;
  equal(a: S, b: S): boolean;
  hash(s: S): number;
  /** Ops whose f never changes the state: a crashed one constrains nothing and is dropped. */
  readOnly(f: string): boolean;
  /** A shape error for the op (e.g. "cas value must be [expected new]"), or null. */
  validate(op: ModelOp): string | null;
  /** The partition key of an op (only used when partitioned). */
  partition(op: ModelOp): unknown;
  /** A short description: "write 3", "read -> 3", "cas 1 -> 2". */
  describeOp(op: ModelOp): string;
  describeState(s: S): string;
  /**
   * Optional: rewrite one partition's ops before the search without changing the verdict.
   * `init` is the initial state. Returns a subsequence (same order; dropped ops must be
   * optional ones, i.e. not `required`) whose ops may be rewritten as spread copies (so
   * other fields such as ids survive): inputs changed (e.g. merging values no op can tell
   * apart, so that the memo merges states), or an optional op made required with a finite
   * `ret` when every linearization contains it before that point. The model must accept
   * the original ops of any sequence of rewritten ops it accepts (check.ts replays the
   * longest prefix with them to name the state after it). Explanations always use the
   * original ops.
   */
  optimize?<O extends TimedOp>(ops: readonly O[], init: S): readonly O[];
  /**
   * Optional: propose a linearization of one partition's ops, found by a cheap search of
   * the model's own bounded by `stepsMax`. The checker verifies it (witness.ts: every
   * required op once, real-time order kept, every step legal) and then needs no general
   * search; a proposal that does not hold, or none, costs only its steps: the general
   * search runs as before. So a witness can make a verdict faster, never different.
   */
  witness?<O extends TimedOp>(ops: readonly O[], init: S, stepsMax: number): WitnessResult<O>;
}

/** A proposed linearization (ops in order; null: none found) and the steps spent. */
export interface WitnessResult<O> {
  readonly order: readonly O[] | null;
  readonly steps: number;
}

/** The output of a completed op as a phrase: " -> 3", or "" when unknown/irrelevant. */
export function outputSuffix(op: ModelOp, showOutput: boolean): string {
  if (op.outcome === 'unknown') return ' (crashed)';
  if (op.outcome === 'fail') return ' (failed)';
  return showOutput ? ` -> ${formatShort(op.output)}` : '';
}

export function formatShort(v: unknown): string {
  return formatValue(v, 40);
}
