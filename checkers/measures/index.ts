// Consistency measures over any kv history (staleness, visibility, lost writes, siblings,
// latency percentiles). Pure: no simulator, usable on imported histories.
export { kvOps } from './kv-ops.js';
export type { KvOps, KvKeyOps, KvRead, KvWrite, OpLatency } from './kv-ops.js';
export { keyStaleness, lostWritesOfKey, readInversionsOfKey } from './kv-staleness.js';
export type { KeyStaleness, ReadStaleness } from './kv-staleness.js';
export { kvMeasures, visibilityCurve, visibleAfter, latencyByOp, percentileOf, VISIBILITY_EDGES_US } from './kv-measures.js';
export type { KvMeasures, LatencyPercentiles, VisibilityBucket } from './kv-measures.js';
