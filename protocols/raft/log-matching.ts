// Pure parts of log replication and elections: the up-to-date check, the follower's fast
// backup hint, and where a leader resumes after a rejection. Table-tested.

/** What these functions need to know about a log. */
export interface TermLookup {
  readonly lastIndex: number;
  /** Term at `index`; undefined when the index is beyond the log or compacted away. */
  termAt(index: number): number | undefined;
  /** First index holding `term`, or 0 when none is held. */
  firstIndexOfTerm(term: number): number;
  /** Last index holding `term`, or 0 when none is held. */
  lastIndexOfTerm(term: number): number;
}

/**
 * Raft 5.4.1: a candidate's log is at least as up-to-date as ours when its last term is
 * higher, or the last terms are equal and its log is at least as long.
 */
export function isUpToDate(
  candidateLastTerm: number,
  candidateLastIndex: number,
  ownLastTerm: number,
  ownLastIndex: number,
): boolean {
  if (candidateLastTerm !== ownLastTerm) return candidateLastTerm > ownLastTerm;
  return candidateLastIndex >= ownLastIndex;
}

export interface ConflictHint {
  /** The follower's term at prevLogIndex, or 0 when its log is too short. */
  readonly conflictTerm: number;
  /** The first index with conflictTerm, or lastIndex + 1 when the log is too short. */
  readonly conflictIndex: number;
}

/**
 * The follower side of a rejected AppendEntries whose prevLogIndex/prevLogTerm do not match:
 * the hint that lets the leader skip a whole term per round trip.
 */
export function conflictHint(log: TermLookup, prevLogIndex: number): ConflictHint {
  const term = log.termAt(prevLogIndex);
  if (prevLogIndex > log.lastIndex || term === undefined) {
    return { conflictTerm: 0, conflictIndex: log.lastIndex + 1 };
  }
  const first = log.firstIndexOfTerm(term);
  return { conflictTerm: term, conflictIndex: first === 0 ? prevLogIndex : first };
}

/**
 * The leader side: the next index to try after a rejection of `rejectedIndex`. If the
 * leader holds conflictTerm, resume just after its last entry of that term; otherwise
 * resume at conflictIndex. Always strictly below the rejected prevLogIndex + 1 and above
 * what the follower is known to match.
 */
export function nextIndexAfterReject(
  leader: TermLookup,
  hint: ConflictHint & { readonly rejectedIndex: number },
  matchIndex: number,
): number {
  let next = hint.conflictIndex;
  if (hint.conflictTerm !== 0) {
    const last = leader.lastIndexOfTerm(hint.conflictTerm);
    if (last !== 0) next = last + 1;
  }
  next = Math.min(next, hint.rejectedIndex);
  return Math.max(next, matchIndex + 1);
}
