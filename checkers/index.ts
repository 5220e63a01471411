// The public API of checkers/: histories, models, the linearizability checker, invariants.

export type { HistoryOp, OpType } from './history.js';
export { isClientOp } from './history.js';
export { HistoryFormatError } from './errors.js';
export type { Invariant, InvariantCheck, InvariantViolation, ObservedEvent, ViewOf } from './invariants.js';
export { InvariantRunner, runInvariants } from './invariant-runner.js';

export {
  parseHistory,
  detectFormat,
  parseJsonHistory,
  parseEdnHistory,
  parseJepsenLog,
  historyToJson,
  historyToJsonLines,
  historyToEdn,
  normalizeKeys,
  isMultiKey,
  looksLikeIndependentTuples,
  splitIndependentTuples,
} from './formats/history-io.js';
export type { HistoryFormat, ParsedHistory, ParseOptions, EdnWriteOptions } from './formats/history-io.js';
export { parseEdn, readEdnForms, toEdn } from './formats/edn.js';

export type { Model, ModelOp, ModelKind, Outcome, Inconsistent } from './models/model.js';
export { INCONSISTENT } from './models/model.js';
export { getModel, modelNames, MODEL_NAMES } from './models/registry.js';

export { checkHistory, defaultModelName, resolveModel } from './linearizability/check.js';
export type {
  CheckOptions,
  Counterexample,
  LinearizabilityResult,
  OpSummary,
  Verdict,
  UnknownReason,
  FailedCasSemantics,
  OpCounts,
} from './linearizability/check.js';
export type { ViolationKind, Explanation } from './linearizability/explain.js';
export { findViolationPattern } from './linearizability/explain.js';
export { prepareHistory } from './linearizability/prepare.js';
export type { PreparedOp, PreparedHistory, Partition } from './linearizability/prepare.js';
export { renderResult, renderCounterexample, renderOp } from './linearizability/render.js';
export type { RenderOptions } from './linearizability/render.js';
export { valueEqual, valueHash, canonicalKey, formatValue } from './values.js';

export {
  pairOps,
  opBreakdown,
  kvMeasures,
  kvMeasuresOfOps,
  VISIBILITY_EDGES_US,
} from './measures/index.js';
export type { PairedOp, OpBreakdown, KvMeasures, VisibilityBucket } from './measures/index.js';
