// Ballots (the paper's proposal numbers), shared by single-decree Paxos and Multi-Paxos.
// A ballot is the pair (round, proposer) packed into one number, round * BALLOT_PROPOSERS_MAX
// + proposer index + 1, so ballots order first by round and then by proposer, two proposers
// never share one, and fault targets, views and the trace can compare them as numbers.
// Ballot 0 means "none" (nothing promised or accepted yet).

/** The most servers a cluster may have: a proposer's index must fit below it. */
export const BALLOT_PROPOSERS_MAX = 1000;

export const NO_BALLOT = 0;

/**
 * The ballot of `round` for the proposer at `proposerIndex` in the server list. With
 * `collide` (the ballot-collision bug) the proposer is left out: every proposer of a round
 * uses the same number.
 */
export function makeBallot(round: number, proposerIndex: number, collide: boolean): number {
  if (!Number.isInteger(round) || round < 1) throw new Error(`ballot: round must be a positive integer, got ${round}`);
  if (!Number.isInteger(proposerIndex) || proposerIndex < 0 || proposerIndex >= BALLOT_PROPOSERS_MAX) {
    throw new Error(`ballot: proposer index ${proposerIndex} outside 0..${BALLOT_PROPOSERS_MAX - 1}`);
  }
  return round * BALLOT_PROPOSERS_MAX + (collide ? 0 : proposerIndex + 1);
}

export function ballotRound(ballot: number): number {
  return Math.floor(ballot / BALLOT_PROPOSERS_MAX);
}

/** The first ballot of this proposer above `seen` (the highest ballot it has heard of). */
export function nextBallot(seen: number, proposerIndex: number, collide: boolean): number {
  return makeBallot(ballotRound(seen) + 1, proposerIndex, collide);
}

/** `3.n2` for ballot (3, n2); `0` for none. For logs and reports. */
export function describeBallot(ballot: number, servers: readonly string[]): string {
  if (ballot === NO_BALLOT) return '0';
  const index = (ballot % BALLOT_PROPOSERS_MAX) - 1;
  return `${ballotRound(ballot)}.${index < 0 ? '?' : (servers[index] ?? '?')}`;
}
