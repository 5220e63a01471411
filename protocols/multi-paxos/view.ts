// What a Multi-Paxos server reports through inspect(): its role (fault targets such as
// `leader` resolve from it; when two servers claim to lead, the kernel takes the higher
// `ballot`), the roles it plays at once, its promise and chosen prefix.
import type { NodeView } from '../../sim/types.js';
import { describeBallot } from '../paxos/ballot.js';
import type { MultiPaxosState } from './state.js';

export interface MultiPaxosView extends NodeView {
  readonly role: string;
  /** Every server is an acceptor and a learner; the leader also proposes. */
  readonly roles: readonly string[];
  readonly ballot: number;
  readonly ballotName: string;
  readonly promised: number;
  readonly leader: string | null;
  readonly chosenUpTo: number;
  readonly openSlots: number;
}

const FOLLOWER_ROLES = ['acceptor', 'learner'] as const;
const LEADER_ROLES = ['leader', 'proposer', 'acceptor', 'learner'] as const;
const CANDIDATE_ROLES = ['candidate', 'proposer', 'acceptor', 'learner'] as const;

export function multiPaxosView(s: MultiPaxosState): MultiPaxosView {
  const ballot = s.role === 'follower' ? s.promised : s.ballot;
  return {
    role: s.role,
    roles: s.role === 'leader' ? LEADER_ROLES : s.role === 'candidate' ? CANDIDATE_ROLES : FOLLOWER_ROLES,
    ballot,
    ballotName: describeBallot(ballot, s.servers),
    promised: s.promised,
    leader: s.leaderId,
    chosenUpTo: s.chosenUpTo,
    openSlots: s.open.size,
  };
}

/** `leader b3.n2 chosen=12`, for reports. Tolerates views of down nodes. */
export function describeMultiPaxosView(view: NodeView): string {
  const role = view.role ?? '?';
  if (typeof view['ballot'] !== 'number') return role;
  return `${role} b${String(view['ballotName'])} chosen=${String(view['chosenUpTo'])}`;
}
