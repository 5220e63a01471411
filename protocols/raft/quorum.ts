// Quorum arithmetic. Pure; table-tested.

/** Votes or acknowledgements needed out of `clusterSize` servers: a strict majority. */
export function quorumSize(clusterSize: number): number {
  if (!Number.isInteger(clusterSize) || clusterSize < 1) {
    throw new Error(`quorum: cluster size must be a positive integer, got ${clusterSize}`);
  }
  return Math.floor(clusterSize / 2) + 1;
}

export function hasQuorum(count: number, clusterSize: number): boolean {
  return count >= quorumSize(clusterSize);
}

/**
 * The largest value that at least a quorum of `values` (one per server, this one included)
 * has reached (the commit point of match indexes, or the heartbeat round a quorum acked)
 * when it is above `floor`; else `floor`. Callers act only when that value advances past
 * what they hold, and most calls (a follower acking what a quorum already holds) have no
 * quorum above it: one pass finds that.
 */
export function quorumValueAbove(values: readonly number[], floor: number): number {
  const quorum = quorumSize(values.length);
  let above = 0;
  for (const value of values) if (value > floor) above++;
  if (above < quorum) return floor;
  // Clusters are small: count instead of sorting, so this allocates nothing.
  let best = floor;
  for (const candidate of values) {
    if (candidate <= best) continue;
    let reached = 0;
    for (const value of values) if (value >= candidate) reached++;
    if (reached >= quorum) best = candidate;
  }
  return best;
}
