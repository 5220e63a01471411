// Measures over histories (pure: no simulator, usable on imported histories): op counts,
// latency and availability (op-stats.ts), and the consistency of kv histories: staleness,
// visibility, lost writes, inversions, siblings (kv-*.ts).
export { pairOps, opBreakdown, percentiles, percentile, availability } from './op-stats.js';
export type { PairedOp, OpBreakdown, LatencyPercentiles, OpCountsAndLatency, Availability } from './op-stats.js';
export { kvOps } from './kv-ops.js';
export type { KvKeyOps, KvRead, KvWrite } from './kv-ops.js';
export { keyStaleness, lostWritesOfKey, readInversionsOfKey } from './kv-staleness.js';
export type { KeyStaleness, ReadStaleness } from './kv-staleness.js';
export { kvMeasures, kvMeasuresOfOps, visibilityCurve, visibleAfter, VISIBILITY_EDGES_US } from './kv-measures.js';
export type { KvMeasures, VisibilityBucket } from './kv-measures.js';
