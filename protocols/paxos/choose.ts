// Phase 1's rule for a proposer: of the accepted values the promises report, propose the
// one accepted in the highest ballot; if none was reported, the proposer is free to choose.
// Shared by single-decree Paxos (one instance) and Multi-Paxos (one call per slot).

/** What one acceptor reported for an instance: the ballot it accepted in, and the value. */
export interface Reported<V> {
  readonly ballot: number;
  readonly value: V;
}

/** The switches of the two classic phase-1 bugs (protocols/paxos/variants.ts). */
export interface ChooseFlags {
  /** The proposer ignores reported values and proposes its own. */
  readonly ignorePromisedValues: boolean;
  /** The proposer takes the lowest-ballot reported value instead of the highest. */
  readonly pickLowestBallot: boolean;
}

/** The reported value with the highest ballot, or null when nothing was reported. */
export function highestReported<V>(reports: readonly Reported<V>[], lowest = false): Reported<V> | null {
  let best: Reported<V> | null = null;
  for (const report of reports) {
    if (best === null || (lowest ? report.ballot < best.ballot : report.ballot > best.ballot)) best = report;
  }
  return best;
}

/** The value phase 2 must propose: the highest-ballot reported value, else `own`. */
export function chooseValue<V>(reports: readonly Reported<V>[], own: V, flags: ChooseFlags): V {
  if (flags.ignorePromisedValues) return own;
  const best = highestReported(reports, flags.pickLowestBallot);
  return best === null ? own : best.value;
}
