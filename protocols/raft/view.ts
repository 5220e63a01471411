// What a Raft server reports through inspect(): its role (fault targets such as `leader`
// resolve from it), term, vote, commit and apply points, and a summary of its log as runs
// of terms (the log-matching and leader-completeness invariants read it).
import type { NodeView } from '../../sim/types.js';
import type { RaftState } from './state.js';
import { uncommittedConfigs } from './membership.js';

export interface RaftView extends NodeView {
  readonly role: string;
  readonly term: number;
  readonly votedFor: string | null;
  readonly leader: string | null;
  readonly commitIndex: number;
  readonly lastApplied: number;
  readonly lastIndex: number;
  readonly lastTerm: number;
  readonly snapshotIndex: number;
  /** [start, term, start, term, ...]: the term of every index from the first run's start to lastIndex. */
  readonly logTerms: readonly number[];
  /** The configuration in force (voting members), and the entry that set it (0: the initial one). */
  readonly members: readonly string[];
  readonly configIndex: number;
  /** Configuration entries after the commit index. */
  readonly uncommittedConfigs: number;
  /** Votes (or pre-votes) granted in the current campaign, this server's own included. */
  readonly votes: readonly string[];
}

export function raftView(s: RaftState): RaftView {
  return {
    role: s.role,
    term: s.term,
    votedFor: s.votedFor,
    leader: s.leaderId,
    commitIndex: s.commitIndex,
    lastApplied: s.lastApplied,
    lastIndex: s.log.lastIndex,
    lastTerm: s.log.lastTerm,
    snapshotIndex: s.log.snapshotIndex,
    logTerms: s.log.termRuns(),
    members: s.members,
    configIndex: s.configIndex,
    uncommittedConfigs: uncommittedConfigs(s),
    votes: [...s.votes],
  };
}

/** `leader t3 log=12 commit=11`, for reports. Tolerates views of down nodes. */
export function describeRaftView(view: NodeView): string {
  const role = view.role ?? '?';
  if (typeof view['term'] !== 'number') return role;
  const parts = [`${role} t${view['term']}`, `log=${String(view['lastIndex'])}`, `commit=${String(view['commitIndex'])}`];
  const snapshotIndex = view['snapshotIndex'];
  if (typeof snapshotIndex === 'number' && snapshotIndex > 0) parts.push(`snap=${snapshotIndex}`);
  return parts.join(' ');
}
