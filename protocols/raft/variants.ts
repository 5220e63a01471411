// The bug switches. Each is one flag read at one place in the code, never a copy.
export const RAFT_VARIANTS = {
  'figure8-commit':
    'a leader commits an entry of an earlier term by counting replicas, and appends no no-op (paper Figure 8): a committed entry can be overwritten',
  'vote-not-persisted': 'the vote is kept only in memory: a restarted node votes twice in one term, two leaders in one term',
  'no-up-to-date-check': 'RequestVote skips the log up-to-date check: a stale candidate wins and committed entries vanish',
  'truncate-on-stale-append':
    'a follower truncates its log after a stale or duplicated AppendEntries even when the entries match: acknowledged entries vanish',
  'stale-leader-read': 'a leader answers reads at once without confirming it still leads: a deposed leader serves stale data',
  'lease-without-drift-bound':
    'lease reads use a lease of one minimum election timeout, ignoring clock drift: fast follower clocks elect a new leader while the old lease holds',
  'no-sessions': 'no client sessions: a retried command is applied again (an append lands twice)',
  'fixed-election-timeout':
    'every election timeout is the minimum, with no randomization: candidates split the vote forever (no leader)',
  'stale-round-ack':
    'a leader takes a reply to a request of an earlier term (its own, from before a restart) as an acknowledgement of its latest heartbeat round: a re-elected leader cut off from the majority still confirms reads and serves stale data',
  'timer-reset-on-refused-vote':
    'a server restarts its election timer whenever a vote request moves it to a newer term, even when it refuses the vote: without pre-vote, a stale candidate with a fast clock keeps the cluster leaderless',
} as const;

export type RaftVariant = keyof typeof RAFT_VARIANTS;

/** The variant as flags, checked once at node creation. */
export interface RaftFlags {
  readonly figure8Commit: boolean;
  readonly voteNotPersisted: boolean;
  readonly noUpToDateCheck: boolean;
  readonly truncateOnStaleAppend: boolean;
  readonly staleLeaderRead: boolean;
  readonly leaseWithoutDriftBound: boolean;
  readonly noSessions: boolean;
  readonly fixedElectionTimeout: boolean;
  readonly staleRoundAck: boolean;
  readonly timerResetOnRefusedVote: boolean;
}

export function raftFlags(variant: string | null): RaftFlags {
  if (variant !== null && !Object.hasOwn(RAFT_VARIANTS, variant)) {
    throw new Error(`raft: unknown variant "${variant}" (known: ${Object.keys(RAFT_VARIANTS).join(', ')})`);
  }
  return {
    figure8Commit: variant === 'figure8-commit',
    voteNotPersisted: variant === 'vote-not-persisted',
    noUpToDateCheck: variant === 'no-up-to-date-check',
    truncateOnStaleAppend: variant === 'truncate-on-stale-append',
    staleLeaderRead: variant === 'stale-leader-read',
    leaseWithoutDriftBound: variant === 'lease-without-drift-bound',
    noSessions: variant === 'no-sessions',
    fixedElectionTimeout: variant === 'fixed-election-timeout',
    staleRoundAck: variant === 'stale-round-ack',
    timerResetOnRefusedVote: variant === 'timer-reset-on-refused-vote',
  };
}
